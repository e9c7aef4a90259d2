/** SQLite-only reads of source rows (the row shapes are shared: `../rows.ts`). */
import type Database from "better-sqlite3";
import type { StoredSource } from "../port.js";
import type { SourceRow } from "../rows.js";

export function toStoredSource(db: Database.Database, s: SourceRow): StoredSource {
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE source_row = ?`).get(s.row) as { n: number }).n;
  return {
    id: s.id,
    name: s.name,
    ...(s.uri !== null ? { uri: s.uri } : {}),
    format: s.format,
    ...(s.title !== null ? { title: s.title } : {}),
    engineKey: s.engine_key,
    addedAt: s.added_at,
    posts: count("posts"),
    segments: count("segments"),
    units: count("units"),
    relations: count("relations"),
    chars: s.text.length,
  };
}

/** Sources a key names: by id or locator (uri, or name without one), else by name (maybe several). */
export function resolveSources(db: Database.Database, key: string): SourceRow[] {
  const exact = db.prepare("SELECT * FROM sources WHERE id = ? OR locator = ?").all(key, key) as SourceRow[];
  if (exact.length > 0) return exact;
  return db.prepare("SELECT * FROM sources WHERE name = ?").all(key) as SourceRow[];
}
