/**
 * Matching a parsed query against one item's own text, the way the SQLite store's FTS5 index does
 * (`porter unicode61 remove_diacritics 2`): words folded to lower case without diacritics, then
 * Porter-stemmed, so `export ban` finds "exports banned" in memory as it does in the store. The
 * snippet is always cut from the matched item's own text, and `groupSearchHits` folds a post hit
 * into the unit hits of the same post, so one sentence is listed once.
 */
import { stemmer } from "stemmer";
import type { SearchHit } from "./port.js";
import type { SearchQuery, SearchTerm } from "./query.js";

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Most characters of one item that are searched (a longer post is searched in its first part). */
export const MAX_MATCH_CHARS = 20_000;
/** Words a snippet shows around the first match (as the stores' snippets). */
export const SNIPPET_WORDS = 16;

interface Word {
  /** Folded and stemmed. */
  stem: string;
  /** Folded, not stemmed (prefix queries match it too). */
  folded: string;
  start: number;
  end: number;
}

/** Lower case without diacritics (`Café` → `cafe`). */
export function foldWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** The index form of a word: folded, then Porter-stemmed (`Exports` → `export`). */
export function stemWord(word: string): string {
  return stemmer(foldWord(word));
}

function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const cut = text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) : text;
  for (const m of cut.matchAll(WORD)) {
    const folded = foldWord(m[0]);
    out.push({ stem: stemmer(folded), folded, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Positions (first word index) where the term occurs. */
function occurrences(words: readonly Word[], term: SearchTerm): number[] {
  const want = term.words.map(foldWord);
  const stems = want.map((w) => stemmer(w));
  const out: number[] = [];
  for (let i = 0; i + want.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < want.length && ok; j++) {
      const w = words[i + j]!;
      ok =
        j === want.length - 1 && term.prefix
          ? w.folded.startsWith(want[j]!) || w.stem.startsWith(stems[j]!)
          : w.stem === stems[j];
    }
    if (ok) out.push(i);
  }
  return out;
}

/** About 16 words around the first match, matched words in `[` `]`, cuts marked with `…`. */
function snippetOf(text: string, words: readonly Word[], marked: ReadonlySet<number>, first: number): string {
  if (words.length === 0) return text.trim().replace(/\s+/g, " ");
  const from = Math.max(0, Math.min(first - 6, words.length - SNIPPET_WORDS));
  const to = Math.min(words.length, from + SNIPPET_WORDS);
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
  return (out + tail).replace(/\s+/g, " ").trim();
}

/** How a text matches a query: a bm25-like score and a snippet of the text itself. */
export interface TextMatch {
  score: number;
  snippet: string;
}

/**
 * Match a parsed query against a text: `undefined` when a clause finds nothing or an excluded
 * term occurs; else a score (more matches in fewer words is better) and a snippet.
 *
 * @example matchText(parseSearchQuery("export ban")!, "The exports were banned.")?.snippet
 *   // → "The [exports] were [banned]."
 */
export function matchText(query: SearchQuery, text: string): TextMatch | undefined {
  const words = wordsOf(text);
  if (query.none.some((t) => occurrences(words, t).length > 0)) return undefined;
  const marked = new Set<number>();
  let count = 0;
  let first = Infinity;
  for (const clause of query.all) {
    let any = false;
    for (const term of clause)
      for (const at of occurrences(words, term)) {
        any = true;
        count += 1;
        first = Math.min(first, at);
        for (let j = 0; j < term.words.length; j++) marked.add(at + j);
      }
    if (!any) return undefined;
  }
  return { score: count / Math.sqrt(words.length + 1), snippet: snippetOf(text, words, marked, first) };
}

/**
 * A snippet of `text` with the query's words marked, for a hit an index has already matched
 * (the store's own stemming may differ slightly: then the text's start is shown, unmarked).
 */
export function snippetFor(query: SearchQuery, text: string): string {
  const words = wordsOf(text);
  const marked = new Set<number>();
  let first = Infinity;
  for (const clause of query.all)
    for (const term of clause)
      for (const at of occurrences(words, term)) {
        first = Math.min(first, at);
        for (let j = 0; j < term.words.length; j++) marked.add(at + j);
      }
  return snippetOf(text, words, marked, first === Infinity ? 0 : first);
}

/** A hit that may stand for its post too. */
export type GroupedHit<H> = H & {
  /** The hit's post matched the query too; its post hit is folded into this one. */
  postMatched?: boolean;
};

/**
 * One entry per sentence: a post hit is dropped when a unit hit of the same post is listed (the
 * unit hit says `postMatched`), and unit hits with the same post and span are listed once.
 * Order is kept.
 *
 * @example groupSearchHits([postHit, unitHitInThatPost]) // → [{ ...unitHitInThatPost, postMatched: true }]
 */
export function groupSearchHits<H extends Pick<SearchHit, "type" | "id" | "postId" | "span" | "sourceId">>(
  hits: readonly H[],
): GroupedHit<H>[] {
  const unitPosts = new Set<string>();
  for (const h of hits) if (h.type === "unit" && h.postId !== undefined) unitPosts.add(h.postId);
  const matchedPosts = new Set<string>();
  for (const h of hits) if (h.type === "post" && unitPosts.has(h.id)) matchedPosts.add(h.id);
  const seenSpans = new Set<string>();
  const out: GroupedHit<H>[] = [];
  for (const h of hits) {
    if (h.type === "post" && matchedPosts.has(h.id)) continue;
    if (h.type === "unit") {
      const key = `${h.sourceId}\u0000${h.span[0]}\u0000${h.span[1]}`;
      if (seenSpans.has(key)) continue;
      seenSpans.add(key);
      if (h.postId !== undefined && matchedPosts.has(h.postId)) {
        out.push({ ...h, postMatched: true });
        continue;
      }
    }
    out.push(h);
  }
  return out;
}
