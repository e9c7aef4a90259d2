/**
 * Reading a PostgreSQL corpus back: analyses, sources, items by id, maps. Row shapes and their
 * zod-checked conversion to model objects are shared with the SQLite store (`../rows.ts`): both
 * schemas have the same columns. Analyses are read in batches of sources, one query per table
 * per batch, so loading a large corpus takes few round trips.
 */
import { ArgumentMap, KeyPoint, SourceDoc } from "../../model/index.js";
import type { SourceAnalysis } from "../../model/index.js";
import type { AnalysisFilter, StoredItem, StoredMapInfo, StoredSource } from "../port.js";
import type { PostRow, RelationRow, SegmentRow, SourceRow, UnitRow } from "../rows.js";
import { DiagnosticList, parseJson, StringList, toPost, toRelation, toSegment, toUnit } from "../rows.js";
import type { Client, PgConnection } from "./connection.js";
import { transaction } from "./connection.js";
import { sourceRowsMatching } from "./search.js";

/** Sources read per batch by `loadAnalyses`. */
const BATCH = 200;

export async function hasSource(
  conn: PgConnection,
  contentHash: string,
  engineKey: string,
): Promise<boolean> {
  return transaction(conn, false, async (client) => {
    const r = await client.query("SELECT 1 FROM sources WHERE id = $1 AND engine_key = $2", [
      contentHash,
      engineKey,
    ]);
    return r.rows.length > 0;
  });
}

/** Rows of `table` for these sources, grouped by source row, in `order`. */
async function childRows<T extends { source_row: number }>(
  client: Client,
  table: string,
  order: string,
  sourceRows: readonly number[],
): Promise<Map<number, T[]>> {
  const r = await client.query<T>(
    `SELECT * FROM ${table} WHERE source_row = ANY($1::bigint[]) ORDER BY source_row, ${order}`,
    [sourceRows],
  );
  const out = new Map<number, T[]>();
  for (const row of r.rows) {
    let list = out.get(row.source_row);
    if (!list) out.set(row.source_row, (list = []));
    list.push(row);
  }
  return out;
}

type WithSource<T> = T & { source_row: number };

async function readAnalyses(client: Client, sources: readonly SourceRow[]): Promise<SourceAnalysis[]> {
  const rows = sources.map((s) => s.row);
  const posts = await childRows<WithSource<PostRow>>(client, "posts", "idx, row", rows);
  const segments = await childRows<WithSource<SegmentRow>>(client, "segments", "ord", rows);
  const units = await childRows<WithSource<UnitRow>>(client, "units", "ord", rows);
  const relations = await childRows<WithSource<RelationRow>>(client, "relations", "ord", rows);
  return sources.map((s) => ({
    source: SourceDoc.parse({
      id: s.id,
      name: s.name,
      ...(s.uri !== null ? { uri: s.uri } : {}),
      format: s.format,
      ...(s.title !== null ? { title: s.title } : {}),
      text: s.text,
      posts: (posts.get(s.row) ?? []).map((p) => toPost(p, s.id)),
    }),
    segments: (segments.get(s.row) ?? []).map((r) => toSegment(r, s.id, s.text)),
    units: (units.get(s.row) ?? []).map((r) => toUnit(r, s.id)),
    relations: (relations.get(s.row) ?? []).map((r) => toRelation(r)),
    diagnostics: parseJson(DiagnosticList, s.diagnostics, "source diagnostics"),
  }));
}

export function loadAnalyses(conn: PgConnection, filter: AnalysisFilter = {}): Promise<SourceAnalysis[]> {
  // One read transaction (one snapshot) across the batches.
  return transaction(conn, false, async (client) => {
    let rows = (await client.query<SourceRow>("SELECT * FROM sources ORDER BY row")).rows;
    if (filter.sourceIds) {
      const wanted = new Set(filter.sourceIds);
      rows = rows.filter((r) => wanted.has(r.id) || wanted.has(r.name) || wanted.has(r.locator));
    }
    if (filter.query !== undefined) {
      const matching = await sourceRowsMatching(client, filter.query);
      rows = rows.filter((r) => matching.has(r.row));
    }
    const out: SourceAnalysis[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      for (const a of await readAnalyses(client, rows.slice(i, i + BATCH))) out.push(a);
    }
    return out;
  });
}

interface CountedSourceRow extends SourceRow {
  posts: number;
  segments: number;
  units: number;
  relations: number;
}

const COUNTED_SOURCES = `
  SELECT s.*,
    (SELECT count(*) FROM posts WHERE source_row = s.row) AS posts,
    (SELECT count(*) FROM segments WHERE source_row = s.row) AS segments,
    (SELECT count(*) FROM units WHERE source_row = s.row) AS units,
    (SELECT count(*) FROM relations WHERE source_row = s.row) AS relations
  FROM sources s`;

function toStoredSource(s: CountedSourceRow): StoredSource {
  return {
    id: s.id,
    name: s.name,
    ...(s.uri !== null ? { uri: s.uri } : {}),
    format: s.format,
    ...(s.title !== null ? { title: s.title } : {}),
    engineKey: s.engine_key,
    addedAt: s.added_at,
    posts: s.posts,
    segments: s.segments,
    units: s.units,
    relations: s.relations,
    chars: s.text.length,
  };
}

