/**
 * `SpillTables` in a SQLite file of its own (see `../spill.ts`): plain tables, no journal worth
 * keeping (the file is scratch), rows written in batches of one transaction each.
 */
import Database from "better-sqlite3";
import type { Argument, Diagnostic, Stance, UnitStance } from "../../model/index.js";
import type { MemberCounts, SpilledArgument, SpilledUnit, SpillTables } from "../spill.js";

const SCHEMA = `
CREATE TABLE arguments (engaged INTEGER, score REAL, source_index INTEGER, local_rank INTEGER, json TEXT);
CREATE TABLE units (seq INTEGER PRIMARY KEY, unit_id TEXT, who TEXT, post_id TEXT, source_id TEXT,
  thesis TEXT, key_point TEXT, kp_stance TEXT);
CREATE TABLE diagnostics (seq INTEGER PRIMARY KEY, json TEXT);
`;

/**
 * Open (create) scratch tables in `path`, a file in a temporary folder the caller removes.
 * @example const spill = openSpillTables(join(dir, "spill.sqlite"));
 */
export function openSpillTables(path: string): SpillTables {
  const db = new Database(path);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(SCHEMA);
  const putArgument = db.prepare("INSERT INTO arguments VALUES (?, ?, ?, ?, ?)");
  const putUnit = db.prepare(
    "INSERT INTO units (unit_id, who, post_id, source_id, thesis, key_point, kp_stance) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const putDiagnostic = db.prepare("INSERT INTO diagnostics (json) VALUES (?)");
  let indexed = false;
  const indexUnits = () => {
    if (indexed) return;
    db.exec("CREATE INDEX units_kp ON units (key_point, seq); CREATE INDEX units_id ON units (unit_id);");
    indexed = true;
  };
  /** Rows one at a time (better-sqlite3 steps the statement; the rest stay on disk). */
  function* pages<T>(sql: string, map: (row: never) => T): Generator<T> {
    for (const row of db.prepare(sql).iterate()) yield map(row as never);
  }
  return {
    addArguments: db.transaction((rows: readonly SpilledArgument[]) => {
      for (const r of rows)
        putArgument.run(r.engaged ? 1 : 0, r.score, r.sourceIndex, r.localRank, JSON.stringify(r.argument));
    }),
    *rankedArguments(limit = Number.MAX_SAFE_INTEGER) {
      let rank = 0;
      const sql = "SELECT json FROM arguments ORDER BY engaged DESC, score DESC, source_index, local_rank";
      for (const json of pages(sql, (r: { json: string }) => r.json)) {
        if (rank >= limit) return;
        yield { ...(JSON.parse(json) as Argument), rank: ++rank };
      }
    },
    addUnits: db.transaction((rows: readonly SpilledUnit[]) => {
      for (const r of rows)
        putUnit.run(r.unitId, r.who, r.postId, r.sourceId, r.thesis, r.keyPointId ?? null, r.keyPoint);
    }),
    memberCounts() {
      indexUnits();
      const out = new Map<string, MemberCounts>();
      const totals = db
        .prepare(
          `SELECT key_point AS kp, COUNT(*) AS units, COUNT(DISTINCT who) AS authors, COUNT(DISTINCT post_id) AS posts
           FROM units WHERE key_point IS NOT NULL GROUP BY key_point`,
        )
        .all() as { kp: string; units: number; authors: number; posts: number }[];
      const sources = db.prepare(
        "SELECT source_id AS id, MIN(seq) AS first FROM units WHERE key_point = ? GROUP BY source_id ORDER BY first",
      );
      const stances = db.prepare(
        "SELECT thesis, COUNT(DISTINCT who) AS n FROM units WHERE key_point = ? GROUP BY thesis",
      );
      for (const t of totals) {
        const stanceCounts = { pro: 0, con: 0, neutral: 0 };
        for (const s of stances.all(t.kp) as { thesis: Stance; n: number }[]) stanceCounts[s.thesis] = s.n;
        out.set(t.kp, {
          units: t.units,
          authors: t.authors,
          posts: t.posts,
          sourceIds: (sources.all(t.kp) as { id: string }[]).map((r) => r.id),
          stanceCounts,
        });
      }
      return out;
    },
    memberIds(keyPointId) {
      indexUnits();
      return (
        db.prepare("SELECT unit_id FROM units WHERE key_point = ? ORDER BY seq").all(keyPointId) as {
          unit_id: string;
        }[]
      ).map((r) => r.unit_id);
    },
    membershipOf(unitIds) {
      indexUnits();
      const out = new Map<string, string>();
      const one = db.prepare("SELECT key_point FROM units WHERE unit_id = ? AND key_point IS NOT NULL");
      for (const id of unitIds) {
        const row = one.get(id) as { key_point: string } | undefined;
        if (row) out.set(id, row.key_point);
      }
      return out;
    },
    stances() {
      return pages(
        "SELECT unit_id, thesis, key_point, kp_stance FROM units ORDER BY seq",
        (r: {
          unit_id: string;
          thesis: Stance;
          key_point: string | null;
          kp_stance: Stance;
        }): UnitStance => ({
          unitId: r.unit_id,
          thesis: r.thesis,
          ...(r.key_point !== null ? { keyPointId: r.key_point } : {}),
          keyPoint: r.kp_stance,
        }),
      );
    },
    addDiagnostics: db.transaction((rows: readonly Diagnostic[]) => {
      for (const d of rows) putDiagnostic.run(JSON.stringify(d));
    }),
    diagnostics() {
      return pages(
        "SELECT json FROM diagnostics ORDER BY seq",
        (r: { json: string }) => JSON.parse(r.json) as Diagnostic,
      );
    },
    close() {
      if (db.open) db.close();
    },
  };
}
