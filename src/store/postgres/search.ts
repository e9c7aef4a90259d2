/**
 * Search in a PostgreSQL corpus: the port's query language (`../query.ts`) translated to a
 * `tsquery`, `ts_rank` as the port's "higher is better" score, `ts_headline` snippets with `[` `]`
 * markers. The tsquery text is built only from the parsed words (letters, digits and marks, each
 * single-quoted) and reaches the server as a bind parameter of `to_tsquery`, never as SQL, so no
 * query can inject SQL or raise a tsquery syntax error.
 *
 * Diacritics: the indexed `tsv` columns hold the text with diacritics removed (`foldDiacritics`),
 * and query words are folded the same way, so `cafe` finds `café` as in the SQLite store.
 */
import { UnitKind } from "../../model/index.js";
import type { SearchFilters, SearchHit, SearchItemType } from "../port.js";
import { SEARCH_ITEM_TYPES } from "../port.js";
import type { SearchQuery, SearchTerm } from "../query.js";
import { parseSearchQuery } from "../query.js";
import type { Client, PgConnection } from "./connection.js";
import { transaction } from "./connection.js";

/** The text search configuration of the corpus (created by migration 1). */
export const TS_CONFIG = "argmap_english";
/** Words a snippet shows around the first match. */
export const SNIPPET_WORDS = 16;
const HEADLINE_OPTIONS = `StartSel="[", StopSel="]", MaxWords=${SNIPPET_WORDS}, MinWords=${SNIPPET_WORDS / 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`;

/** Text with diacritics removed (`Café` → `Cafe`); characters that decompose to nothing are kept. */
export function foldDiacritics(text: string): string {
  // Only when there is something to fold: most text is ASCII.
  if (/^[\x20-\x7e\s]*$/.test(text)) return text;
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC");
}

function foldWords(term: SearchTerm): SearchTerm | undefined {
  const words = term.words.map(foldDiacritics).filter((w) => w.length > 0);
  return words.length > 0 ? { words, prefix: term.prefix } : undefined;
}

function termText(term: SearchTerm): string {
  // Words hold only letters, digits and marks: nothing in them can close the quotes.
  const words = term.words.map((w) => `'${w.replace(/['\\]/g, "")}'`);
  if (term.prefix) words[words.length - 1] += ":*";
  return words.length === 1 ? words[0]! : `(${words.join(" <-> ")})`;
}

/**
 * The `to_tsquery` text of a parsed query: clauses joined by `&` (each an `|` of its terms),
 * excluded terms as `& !term`; words folded. `undefined` when no word is left to search for.
 *
 * @example toTsQueryText(parseSearchQuery('nuclear "base load" OR renew* -coal')!)
 *   // → "'nuclear' & (('base' <-> 'load') | 'renew':*) & !'coal'"
 */
export function toTsQueryText(query: SearchQuery): string | undefined {
  const clauses: string[] = [];
  for (const alternatives of query.all) {
    const terms = alternatives.flatMap((t) => foldWords(t) ?? []).map(termText);
    if (terms.length === 0) return undefined; // a clause that can match nothing
    clauses.push(terms.length === 1 ? terms[0]! : `(${terms.join(" | ")})`);
  }
  const negated = query.none.flatMap((t) => foldWords(t) ?? []).map((t) => `!${termText(t)}`);
  return [...clauses, ...negated].join(" & ");
}

/** The tsquery text that marks matches in the original (unfolded) text: every positive term, as typed and folded. */
function headlineText(query: SearchQuery): string {
  const terms: string[] = [];
  for (const alternatives of query.all)
    for (const t of alternatives) {
      if (t.words.every((w) => w.length > 0)) terms.push(termText(t));
      const folded = foldWords(t);
      if (folded && folded.words.join(" ") !== t.words.join(" ")) terms.push(termText(folded));
    }
  return terms.join(" | ");
}

interface Compiled {
  match: string;
  headline: string;
}