export function listSources(conn: PgConnection): Promise<StoredSource[]> {
  return transaction(conn, false, async (client) =>
    (await client.query<CountedSourceRow>(`${COUNTED_SOURCES} ORDER BY s.row`)).rows.map(toStoredSource),
  );
}

/** Sources a key names: by id or locator (uri, or name without one), else by name (maybe several). */
export async function resolveSources(client: Client, key: string): Promise<SourceRow[]> {
  const exact = await client.query<SourceRow>(
    "SELECT * FROM sources WHERE id = $1 OR locator = $1 ORDER BY row",
    [key],
  );
  if (exact.rows.length > 0) return exact.rows;
  return (await client.query<SourceRow>("SELECT * FROM sources WHERE name = $1 ORDER BY row", [key])).rows;
}

async function sourceOf(client: Client, row: number): Promise<{ id: string; text: string }> {
  const r = await client.query<{ id: string; text: string }>("SELECT id, text FROM sources WHERE row = $1", [
    row,
  ]);
  return r.rows[0]!;
}

async function findChild(client: Client, id: string): Promise<StoredItem | undefined> {
  const post = (await client.query<WithSource<PostRow>>("SELECT * FROM posts WHERE id = $1", [id])).rows[0];
  if (post) {
    const s = await sourceOf(client, post.source_row);
    return {
      type: "post",
      sourceId: s.id,
      item: toPost(post, s.id),
      text: s.text.slice(post.span_start, post.span_end),
    };
  }
  const seg = (await client.query<WithSource<SegmentRow>>("SELECT * FROM segments WHERE id = $1", [id]))
    .rows[0];
  if (seg) {
    const s = await sourceOf(client, seg.source_row);
    return { type: "segment", sourceId: s.id, item: toSegment(seg, s.id, s.text) };
  }
  const unit = (await client.query<WithSource<UnitRow>>("SELECT * FROM units WHERE id = $1", [id])).rows[0];
  if (unit) {
    const s = await sourceOf(client, unit.source_row);
    return { type: "unit", sourceId: s.id, item: toUnit(unit, s.id) };
  }
  const rel = (await client.query<WithSource<RelationRow>>("SELECT * FROM relations WHERE id = $1", [id]))
    .rows[0];
  if (rel)
    return { type: "relation", sourceId: (await sourceOf(client, rel.source_row)).id, item: toRelation(rel) };
  return undefined;
}

export function getItem(conn: PgConnection, id: string): Promise<StoredItem | undefined> {
  return transaction(conn, false, async (client): Promise<StoredItem | undefined> => {
    const sources = await resolveSources(client, id);
    if (sources.length === 1) {
      const r = await client.query<CountedSourceRow>(`${COUNTED_SOURCES} WHERE s.row = $1`, [
        sources[0]!.row,
      ]);
      return { type: "source", source: toStoredSource(r.rows[0]!) };
    }
    const child = await findChild(client, id);
    if (child) return child;
    const kp = (
      await client.query<{ map_row: number; data: string }>(
        "SELECT map_row, data FROM key_points WHERE id = $1 ORDER BY map_row DESC LIMIT 1",
        [id],
      )
    ).rows[0];
    if (kp) return { type: "key-point", mapId: kp.map_row, item: parseJson(KeyPoint, kp.data, "key point") };
    return undefined;
  });
}

export function getMap(conn: PgConnection, key?: number | string): Promise<ArgumentMap | undefined> {
  return transaction(conn, false, async (client) => {
    const r =
      key === undefined
        ? await client.query<{ map: string }>("SELECT map FROM maps ORDER BY row DESC LIMIT 1")
        : typeof key === "number"
          ? await client.query<{ map: string }>("SELECT map FROM maps WHERE row = $1", [key])
          : await client.query<{ map: string }>("SELECT map FROM maps WHERE name = $1", [key]);
    const row = r.rows[0];
    return row ? parseJson(ArgumentMap, row.map, "map") : undefined;
  });
}

export function listMaps(conn: PgConnection): Promise<StoredMapInfo[]> {
  return transaction(conn, false, async (client) => {
    const r = await client.query<{
      row: number;
      name: string | null;
      history_of: string | null;
      created_at: string;
      source_ids: string;
      kps: number;
      arguments: number;
    }>(
      `SELECT m.row, m.name, m.history_of, m.created_at, m.source_ids, m.arguments,
              (SELECT count(*) FROM key_points k WHERE k.map_row = m.row) AS kps
       FROM maps m ORDER BY m.row`,
    );
    return r.rows.map((x) => ({
      id: x.row,
      ...(x.name !== null ? { name: x.name } : {}),
      ...(x.history_of !== null ? { historyOf: x.history_of } : {}),
      createdAt: x.created_at,
      sourceIds: parseJson(StringList, x.source_ids, "map source ids"),
      keyPoints: x.kps,
      arguments: x.arguments,
    }));
  });
}
