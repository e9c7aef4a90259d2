/** Reading a SQLite corpus back: analyses, sources, items by id, maps and runs. */
import type Database from "better-sqlite3";
import { ArgumentMap, KeyPoint, SourceDoc } from "../../model/index.js";
import type { SourceAnalysis } from "../../model/index.js";
import type { AnalysisFilter, StoredItem, StoredMapInfo, StoredSource } from "../port.js";
import type { Connection } from "./connection.js";
import { readTransaction } from "./connection.js";
import type { PostRow, RelationRow, SegmentRow, SourceRow, UnitRow } from "../rows.js";
import {
  DiagnosticList,
  parseJson,
  StringList,
  StringRecord,
  toPost,
  toRelation,
  toSegment,
  toUnit,
} from "../rows.js";
import { resolveSources, toStoredSource } from "./rows.js";
import { sourceRowsMatching } from "./search.js";

export function hasSource(db: Database.Database, contentHash: string, engineKey: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sources WHERE id = ? AND engine_key = ?").get(contentHash, engineKey) !==
    undefined
  );
}

function readAnalysis(db: Database.Database, s: SourceRow): SourceAnalysis {
  const posts = (
    db.prepare("SELECT * FROM posts WHERE source_row = ? ORDER BY idx, row").all(s.row) as PostRow[]
  ).map((p) => toPost(p, s.id));
  const source = SourceDoc.parse({
    id: s.id,
    name: s.name,
    ...(s.uri !== null ? { uri: s.uri } : {}),
    format: s.format,
    ...(s.title !== null ? { title: s.title } : {}),
    text: s.text,
    posts,
  });
  const segments = (
    db.prepare("SELECT * FROM segments WHERE source_row = ? ORDER BY ord").all(s.row) as SegmentRow[]
  ).map((r) => toSegment(r, s.id, s.text));
  const units = (
    db.prepare("SELECT * FROM units WHERE source_row = ? ORDER BY ord").all(s.row) as UnitRow[]
  ).map((r) => toUnit(r, s.id));
  const relations = (
    db.prepare("SELECT * FROM relations WHERE source_row = ? ORDER BY ord").all(s.row) as RelationRow[]
  ).map((r) => toRelation(r));
  return {
    source,
    segments,
    units,
    relations,
    diagnostics: parseJson(DiagnosticList, s.diagnostics, "source diagnostics"),
  };
}

export function loadAnalyses(conn: Connection, filter: AnalysisFilter = {}): SourceAnalysis[] {
  const { db } = conn;
  // One read transaction: a consistent snapshot even while another process writes.
  return readTransaction(conn, () => {
    let rows = db.prepare("SELECT * FROM sources ORDER BY row").all() as SourceRow[];
    if (filter.sourceIds) {
      const wanted = new Set(filter.sourceIds);
      rows = rows.filter((r) => wanted.has(r.id) || wanted.has(r.name) || wanted.has(r.locator));
    }
    if (filter.query !== undefined) {
      const matching = sourceRowsMatching(db, filter.query);
      rows = rows.filter((r) => matching.has(r.row));
    }
    return rows.map((r) => readAnalysis(db, r));
  });
}

export function listSources(conn: Connection): StoredSource[] {
  return readTransaction(conn, () =>
    (conn.db.prepare("SELECT * FROM sources ORDER BY row").all() as SourceRow[]).map((s) =>
      toStoredSource(conn.db, s),
    ),
  );
}