function compile(query: string): Compiled | undefined {
  const parsed = parseSearchQuery(query);
  if (parsed === undefined) return undefined;
  const match = toTsQueryText(parsed);
  return match === undefined ? undefined : { match, headline: headlineText(parsed) };
}

/** Rows of the sources with a post or unit matching a user query. */
export async function sourceRowsMatching(client: Client, query: string): Promise<Set<number>> {
  const q = compile(query);
  if (q === undefined) return new Set();
  const r = await client.query<{ source_row: number }>(
    `SELECT source_row FROM posts WHERE tsv @@ to_tsquery('${TS_CONFIG}', $1)
     UNION SELECT source_row FROM units WHERE tsv @@ to_tsquery('${TS_CONFIG}', $1)`,
    [q.match],
  );
  return new Set(r.rows.map((x) => x.source_row));
}

interface HitRow {
  id: string;
  span_start: number;
  span_end: number;
  text: string;
  score: number;
  headline: string;
  source_id: string;
  source_name: string | null;
  author?: string | null;
  post_id?: string | null;
  kind?: string;
  stance?: string;
  map_row?: number;
}

interface Plan {
  limit: number;
  unitKind: UnitKind | undefined;
  itemType: SearchItemType | undefined;
  filters: SearchFilters;
}

function planOf(filters: SearchFilters): Plan {
  const kind = filters.kind;
  const unitKind = kind !== undefined && UnitKind.safeParse(kind).success ? (kind as UnitKind) : undefined;
  const itemType =
    kind !== undefined && (SEARCH_ITEM_TYPES as readonly string[]).includes(kind)
      ? (kind as SearchItemType)
      : undefined;
  return { limit: Math.max(1, Math.floor(filters.limit ?? 20)), unitKind, itemType, filters };
}

function wants(plan: Plan, type: SearchItemType): boolean {
  if (plan.filters.stance !== undefined) return type === "key-point";
  if (plan.unitKind !== undefined) return type === "unit";
  if (plan.itemType !== undefined) return type === plan.itemType;
  return true;
}

/**
 * The best `limit` rows of one item type, snippets made for those rows only (`ts_headline` is the
 * slow part). `inner` selects from `q` (the tsquery) with `$1`…`$3` bound to the match query, the
 * headline query and the limit; extra filter values follow from `$4`.
 */
async function topRows(
  client: Client,
  inner: string,
  q: Compiled,
  plan: Plan,
  extra: unknown[],
): Promise<HitRow[]> {
  const r = await client.query<HitRow>(
    `SELECT h.*, ts_headline('${TS_CONFIG}', h.text, to_tsquery('${TS_CONFIG}', $2), $${4 + extra.length}) AS headline
     FROM (${inner} ORDER BY score DESC, id LIMIT $3) AS h ORDER BY h.score DESC, h.id`,
    [q.match, q.headline, plan.limit, ...extra, HEADLINE_OPTIONS],
  );
  return r.rows;
}

/** Filter clauses and their values, numbered from `$4`. */
function filterClauses(plan: Plan, clauses: Record<string, string>): { sql: string; values: unknown[] } {
  const f = plan.filters;
  const values: unknown[] = [];
  const parts: string[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    parts.push(sql.replaceAll("$?", `$${3 + values.length}`));
  };
  if (f.source !== undefined && clauses.source) add(clauses.source, f.source);
  if (f.author !== undefined && clauses.author) add(clauses.author, f.author);
  if (plan.unitKind !== undefined && clauses.kind) add(clauses.kind, plan.unitKind);
  if (f.stance !== undefined && clauses.stance) add(clauses.stance, f.stance);
  return { sql: parts.map((p) => ` AND ${p}`).join(""), values };
}

const QUERY = `(SELECT to_tsquery('${TS_CONFIG}', $1) AS q) AS query`;
const SOURCE = "(s.id = $? OR s.name = $? OR s.locator = $?)";

