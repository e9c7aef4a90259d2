/**
 * Search in a SQLite corpus: the port's query language (`../query.ts`) translated to FTS5, bm25
 * ranking turned into the port's "higher is better" score; snippets cut from each hit's own text
 * with the query's words in `[` `]` (`snippetFor`: FTS5's snippet() over an external-content
 * table gave every row the first match's text).
 * User text only ever reaches FTS5 as the words inside double-quoted strings, so no query can
 * raise an FTS5 syntax error.
 */
import type Database from "better-sqlite3";
import { UnitKind } from "../../model/index.js";
import type { SearchFilters, SearchHit, SearchItemType } from "../port.js";
import { SEARCH_ITEM_TYPES } from "../port.js";
import type { SearchQuery, SearchTerm } from "../query.js";
import { parseSearchQuery } from "../query.js";
import { snippetFor } from "../search-text.js";
import type { Connection } from "./connection.js";
import { readTransaction } from "./connection.js";

function ftsTerm(term: SearchTerm): string {
  // Words hold letters, digits and marks only; doubling `"` keeps the string closed regardless.
  const phrase = `"${term.words.join(" ").replace(/"/g, '""')}"`;
  return term.prefix ? `${phrase}*` : phrase;
}

/**
 * An FTS5 expression for a parsed query: clauses joined by AND (each an OR of its terms),
 * excluded terms appended with NOT.
 *
 * @example toFtsQuery(parseSearchQuery('nuclear waste OR storage -fusion')!)
 *   // → '("nuclear" AND ("waste" OR "storage")) NOT "fusion"'
 */
export function toFtsQuery(query: SearchQuery): string {
  const clauses = query.all.map((alternatives) =>
    alternatives.length === 1 ? ftsTerm(alternatives[0]!) : `(${alternatives.map(ftsTerm).join(" OR ")})`,
  );
  const positive = `(${clauses.join(" AND ")})`;
  return query.none.length === 0 ? positive : `${positive} NOT ${query.none.map(ftsTerm).join(" NOT ")}`;
}

/** The FTS5 expression for a user query, or `undefined` when it holds no word. */
export function ftsQueryOf(query: string): string | undefined {
  const parsed = parseSearchQuery(query);
  return parsed === undefined ? undefined : toFtsQuery(parsed);
}

/** Rows of the sources with a post or unit matching a user query. */
export function sourceRowsMatching(db: Database.Database, query: string): Set<number> {
  const fts = ftsQueryOf(query);
  if (fts === undefined) return new Set();
  const rows = db
    .prepare(
      `SELECT source_row FROM posts WHERE row IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH @q)
       UNION SELECT source_row FROM units WHERE row IN (SELECT rowid FROM units_fts WHERE units_fts MATCH @q)`,
    )
    .all({ q: fts }) as { source_row: number }[];
  return new Set(rows.map((r) => r.source_row));
}

interface HitRow {
  id: string;
  span_start: number;
  span_end: number;
  text: string;
  fts_row: number;
  /** bm25: lower is better. */
  bm25: number;
  source_id: string;
  source_name: string | null;
  author?: string | null;
  post_id?: string | null;
  kind?: string;
  stance?: string;
  map_row?: number;
}

interface Plan {
  fts: string;
  limit: number;
  unitKind: UnitKind | undefined;
  itemType: SearchItemType | undefined;
  filters: SearchFilters;
}

function planOf(fts: string, filters: SearchFilters): Plan {
  const kind = filters.kind;
  const unitKind = kind !== undefined && UnitKind.safeParse(kind).success ? (kind as UnitKind) : undefined;
  const itemType =
    kind !== undefined && (SEARCH_ITEM_TYPES as readonly string[]).includes(kind)
      ? (kind as SearchItemType)
      : undefined;
  return { fts, limit: Math.max(1, Math.floor(filters.limit ?? 20)), unitKind, itemType, filters };
}

function wants(plan: Plan, type: SearchItemType): boolean {
  if (plan.filters.stance !== undefined) return type === "key-point";
  if (plan.unitKind !== undefined) return type === "unit";
  if (plan.itemType !== undefined) return type === plan.itemType;
  return true;
}

function paramsOf(plan: Plan): Record<string, string | number> {
  const params: Record<string, string | number> = { q: plan.fts, limit: plan.limit };
  if (plan.filters.source !== undefined) params.source = plan.filters.source;
  if (plan.filters.author !== undefined) params.author = plan.filters.author;
  if (plan.unitKind !== undefined) params.kind = plan.unitKind;
  if (plan.filters.stance !== undefined) params.stance = plan.filters.stance;
  return params;
}