export function getItem(conn: Connection, id: string): StoredItem | undefined {
  const { db } = conn;
  return readTransaction(conn, (): StoredItem | undefined => {
    const sources = resolveSources(db, id);
    if (sources.length === 1) return { type: "source", source: toStoredSource(db, sources[0]!) };
    const sourceOf = (row: number) =>
      db.prepare("SELECT id, text FROM sources WHERE row = ?").get(row) as { id: string; text: string };
    const post = db.prepare("SELECT * FROM posts WHERE id = ?").get(id) as PostRow | undefined;
    if (post) {
      const s = sourceOf(post.source_row);
      return {
        type: "post",
        sourceId: s.id,
        item: toPost(post, s.id),
        text: s.text.slice(post.span_start, post.span_end),
      };
    }
    const seg = db.prepare("SELECT * FROM segments WHERE id = ?").get(id) as
      (SegmentRow & { source_row: number }) | undefined;
    if (seg) {
      const s = sourceOf(seg.source_row);
      return { type: "segment", sourceId: s.id, item: toSegment(seg, s.id, s.text) };
    }
    const unit = db.prepare("SELECT * FROM units WHERE id = ?").get(id) as
      (UnitRow & { source_row: number }) | undefined;
    if (unit) {
      const s = sourceOf(unit.source_row);
      return { type: "unit", sourceId: s.id, item: toUnit(unit, s.id) };
    }
    const rel = db.prepare("SELECT * FROM relations WHERE id = ?").get(id) as
      (RelationRow & { source_row: number }) | undefined;
    if (rel) return { type: "relation", sourceId: sourceOf(rel.source_row).id, item: toRelation(rel) };
    const kp = db
      .prepare("SELECT map_row, data FROM key_points WHERE id = ? ORDER BY map_row DESC LIMIT 1")
      .get(id) as { map_row: number; data: string } | undefined;
    if (kp) return { type: "key-point", mapId: kp.map_row, item: parseJson(KeyPoint, kp.data, "key point") };
    return undefined;
  });
}

export function getMap(db: Database.Database, key?: number | string): ArgumentMap | undefined {
  const row = (
    key === undefined
      ? db.prepare("SELECT map FROM maps ORDER BY row DESC LIMIT 1").get()
      : typeof key === "number"
        ? db.prepare("SELECT map FROM maps WHERE row = ?").get(key)
        : db.prepare("SELECT map FROM maps WHERE name = ?").get(key)
  ) as { map: string } | undefined;
  return row ? parseJson(ArgumentMap, row.map, "map") : undefined;
}

/**
 * The stored maps' summaries. The argument count is read from the stored map JSON once per map
 * (a stored map is never changed, only replaced by a new row) and kept in `argumentCounts`, so a
 * listing does not parse every map (20 MB for a 2,000-source corpus) on every call.
 */
export function listMaps(db: Database.Database, argumentCounts: Map<string, number>): StoredMapInfo[] {
  const rows = db
    .prepare(
      `SELECT m.row, m.name, m.history_of, m.created_at, m.source_ids, (SELECT count(*) FROM key_points k WHERE k.map_row = m.row) AS kps
       FROM maps m ORDER BY m.row`,
    )
    .all() as {
    row: number;
    name: string | null;
    history_of: string | null;
    created_at: string;
    source_ids: string;
    kps: number;
  }[];
  const countArguments = db.prepare(
    `SELECT json_array_length(map, '$.arguments') AS n FROM maps WHERE row = ?`,
  );
  return rows.map((r) => {
    const key = `${r.row}@${r.created_at}`;
    let args = argumentCounts.get(key);
    if (args === undefined) {
      args = ((countArguments.get(r.row) as { n: number | null } | undefined)?.n ?? 0) as number;
      argumentCounts.set(key, args);
    }
    return {
      id: r.row,
      ...(r.name !== null ? { name: r.name } : {}),
      ...(r.history_of !== null ? { historyOf: r.history_of } : {}),
      createdAt: r.created_at,
      sourceIds: parseJson(StringList, r.source_ids, "map source ids"),
      keyPoints: r.kps,
      arguments: args,
    };
  });
}

/** One engine run recorded in the corpus. */
export interface StoredRun {
  id: number;
  kind: string;
  startedAt: string;
  engineKey: string;
  models: Record<string, string>;
}

/** Engine runs recorded in the corpus, newest first. */
export function listRuns(db: Database.Database, limit = 20): StoredRun[] {
  const rows = db
    .prepare("SELECT row, kind, started_at, engine_key, models FROM runs ORDER BY row DESC LIMIT ?")
    .all(limit) as { row: number; kind: string; started_at: string; engine_key: string; models: string }[];
  return rows.map((r) => ({
    id: r.row,
    kind: r.kind,
    startedAt: r.started_at,
    engineKey: r.engine_key,
    models: parseJson(StringRecord, r.models, "run models"),
  }));
}
