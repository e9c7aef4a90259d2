/**
 * Search over the maps a server holds in memory (files given on the command line, texts posted
 * to `POST /api/map`), in the store's query language (`parseSearchQuery`) with the same filters
 * and hit shape as the corpus store's search, so the viewer cannot tell them apart.
 */
import type { ArgumentMap } from "../model/index.js";
import type { SearchFilters, SearchTerm } from "../store/index.js";
import { parseSearchQuery } from "../store/index.js";
import type { ViewSearchHit } from "./types.js";

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Most characters of one item that are searched (a longer post is searched in its first part). */
const MAX_ITEM_CHARS = 20_000;

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const cut = text.length > MAX_ITEM_CHARS ? text.slice(0, MAX_ITEM_CHARS) : text;
  for (const m of cut.matchAll(WORD)) {
    out.push({
      text: m[0]
        .normalize("NFD")
        .replace(/\p{M}+/gu, "")
        .toLowerCase(),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

const fold = (w: string): string =>
  w
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();

/** Positions (first word index) where the term occurs. */
function occurrences(words: readonly Word[], term: SearchTerm): number[] {
  const want = term.words.map(fold);
  const out: number[] = [];
  for (let i = 0; i + want.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < want.length && ok; j++) {
      const last = j === want.length - 1;
      const w = words[i + j]!.text;
      ok = last && term.prefix ? w.startsWith(want[j]!) : w === want[j];
    }
    if (ok) out.push(i);
  }
  return out;
}

/** About 16 words around the first match, matched words in `[` `]`, cuts marked with `…`. */
function snippetOf(text: string, words: readonly Word[], marked: ReadonlySet<number>, first: number): string {
  const from = Math.max(0, first - 6);
  const to = Math.min(words.length, from + 16);
  let out = from > 0 ? "…" : "";
  let at = words[from]!.start;
  for (let i = from; i < to; i++) {
    const w = words[i]!;
    out += text.slice(at, w.start);
    const raw = text.slice(w.start, w.end);
    out += marked.has(i) ? `[${raw}]` : raw;
    at = w.end;
  }
  const tail = to < words.length ? "…" : text.slice(at).trimEnd();
  return (out + tail).replace(/\s+/g, " ");
}

/** A searchable item: a hit without its score and snippet. */
type Item = Omit<ViewSearchHit, "score" | "snippet">;

function itemsOf(map: ArgumentMap): Item[] {
  const names = new Map(map.sources.map((s) => [s.id, s.name]));
  const authors = new Map<string, string | undefined>();
  const items: Item[] = [];
  for (const s of map.sources)
    for (const p of s.posts) {
      authors.set(p.id, p.author);
      items.push({
        type: "post",
        id: p.id,
        sourceId: s.id,
        sourceName: s.name,
        postId: p.id,
        ...(p.author !== undefined ? { author: p.author } : {}),
        span: [p.span[0], p.span[1]],
        text: s.text.slice(p.span[0], p.span[1]),
      });
    }
  for (const u of map.units) {
    if (u.kind === "none") continue;
    const author = authors.get(u.postId);
    items.push({
      type: "unit",
      id: u.id,
      unitKind: u.kind,
      sourceId: u.sourceId,
      sourceName: names.get(u.sourceId) ?? u.sourceId,
      postId: u.postId,
      ...(author !== undefined ? { author } : {}),
      span: [u.span[0], u.span[1]],
      text: u.text,
    });
  }
  for (const k of map.keyPoints)
    items.push({
      type: "key-point",
      id: k.id,
      stance: k.stance,
      sourceId: k.sourceId,
      sourceName: names.get(k.sourceId) ?? k.sourceId,
      span: [k.span[0], k.span[1]],
      text: k.label ?? k.text,
    });
  return items;
}

function passes(item: Item, filters: SearchFilters): boolean {
  if (filters.source !== undefined && item.sourceId !== filters.source && item.sourceName !== filters.source)
    return false;
  if (filters.author !== undefined && item.author !== filters.author) return false;
  if (filters.stance !== undefined && (item.type !== "key-point" || item.stance !== filters.stance))
    return false;
  const kind = filters.kind;
  if (kind !== undefined) {
    if (kind === "post" || kind === "unit" || kind === "key-point") return item.type === kind;
    return item.type === "unit" && item.unitKind === kind;
  }
  return true;
}

/**
 * Search the items (posts, argumentative units, key points) of in-memory maps, best match first.
 * Throws the store's `USAGE` errors for a query that is too long or only excludes.
 *
 * @example
 * searchMaps([map], '"car free" OR pedestrian*', { kind: "claim" })[0]?.snippet;
 */
export function searchMaps(
  maps: readonly ArgumentMap[],
  query: string,
  filters: SearchFilters = {},
): ViewSearchHit[] {
  const parsed = parseSearchQuery(query);
  if (!parsed) return [];
  const limit = filters.limit ?? 20;
  const hits: ViewSearchHit[] = [];
  const seen = new Set<string>();
  for (const map of maps) {
    for (const item of itemsOf(map)) {
      if (seen.has(`${item.type}:${item.id}`) || !passes(item, filters)) continue;
      const words = wordsOf(item.text);
      if (parsed.none.some((t) => occurrences(words, t).length > 0)) continue;
      const marked = new Set<number>();
      let score = 0;
      let first = Infinity;
      let ok = true;
      for (const clause of parsed.all) {
        let any = false;
        for (const term of clause) {
          for (const at of occurrences(words, term)) {
            any = true;
            score += 1;
            first = Math.min(first, at);
            for (let j = 0; j < term.words.length; j++) marked.add(at + j);
          }
        }
        if (!any) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      seen.add(`${item.type}:${item.id}`);
      hits.push({
        ...item,
        snippet: snippetOf(item.text, words, marked, first),
        // More matches in fewer words is better, as bm25 would have it.
        score: score / Math.sqrt(words.length + 1),
      });
    }
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return hits.slice(0, limit);
}
