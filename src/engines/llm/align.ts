/**
 * Grounding: every passage an LLM returns is found in the source at character level before it is
 * used — exactly, then ignoring case, whitespace runs and quote/dash styles, then fuzzily (the
 * window of source words with the highest word overlap, above a threshold). A passage that cannot
 * be aligned is dropped by the caller and counted: no claim without a span.
 */
import type { Span } from "../../model/index.js";

export interface Alignment {
  span: Span;
  method: "exact" | "normalized" | "fuzzy";
  /** 1 for exact and normalized matches; word overlap (Dice) for fuzzy ones. */
  score: number;
}

export const FUZZY_THRESHOLD = 0.8;
/** Quotes longer than this many words are not aligned fuzzily (the window scan is quadratic). */
const MAX_FUZZY_WORDS = 200;

const FOLD: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
};

/** Lower-cased text with quote styles folded and whitespace runs as one space, and where each char came from. */
function normalize(text: string, offset: number): { text: string; at: number[] } {
  let out = "";
  const at: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (!space && out.length > 0) {
        out += " ";
        at.push(offset + i);
      }
      space = true;
      continue;
    }
    space = false;
    const folded = (FOLD[c] ?? c).toLowerCase();
    for (let k = 0; k < folded.length; k++) {
      out += folded[k];
      at.push(offset + i);
    }
  }
  if (out.endsWith(" ")) {
    out = out.slice(0, -1);
    at.pop();
  }
  return { text: out, at };
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): { word: string; start: number; end: number }[] {
  const list: { word: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) list.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return list;
}

/**
 * Where `quote` is in `source` (within `range` when given), or `undefined`.
 * @example alignQuote("We should  tax carbon.", "we should tax carbon") // → { span: [0, 21], method: "normalized", score: 1 }
 */
export function alignQuote(
  source: string,
  quote: string,
  range: Span = [0, source.length],
  threshold = FUZZY_THRESHOLD,
): Alignment | undefined {
  const trimmed = quote.trim();
  if (trimmed === "") return undefined;
  const [from, to] = range;
  const exact = source.indexOf(trimmed, from);
  if (exact >= 0 && exact + trimmed.length <= to)
    return { span: [exact, exact + trimmed.length], method: "exact", score: 1 };
  const hay = normalize(source.slice(from, to), from);
  const needle = normalize(trimmed, 0).text.replace(/^["']+|["']+$/g, "");
  if (needle === "") return undefined;
  const k = hay.text.indexOf(needle);
  if (k >= 0)
    return { span: [hay.at[k]!, hay.at[k + needle.length - 1]! + 1], method: "normalized", score: 1 };
  return fuzzy(hay, needle, threshold);
}

function fuzzy(
  hay: { text: string; at: number[] },
  needle: string,
  threshold: number,
): Alignment | undefined {
  const q = words(needle);
  const h = words(hay.text);
  if (q.length === 0 || q.length > MAX_FUZZY_WORDS || h.length === 0) return undefined;
  const want = new Map<string, number>();
  for (const w of q) want.set(w.word, (want.get(w.word) ?? 0) + 1);
  let best: { score: number; start: number; end: number } | undefined;
  // Windows of the quote's length ±25 %, scored by Dice overlap of word multisets.
  const minLen = Math.max(1, Math.floor(q.length * 0.75));
  const maxLen = Math.ceil(q.length * 1.25);
  for (let len = minLen; len <= maxLen; len++) {
    if (len > h.length) break;
    const have = new Map<string, number>();
    let common = 0;
    const add = (w: string, d: number) => {
      const before = have.get(w) ?? 0;
      const after = before + d;
      have.set(w, after);
      const cap = want.get(w) ?? 0;
      common += Math.min(after, cap) - Math.min(before, cap);
    };
    for (let i = 0; i < len; i++) add(h[i]!.word, 1);
    for (let start = 0; start + len <= h.length; start++) {
      if (start > 0) {
        add(h[start - 1]!.word, -1);
        add(h[start + len - 1]!.word, 1);
      }
      const score = (2 * common) / (len + q.length);
      if (!best || score > best.score) best = { score, start, end: start + len - 1 };
    }
  }
  if (!best || best.score < threshold) return undefined;
  return {
    span: [hay.at[h[best.start]!.start]!, hay.at[h[best.end]!.end - 1]! + 1],
    method: "fuzzy",
    score: Math.round(best.score * 1000) / 1000,
  };
}
