/**
 * The similarity port of key point analysis. `score(a, b)` says how well text `a` (an argument)
 * expresses text `b` (a key point), in [0, 1]; `embed` (optional) gives a dense vector used only
 * to shortlist candidates before scoring. The trained matcher of the classic engine plugs in
 * through `scorerFromMatcher`; `lexicalScorer` is a dependency-free fallback.
 */
import { fnv1a } from "../engines/classic/learn/hash.js";
import { NEGATIONS, STOPWORDS, tokenizeWords } from "../engines/classic/learn/text.js";

export interface KeyPointScorer {
  /** How well `argument` expresses `keyPoint`, in [0, 1]. */
  score(argument: string, keyPoint: string): number;
  /** A dense vector of a text for shortlisting (cosine); hashed bag of words when absent. */
  embed?(text: string): Float32Array;
}

/** Crude suffix stripping so "uniforms"/"uniform", "reduces"/"reduce" meet. */
export function stemWord(w: string): string {
  if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 4 && w.endsWith("ed")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("es") && /(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

/**
 * Stemmed content words of a text (stop words and negations removed).
 * @example contentStems("Uniforms reduce bullying") // ["uniform", "reduce", "bully"]
 */
export function contentStems(text: string): string[] {
  return tokenizeWords(text)
    .filter((w) => !STOPWORDS.has(w) && !NEGATIONS.has(w) && /[a-z]/.test(w))
    .map(stemWord);
}

/**
 * Downtoners that reverse a statement's polarity like a negation does ("gets less bang for its
 * buck" against "gets a lot of bang for its buck"); general English, not topic words.
 */
const POLARITY_SHIFTERS: ReadonlySet<string> = new Set("less fewer hardly barely scarcely seldom nowhere unable fail fails failed".split(" "));

/**
 * Number of negation and polarity-reversing cues in a text.
 * @example countNegations("China is not 7-10 years behind") // 1
 */
export function countNegations(text: string): number {
  let n = 0;
  for (const w of tokenizeWords(text)) if (NEGATIONS.has(w) || POLARITY_SHIFTERS.has(w)) n++;
  return n;
}

export const HASHED_DIMS = 128;

/**
 * A hashed, L2-normalised bag of content stems (signed feature hashing).
 * @example hashedVector("uniforms reduce bullying").length // 128
 */
export function hashedVector(text: string, dims = HASHED_DIMS): Float32Array {
  const v = new Float32Array(dims);
  for (const w of contentStems(text)) {
    const h = fnv1a(w);
    v[h % dims] = v[h % dims]! + ((h >>> 31) & 1 ? -1 : 1);
  }
  let n = 0;
  for (let i = 0; i < dims; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < dims; i++) v[i] = v[i]! / n;
  return v;
}

/**
 * A scorer from content-stem overlap: the share of the key point's stems found in the argument,
 * blended with Dice so that a long argument does not match every short key point.
 * @example lexicalScorer().score("School uniforms reduce bullying a lot", "Uniforms reduce bullying") // 0.85
 */
export function lexicalScorer(): KeyPointScorer {
  const cache = new Map<string, Set<string>>();
  const bag = (t: string): Set<string> => {
    let s = cache.get(t);
    if (!s) {
      if (cache.size > 200_000) cache.clear();
      cache.set(t, (s = new Set(contentStems(t))));
    }
    return s;
  };
  return {
    score(a, b) {
      const A = bag(a);
      const B = bag(b);
      if (A.size === 0 || B.size === 0) return 0;
      let inter = 0;
      for (const w of B) if (A.has(w)) inter++;
      const containment = inter / B.size;
      const dice = (2 * inter) / (A.size + B.size);
      return 0.5 * containment + 0.5 * dice;
    },
    embed: (t) => hashedVector(t),
  };
}

/**
 * Adapt the classic engine's trained pair matcher (`score(argument, keyPoint)`) and, optionally,
 * its sentence vectors.
 * @example scorerFromMatcher(models.keyPointMatcher, (t) => models.sentenceVector(t))
 */
export function scorerFromMatcher(
  matcher: { score(argument: string, keyPoint: string): number },
  embed?: (text: string) => Float32Array,
): KeyPointScorer {
  const cache = new Map<string, number>();
  return {
    score(a, b) {
      if (a === b) return 1;
      const key = `${a}\u0000${b}`;
      let s = cache.get(key);
      if (s === undefined) {
        if (cache.size > 500_000) cache.clear();
        s = Math.max(0, Math.min(1, matcher.score(a, b)));
        cache.set(key, s);
      }
      return s;
    },
    ...(embed ? { embed } : {}),
  };
}

/**
 * The classic engine's trained matcher with SIF sentence vectors for shortlisting.
 * @example const scorer = classicScorer(loadClassicModels())
 */
export function classicScorer(
  models: {
    keyPointMatcher: { score(argument: string, keyPoint: string, topic?: string): number };
    embeddings: { sentenceVector(words: readonly string[]): Float32Array };
  },
  topic?: string,
): KeyPointScorer {
  return scorerFromMatcher(
    { score: (a, b) => models.keyPointMatcher.score(a, b, topic) },
    (t) => {
      const v = models.embeddings.sentenceVector(tokenizeWords(t).filter((w) => !STOPWORDS.has(w)));
      return v.some((x) => x !== 0) ? v : hashedVector(t, v.length);
    },
  );
}