const SOURCE_CLAUSE = "AND (s.id = @source OR s.name = @source OR s.locator = @source)";

function postRows(db: Database.Database, plan: Plan): HitRow[] {
  const f = plan.filters;
  return db
    .prepare(
      `SELECT p.id, p.span_start, p.span_end, p.body AS text, p.author, s.id AS source_id, s.name AS source_name,
              p.row AS fts_row, bm25(posts_fts) AS bm25
       FROM posts_fts JOIN posts p ON p.row = posts_fts.rowid JOIN sources s ON s.row = p.source_row
       WHERE posts_fts MATCH @q ${f.source !== undefined ? SOURCE_CLAUSE : ""} ${f.author !== undefined ? "AND p.author = @author" : ""}
       ORDER BY bm25 LIMIT @limit`,
    )
    .all(paramsOf(plan)) as HitRow[];
}

function unitRows(db: Database.Database, plan: Plan): HitRow[] {
  const f = plan.filters;
  const kindClause =
    plan.unitKind !== undefined
      ? "AND u.kind = @kind"
      : plan.itemType === "unit"
        ? ""
        : "AND u.kind <> 'none'";
  return db
    .prepare(
      `SELECT u.id, u.span_start, u.span_end, u.text, u.kind, u.post_id, p.author, s.id AS source_id, s.name AS source_name,
              u.row AS fts_row, bm25(units_fts) AS bm25
       FROM units_fts JOIN units u ON u.row = units_fts.rowid JOIN sources s ON s.row = u.source_row
       LEFT JOIN posts p ON p.id = u.post_id
       WHERE units_fts MATCH @q ${f.source !== undefined ? SOURCE_CLAUSE : ""} ${kindClause} ${f.author !== undefined ? "AND p.author = @author" : ""}
       ORDER BY bm25 LIMIT @limit`,
    )
    .all(paramsOf(plan)) as HitRow[];
}

function keyPointRows(db: Database.Database, plan: Plan): HitRow[] {
  const f = plan.filters;
  return db
    .prepare(
      `SELECT k.id, k.span_start, k.span_end, k.text, k.stance, k.map_row, k.source_id, s.name AS source_name,
              k.row AS fts_row, bm25(key_points_fts) AS bm25
       FROM key_points_fts JOIN key_points k ON k.row = key_points_fts.rowid LEFT JOIN sources s ON s.id = k.source_id
       WHERE key_points_fts MATCH @q AND k.map_row = (SELECT max(row) FROM maps)
         ${f.source !== undefined ? "AND (k.source_id = @source OR s.name = @source OR s.locator = @source)" : ""}
         ${f.stance !== undefined ? "AND k.stance = @stance" : ""}
       ORDER BY bm25 LIMIT @limit`,
    )
    .all(paramsOf(plan)) as HitRow[];
}

function hitBase(type: SearchItemType, r: HitRow, snippet: string): SearchHit {
  return {
    type,
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name ?? r.source_id,
    ...(r.author ? { author: r.author } : {}),
    span: [r.span_start, r.span_end],
    text: r.text,
    snippet,
    // The port's score: higher is better. bm25 is negative for a match, lower being better.
    score: -r.bm25,
  };
}

export function search(conn: Connection, query: string, filters: SearchFilters = {}): SearchHit[] {
  const fts = ftsQueryOf(query);
  if (fts === undefined) return [];
  const plan = planOf(fts, filters);
  const { db } = conn;
  // The snippet is cut from each row's own text, the query's words marked as the index stems them.
  const parsed = parseSearchQuery(query)!;
  const snippetOf = (r: HitRow): string => snippetFor(parsed, r.text);
  return readTransaction(conn, () => {
    const hits: SearchHit[] = [];
    if (wants(plan, "post"))
      for (const r of postRows(db, plan)) hits.push({ ...hitBase("post", r, snippetOf(r)), postId: r.id });
    if (wants(plan, "unit"))
      for (const r of unitRows(db, plan))
        hits.push({
          ...hitBase("unit", r, snippetOf(r)),
          unitKind: r.kind as UnitKind,
          ...(r.post_id ? { postId: r.post_id } : {}),
        });
    if (wants(plan, "key-point") && filters.author === undefined)
      for (const r of keyPointRows(db, plan))
        hits.push({
          ...hitBase("key-point", r, snippetOf(r)),
          stance: r.stance as SearchHit["stance"] & string,
          mapId: r.map_row!,
        });
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, plan.limit);
  });
}
