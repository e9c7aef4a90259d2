/**
 * Writing to a SQLite corpus: a source's analysis, a map, a removal. Each is one write
 * transaction (`writeTransaction`), so a killed process leaves it fully present or absent; the
 * FTS indexes follow the rows through the triggers of the schema.
 */
import type Database from "better-sqlite3";
import { ArgmapError } from "../../model/index.js";
import type { ArgumentMap, Span } from "../../model/index.js";
import type { SourceAnalysis } from "../../model/index.js";
import type { PutResult, RunInfo, PutMapOptions } from "../port.js";
import { engineKeyOf } from "../port.js";
import type { Connection } from "./connection.js";
import { writeTransaction } from "./connection.js";
import { resolveSources } from "./rows.js";

function postBody(text: string, bodySpans: readonly Span[]): string {
  return bodySpans.map(([a, b]) => text.slice(a, b)).join("\n");
}

function insertRun(conn: Connection, kind: "add" | "map", run: RunInfo): number {
  const info = conn.db
    .prepare(
      `INSERT INTO runs (kind, started_at, engine, engine_version, engine_key, models, options, timings, diagnostics)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      kind,
      conn.now().toISOString(),
      run.engine,
      run.engineVersion,
      engineKeyOf(run),
      JSON.stringify(run.models),
      JSON.stringify(run.options ?? {}),
      JSON.stringify(run.timings ?? {}),
      JSON.stringify(run.diagnostics ?? []),
    );
  return Number(info.lastInsertRowid);
}

function deleteSourceRows(db: Database.Database, rows: readonly number[]): void {
  // Children first and explicitly, so the FTS delete triggers run for every row.
  for (const table of ["relations", "units", "segments", "posts"]) {
    const stmt = db.prepare(`DELETE FROM ${table} WHERE source_row = ?`);
    for (const row of rows) stmt.run(row);
  }
  const stmt = db.prepare("DELETE FROM sources WHERE row = ?");
  for (const row of rows) stmt.run(row);
}

function insertSource(conn: Connection, analysis: SourceAnalysis, runRow: number, engineKey: string): number {
  const { source } = analysis;
  return Number(
    conn.db
      .prepare(
        `INSERT INTO sources (id, locator, name, uri, format, title, text, engine_key, run_row, added_at, diagnostics)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        source.id,
        source.uri ?? source.name,
        source.name,
        source.uri ?? null,
        source.format,
        source.title ?? null,
        source.text,
        engineKey,
        runRow,
        conn.now().toISOString(),
        JSON.stringify(analysis.diagnostics),
      ).lastInsertRowid,
  );
}

