/**
 * Writing to a PostgreSQL corpus: a source's analysis, a map, a removal, each one transaction.
 * Concurrent writers of the same source (same content or same uri/name) are serialised by
 * transaction-scoped advisory locks on those keys and kept unique by the `UNIQUE` constraints,
 * so the content is stored once whoever wins; a killed writer's transaction is rolled back by the
 * server. Rows go in as one `INSERT … SELECT FROM unnest(…)` per table (one round trip each),
 * with their `tsvector` computed from the diacritic-folded text.
 */
import type { ArgumentMap, SourceAnalysis, Span } from "../../model/index.js";
import { ArgmapError } from "../../model/index.js";
import type { PutResult, RunInfo, PutMapOptions } from "../port.js";
import { engineKeyOf } from "../port.js";
import type { Client, PgConnection } from "./connection.js";
import { lockKeys, transaction } from "./connection.js";
import { resolveSources } from "./reads.js";
import { foldDiacritics, TS_CONFIG } from "./search.js";

function postBody(text: string, bodySpans: readonly Span[]): string {
  return bodySpans.map(([a, b]) => text.slice(a, b)).join("\n");
}

async function insertRun(
  conn: PgConnection,
  client: Client,
  kind: "add" | "map",
  run: RunInfo,
): Promise<number> {
  const r = await client.query<{ row: number }>(
    `INSERT INTO runs (kind, started_at, engine, engine_version, engine_key, models, options, timings, diagnostics)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING row`,
    [
      kind,
      conn.now().toISOString(),
      run.engine,
      run.engineVersion,
      engineKeyOf(run),
      JSON.stringify(run.models),
      JSON.stringify(run.options ?? {}),
      JSON.stringify(run.timings ?? {}),
      JSON.stringify(run.diagnostics ?? []),
    ],
  );
  return r.rows[0]!.row;
}

/** Posts, segments, units and relations of one source, one statement per table. */
async function insertChildren(client: Client, analysis: SourceAnalysis, sourceRow: number): Promise<void> {
  const text = analysis.source.text;
  const posts = analysis.source.posts;
  const bodies = posts.map((p) => postBody(text, p.bodySpans));
  await client.query(
    `INSERT INTO posts (id, source_row, idx, author, time, parent_id, span_start, span_end, body_spans, quotes, by, body, tsv)
     SELECT id, $1, idx, author, time, parent_id, s, e, bs, q, by, body, to_tsvector('${TS_CONFIG}', folded)
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $13::text[])
          AS t(id, idx, author, time, parent_id, s, e, bs, q, by, body, folded)`,
    [
      sourceRow,
      posts.map((p) => p.id),
      posts.map((p) => p.index),
      posts.map((p) => p.author ?? null),
      posts.map((p) => p.time ?? null),
      posts.map((p) => p.parentId ?? null),
      posts.map((p) => p.span[0]),
      posts.map((p) => p.span[1]),
      posts.map((p) => JSON.stringify(p.bodySpans)),
      posts.map((p) => JSON.stringify(p.quotes)),
      posts.map((p) => JSON.stringify(p.by)),
      bodies,
      bodies.map(foldDiacritics),
    ],
  );
  const segments = analysis.segments;
  for (const s of segments) {
    if (s.text !== text.slice(s.span[0], s.span[1])) {
      throw new ArgmapError(
        "INTERNAL",
        `segment ${s.id} text does not match its span; refusing to store it.`,
      );
    }
  }
  await client.query(
    `INSERT INTO segments (id, source_row, ord, post_id, idx, kind, span_start, span_end, by)
     SELECT id, $1, ord, post_id, idx, kind, s, e, by
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[], $8::int[], $9::text[])
          AS t(id, ord, post_id, idx, kind, s, e, by)`,
    [
      sourceRow,
      segments.map((s) => s.id),
      segments.map((_, i) => i),
      segments.map((s) => s.postId),
      segments.map((s) => s.index),
      segments.map((s) => s.kind),
      segments.map((s) => s.span[0]),
      segments.map((s) => s.span[1]),
      segments.map((s) => JSON.stringify(s.by)),
    ],
  );
  const units = analysis.units;
  await client.query(
    `INSERT INTO units (id, source_row, ord, segment_id, post_id, kind, confidence, span_start, span_end, text, signals, by, tsv)
     SELECT id, $1, ord, segment_id, post_id, kind, confidence, s, e, text, signals, by, to_tsvector('${TS_CONFIG}', folded)
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::int[], $9::int[],
                 $10::text[], $11::text[], $12::text[], $13::text[])
          AS t(id, ord, segment_id, post_id, kind, confidence, s, e, text, signals, by, folded)`,
    [
      sourceRow,
      units.map((u) => u.id),
      units.map((_, i) => i),
      units.map((u) => u.segmentId),
      units.map((u) => u.postId),
      units.map((u) => u.kind),
      units.map((u) => u.confidence),
      units.map((u) => u.span[0]),
      units.map((u) => u.span[1]),
      units.map((u) => u.text),
      units.map((u) => JSON.stringify(u.signals)),
      units.map((u) => JSON.stringify(u.by)),
      units.map((u) => foldDiacritics(u.text)),
    ],
  );
  const relations = analysis.relations;
  await client.query(
    `INSERT INTO relations (id, source_row, ord, kind, level, from_id, to_id, confidence, source_id, span_start, span_end, signals, by)
     SELECT id, $1, ord, kind, level, from_id, to_id, confidence, source_id, s, e, signals, by
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[],
                 $10::int[], $11::int[], $12::text[], $13::text[])
          AS t(id, ord, kind, level, from_id, to_id, confidence, source_id, s, e, signals, by)`,
    [
      sourceRow,
      relations.map((r) => r.id),
      relations.map((_, i) => i),
      relations.map((r) => r.kind),
      relations.map((r) => r.level),
      relations.map((r) => r.from),
      relations.map((r) => r.to),
      relations.map((r) => r.confidence),
      relations.map((r) => r.sourceId),
      relations.map((r) => r.span[0]),
      relations.map((r) => r.span[1]),
      relations.map((r) => JSON.stringify(r.signals)),
      relations.map((r) => JSON.stringify(r.by)),
    ],
  );
}

