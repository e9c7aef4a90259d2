/** Small text helpers for the baselines: content-word lemmas and sentence spans via the repo's wink-nlp segmenter. */
import { winkSegmenter } from "../segment/index.js";

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"]);
const LIGHT = new Set([
  "be",
  "have",
  "do",
  "get",
  "make",
  "also",
  "so",
  "very",
  "just",
  "not",
  "n't",
  "more",
  "most",
  "even",
  "then",
  "there",
  "too",
]);

/**
 * Lower-cased lemmas of content words (nouns, verbs, adjectives, adverbs, numbers), minus light verbs.
 * @example contentLemmas("Uniforms reduce bullying.") // ["uniform", "reduce", "bullying"]
 */
export function contentLemmas(text: string): string[] {
  const out: string[] = [];
  for (const s of winkSegmenter.sentences(text, [0, text.length])) {
    for (const t of s.tokens) {
      const lemma = t.lemma.toLowerCase();
      if (CONTENT_POS.has(t.pos) && !LIGHT.has(lemma) && /[\p{L}\p{N}]/u.test(lemma)) out.push(lemma);
    }
  }
  return out;
}

/** Sentence spans of `text` (trimmed, non-empty). */
export function sentenceSpans(text: string): [number, number][] {
  return winkSegmenter
    .sentences(text, [0, text.length])
    .map((s) => [s.span[0], s.span[1]] as [number, number]);
}

/** Jaccard similarity of two sets. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