/** Posts, segments, units and relations of one source, in their order. */
function insertChildren(db: Database.Database, analysis: SourceAnalysis, sourceRow: number): void {
  const text = analysis.source.text;
  const insertPost = db.prepare(
    `INSERT INTO posts (id, source_row, idx, author, time, parent_id, span_start, span_end, body_spans, quotes, by, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of analysis.source.posts) {
    insertPost.run(
      p.id,
      sourceRow,
      p.index,
      p.author ?? null,
      p.time ?? null,
      p.parentId ?? null,
      p.span[0],
      p.span[1],
      JSON.stringify(p.bodySpans),
      JSON.stringify(p.quotes),
      JSON.stringify(p.by),
      postBody(text, p.bodySpans),
    );
  }
  const insertSegment = db.prepare(
    `INSERT INTO segments (id, source_row, ord, post_id, idx, kind, span_start, span_end, by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  analysis.segments.forEach((s, ord) => {
    if (s.text !== text.slice(s.span[0], s.span[1])) {
      throw new ArgmapError(
        "INTERNAL",
        `segment ${s.id} text does not match its span; refusing to store it.`,
      );
    }
    insertSegment.run(
      s.id,
      sourceRow,
      ord,
      s.postId,
      s.index,
      s.kind,
      s.span[0],
      s.span[1],
      JSON.stringify(s.by),
    );
  });
  const insertUnit = db.prepare(
    `INSERT INTO units (id, source_row, ord, segment_id, post_id, kind, confidence, span_start, span_end, text, signals, by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  analysis.units.forEach((u, ord) => {
    insertUnit.run(
      u.id,
      sourceRow,
      ord,
      u.segmentId,
      u.postId,
      u.kind,
      u.confidence,
      u.span[0],
      u.span[1],
      u.text,
      JSON.stringify(u.signals),
      JSON.stringify(u.by),
    );
  });
  const insertRelation = db.prepare(
    `INSERT INTO relations (id, source_row, ord, kind, level, from_id, to_id, confidence, source_id, span_start, span_end, signals, by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  analysis.relations.forEach((r, ord) => {
    insertRelation.run(
      r.id,
      sourceRow,
      ord,
      r.kind,
      r.level,
      r.from,
      r.to,
      r.confidence,
      r.sourceId,
      r.span[0],
      r.span[1],
      JSON.stringify(r.signals),
      JSON.stringify(r.by),
    );
  });
}

export function putAnalysis(conn: Connection, analysis: SourceAnalysis, run: RunInfo): Promise<PutResult> {
  const { source } = analysis;
  const locator = source.uri ?? source.name;
  return writeTransaction(conn, () => {
    const old = conn.db
      .prepare("SELECT row, id FROM sources WHERE id = ? OR locator = ?")
      .all(source.id, locator) as { row: number; id: string }[];
    deleteSourceRows(
      conn.db,
      old.map((o) => o.row),
    );
    const runRow = insertRun(conn, "add", run);
    const sourceRow = insertSource(conn, analysis, runRow, engineKeyOf(run));
    insertChildren(conn.db, analysis, sourceRow);
    return { sourceId: source.id, runId: runRow, replaced: old.map((o) => o.id) };
  });
}

export function removeSource(conn: Connection, idOrName: string): Promise<number> {
  return writeTransaction(conn, () => {
    const rows = resolveSources(conn.db, idOrName);
    if (rows.length > 1 && rows.every((r) => r.id !== idOrName && r.locator !== idOrName)) {
      throw new ArgmapError(
        "USAGE",
        `'${idOrName}' names ${rows.length} sources (${rows.map((r) => r.locator).join(", ")}); remove one by its id or uri.`,
      );
    }
    deleteSourceRows(
      conn.db,
      rows.map((r) => r.row),
    );
    return rows.length;
  });
}

export function putMap(
  conn: Connection,
  map: ArgumentMap,
  run: RunInfo,
  options: PutMapOptions = {},
): Promise<number> {
  const { db } = conn;
  return writeTransaction(conn, () => {
    if (options.name !== undefined) {
      const keep = options.keepHistory ?? 0;
      const old = db.prepare("SELECT row FROM maps WHERE name = ?").all(options.name) as { row: number }[];
      for (const o of old) {
        db.prepare("DELETE FROM key_points WHERE map_row = ?").run(o.row);
        if (keep > 0)
          db.prepare("UPDATE maps SET name = NULL, history_of = ? WHERE row = ?").run(options.name, o.row);
        else db.prepare("DELETE FROM maps WHERE row = ?").run(o.row);
      }
      db.prepare(
        "DELETE FROM maps WHERE history_of = ? AND row NOT IN (SELECT row FROM maps WHERE history_of = ? ORDER BY row DESC LIMIT ?)",
      ).run(options.name, options.name, keep);
    }
    const runRow = insertRun(conn, "map", run);
    const mapRow = Number(
      db
        .prepare("INSERT INTO maps (name, created_at, run_row, source_ids, map) VALUES (?, ?, ?, ?, ?)")
        .run(
          options.name ?? null,
          conn.now().toISOString(),
          runRow,
          JSON.stringify(map.sources.map((s) => s.id)),
          JSON.stringify(map),
        ).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO key_points (map_row, id, source_id, stance, span_start, span_end, text, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const k of map.keyPoints) {
      insert.run(mapRow, k.id, k.sourceId, k.stance, k.span[0], k.span[1], k.text, JSON.stringify(k));
    }
    return mapRow;
  });
}
