/**
 * Fuzzy alignment of a passage (an imported node's text) to a source text, for formats that carry
 * no character offsets. Tries, in order: an exact match, a match ignoring case and whitespace,
 * and the window of source words with the best word overlap (Dice ≥ `minScore`).
 */
import type { Span } from "../model/index.js";

export interface Alignment {
  span: Span;
  /** 1 for exact, <1 for normalised or fuzzy matches. */
  score: number;
  method: "exact" | "normalised" | "fuzzy";
}

interface Word {
  norm: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    out.push({ norm: m[0].toLowerCase().replace(/’/g, "'"), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Pre-computed words of a source text, reusable across many `alignPassage` calls. */
export class TextIndex {
  readonly words: Word[];
  constructor(readonly text: string) {
    this.words = words(text);
  }
}

/**
 * Find `passage` in the indexed text. Returns undefined when nothing matches well enough.
 *
 * @example
 * alignPassage("cars pollute", new TextIndex("Cars  pollute the air.")) // { span: [0, 13], … }
 */
export function alignPassage(passage: string, index: TextIndex, minScore = 0.75): Alignment | undefined {
  const needle = passage.trim();
  if (needle.length === 0) return undefined;
  const at = index.text.indexOf(needle);
  if (at >= 0) return { span: [at, at + needle.length], score: 1, method: "exact" };

  const target = words(needle);
  if (target.length === 0) return undefined;
  const src = index.words;
  // Normalised: the same word sequence.
  for (let i = 0; i + target.length <= src.length; i++) {
    let ok = true;
    for (let j = 0; j < target.length && ok; j++) ok = src[i + j]!.norm === target[j]!.norm;
    if (ok) {
      const startWord = src[i]!;
      const endWord = src[i + target.length - 1]!;
      return { span: [startWord.start, endWord.end], score: 0.99, method: "normalised" };
    }
  }
  // Fuzzy: best window by Dice overlap of word multisets, windows starting on a shared word.
  const want = new Map<string, number>();
  for (const w of target) want.set(w.norm, (want.get(w.norm) ?? 0) + 1);
  const n = target.length;
  const minLen = Math.max(1, Math.floor(n * 0.7));
  const maxLen = Math.ceil(n * 1.3);
  let best: { score: number; i: number; len: number } | undefined;
  for (let i = 0; i < src.length; i++) {
    if (!want.has(src[i]!.norm)) continue;
    const have = new Map<string, number>();
    let common = 0;
    for (let len = 1; len <= maxLen && i + len <= src.length; len++) {
      const w = src[i + len - 1]!.norm;
      const c = have.get(w) ?? 0;
      if (c < (want.get(w) ?? 0)) common++;
      have.set(w, c + 1);
      if (len < minLen) continue;
      const score = (2 * common) / (n + len);
      if (!best || score > best.score) best = { score, i, len };
    }
  }
  if (!best || best.score < minScore) return undefined;
  // Trim the window to start and end on words of the passage.
  let s = best.i;
  let e = best.i + best.len - 1;
  while (s < e && !want.has(src[s]!.norm)) s++;
  while (e > s && !want.has(src[e]!.norm)) e--;
  return { span: [src[s]!.start, src[e]!.end], score: best.score, method: "fuzzy" };
}