export function putAnalysis(conn: PgConnection, analysis: SourceAnalysis, run: RunInfo): Promise<PutResult> {
  const { source } = analysis;
  const locator = source.uri ?? source.name;
  return transaction(conn, true, async (client) => {
    // Writers of the same content or the same uri/name queue here, so each is stored once.
    await lockKeys(client, [`source:${source.id}`, `locator:${locator}`]);
    const old = await client.query<{ row: number; id: string }>(
      "SELECT row, id FROM sources WHERE id = $1 OR locator = $2 ORDER BY row",
      [source.id, locator],
    );
    // Posts, segments, units and relations go with their source (ON DELETE CASCADE).
    if (old.rows.length > 0)
      await client.query("DELETE FROM sources WHERE row = ANY($1::bigint[])", [old.rows.map((o) => o.row)]);
    const runRow = await insertRun(conn, client, "add", run);
    const inserted = await client.query<{ row: number }>(
      `INSERT INTO sources (id, locator, name, uri, format, title, text, engine_key, run_row, added_at, diagnostics)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING row`,
      [
        source.id,
        locator,
        source.name,
        source.uri ?? null,
        source.format,
        source.title ?? null,
        source.text,
        engineKeyOf(run),
        runRow,
        conn.now().toISOString(),
        JSON.stringify(analysis.diagnostics),
      ],
    );
    await insertChildren(client, analysis, inserted.rows[0]!.row);
    return { sourceId: source.id, runId: runRow, replaced: old.rows.map((o) => o.id) };
  });
}

export function removeSource(conn: PgConnection, idOrName: string): Promise<number> {
  return transaction(conn, true, async (client) => {
    const rows = await resolveSources(client, idOrName);
    if (rows.length > 1 && rows.every((r) => r.id !== idOrName && r.locator !== idOrName)) {
      throw new ArgmapError(
        "USAGE",
        `'${idOrName}' names ${rows.length} sources (${rows.map((r) => r.locator).join(", ")}); remove one by its id or uri.`,
      );
    }
    if (rows.length > 0)
      await client.query("DELETE FROM sources WHERE row = ANY($1::bigint[])", [rows.map((r) => r.row)]);
    return rows.length;
  });
}

export function putMap(
  conn: PgConnection,
  map: ArgumentMap,
  run: RunInfo,
  options: PutMapOptions = {},
): Promise<number> {
  return transaction(conn, true, async (client) => {
    if (options.name !== undefined) {
      const keep = options.keepHistory ?? 0;
      await lockKeys(client, [`map:${options.name}`]);
      if (keep > 0) {
        // A replaced map stays as history; only the latest map's key points are searched.
        await client.query("DELETE FROM key_points WHERE map_row IN (SELECT row FROM maps WHERE name = $1)", [
          options.name,
        ]);
        await client.query("UPDATE maps SET name = NULL, history_of = $1 WHERE name = $1", [options.name]);
      } else {
        // Its key points go with it (ON DELETE CASCADE).
        await client.query("DELETE FROM maps WHERE name = $1", [options.name]);
      }
      await client.query(
        "DELETE FROM maps WHERE history_of = $1 AND row NOT IN (SELECT row FROM maps WHERE history_of = $1 ORDER BY row DESC LIMIT $2)",
        [options.name, keep],
      );
    }
    const runRow = await insertRun(conn, client, "map", run);
    const r = await client.query<{ row: number }>(
      `INSERT INTO maps (name, created_at, run_row, source_ids, arguments, map) VALUES ($1, $2, $3, $4, $5, $6) RETURNING row`,
      [
        options.name ?? null,
        conn.now().toISOString(),
        runRow,
        JSON.stringify(map.sources.map((s) => s.id)),
        map.arguments.length,
        JSON.stringify(map),
      ],
    );
    const mapRow = r.rows[0]!.row;
    const kps = map.keyPoints;
    await client.query(
      `INSERT INTO key_points (map_row, id, source_id, stance, span_start, span_end, text, data, tsv)
       SELECT $1, id, source_id, stance, s, e, text, data, to_tsvector('${TS_CONFIG}', folded)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[])
            AS t(id, source_id, stance, s, e, text, data, folded)`,
      [
        mapRow,
        kps.map((k) => k.id),
        kps.map((k) => k.sourceId),
        kps.map((k) => k.stance),
        kps.map((k) => k.span[0]),
        kps.map((k) => k.span[1]),
        kps.map((k) => k.text),
        kps.map((k) => JSON.stringify(k)),
        kps.map((k) => foldDiacritics(k.text)),
      ],
    );
    return mapRow;
  });
}