function postRows(client: Client, q: Compiled, plan: Plan): Promise<HitRow[]> {
  const f = filterClauses(plan, { source: SOURCE, author: "p.author = $?" });
  return topRows(
    client,
    `SELECT p.id, p.span_start, p.span_end, p.body AS text, p.author, s.id AS source_id, s.name AS source_name,
            ts_rank(p.tsv, query.q) AS score
     FROM posts p JOIN sources s ON s.row = p.source_row, ${QUERY}
     WHERE p.tsv @@ query.q${f.sql}`,
    q,
    plan,
    f.values,
  );
}

function unitRows(client: Client, q: Compiled, plan: Plan): Promise<HitRow[]> {
  const f = filterClauses(plan, { source: SOURCE, author: "p.author = $?", kind: "u.kind = $?" });
  const noneClause = plan.unitKind === undefined && plan.itemType !== "unit" ? " AND u.kind <> 'none'" : "";
  return topRows(
    client,
    `SELECT u.id, u.span_start, u.span_end, u.text, u.kind, u.post_id, p.author, s.id AS source_id,
            s.name AS source_name, ts_rank(u.tsv, query.q) AS score
     FROM units u JOIN sources s ON s.row = u.source_row LEFT JOIN posts p ON p.id = u.post_id, ${QUERY}
     WHERE u.tsv @@ query.q${noneClause}${f.sql}`,
    q,
    plan,
    f.values,
  );
}

function keyPointRows(client: Client, q: Compiled, plan: Plan): Promise<HitRow[]> {
  const f = filterClauses(plan, {
    source: "(k.source_id = $? OR s.name = $? OR s.locator = $?)",
    stance: "k.stance = $?",
  });
  return topRows(
    client,
    `SELECT k.id, k.span_start, k.span_end, k.text, k.stance, k.map_row, k.source_id, s.name AS source_name,
            ts_rank(k.tsv, query.q) AS score
     FROM key_points k LEFT JOIN sources s ON s.id = k.source_id, ${QUERY}
     WHERE k.tsv @@ query.q AND k.map_row = (SELECT max(row) FROM maps)${f.sql}`,
    q,
    plan,
    f.values,
  );
}

/** `ts_headline`'s fragment, with `…` where it cuts the text. */
function snippetOf(text: string, headline: string): string {
  const plain = headline.replace(/[[\]]/g, "");
  const at = plain.length > 0 ? text.indexOf(plain) : -1;
  if (at < 0) return headline;
  const before = text.slice(0, at).trim().length > 0 ? "…" : "";
  const after = text.slice(at + plain.length).trim().length > 0 ? "…" : "";
  return `${before}${headline}${after}`;
}

function hitBase(type: SearchItemType, r: HitRow): SearchHit {
  return {
    type,
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name ?? r.source_id,
    ...(r.author ? { author: r.author } : {}),
    span: [r.span_start, r.span_end],
    text: r.text,
    snippet: snippetOf(r.text, r.headline),
    score: r.score,
  };
}

export async function search(
  conn: PgConnection,
  query: string,
  filters: SearchFilters = {},
): Promise<SearchHit[]> {
  const q = compile(query);
  if (q === undefined) return [];
  const plan = planOf(filters);
  return transaction(conn, false, async (client) => {
    const hits: SearchHit[] = [];
    if (wants(plan, "post"))
      for (const r of await postRows(client, q, plan)) hits.push({ ...hitBase("post", r), postId: r.id });
    if (wants(plan, "unit"))
      for (const r of await unitRows(client, q, plan))
        hits.push({
          ...hitBase("unit", r),
          unitKind: r.kind as UnitKind,
          ...(r.post_id ? { postId: r.post_id } : {}),
        });
    if (wants(plan, "key-point") && filters.author === undefined)
      for (const r of await keyPointRows(client, q, plan))
        hits.push({
          ...hitBase("key-point", r),
          stance: r.stance as SearchHit["stance"] & string,
          mapId: r.map_row!,
        });
    return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, plan.limit);
  });
}
