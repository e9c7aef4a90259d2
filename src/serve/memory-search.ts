/**
 * Search over the maps a server holds in memory (files given on the command line, texts posted
 * to `POST /api/map`), in the store's query language (`parseSearchQuery`) with the same filters
 * and hit shape as the corpus store's search, so the viewer cannot tell them apart; words are
 * matched stemmed, as the SQLite store's index does (`matchText`).
 */
import type { ArgumentMap } from "../model/index.js";
import type { SearchFilters } from "../store/index.js";
import { groupSearchHits, matchText, parseSearchQuery } from "../store/index.js";
import type { ViewSearchHit } from "./types.js";

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
      const match = matchText(parsed, item.text);
      if (!match) continue;
      seen.add(`${item.type}:${item.id}`);
      hits.push({ ...item, ...match });
    }
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return groupSearchHits(hits).slice(0, limit);
}
