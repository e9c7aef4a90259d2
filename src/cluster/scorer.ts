/**
 * Scorers for key point analysis. The cluster stage talks to the async `KeyPointScorer` port
 * (`engines/engine.ts`); in-process matchers implement the synchronous `PairScorer` and are lifted
 * to the port by `batchScorer`. `lexicalScorer` is the dependency-free fallback.
 */
import type { Embeddings, KeyPointScorer, ScorePair } from "../engines/engine.js";
import { fnv1a } from "../util/hash.js";
import { NEGATIONS, STOPWORDS, tokenizeWords } from "../util/words.js";

export type { KeyPointScorer, ScorePair, Embeddings };

/** A synchronous pair scorer: how well `argument` expresses `keyPoint`, in [0, 1]. */
export interface PairScorer {
  score(argument: string, keyPoint: string): number;
  /** A dense vector of a text for shortlisting; written into `out` (of its length) when given. */
  embed?(text: string, out?: Float32Array): Float32Array;
  /** Scores for one run, with per-run caches (see `KeyPointScorer.session`). */
  session?(texts?: readonly string[]): PairScorer;
}

/** A scorer that is both: the port for the cluster stage, the sync calls for direct use. */
export type SyncKeyPointScorer = KeyPointScorer & PairScorer;

/**
 * Lift a synchronous scorer to the async, batched port (scores and vectors unchanged).
 * @example const scores = await batchScorer(lexicalScorer()).scoreBatch([["a b c", "a b"]])
 */
export function batchScorer(sync: PairScorer): SyncKeyPointScorer {
  const embed = sync.embed?.bind(sync);
  return {
    score: (a, b) => sync.score(a, b),
    scoreBatch(pairs: readonly ScorePair[]) {
      const out = new Float64Array(pairs.length);
      for (let i = 0; i < pairs.length; i++) out[i] = sync.score(pairs[i]![0], pairs[i]![1]);
      return Promise.resolve(out);
    },
    ...(embed
      ? {
          embed,
          embedBatch(texts: readonly string[]): Promise<Embeddings> {
            if (texts.length === 0) return Promise.resolve({ dims: 0, vectors: new Float32Array(0) });
            const first = embed(texts[0]!);
            const dims = first.length;
            const vectors = new Float32Array(texts.length * dims);
            vectors.set(first);
            for (let i = 1; i < texts.length; i++) {
              const row = vectors.subarray(i * dims, (i + 1) * dims);
              const v = embed(texts[i]!, row);
              if (v.length !== dims)
                throw new RangeError(`embed: vector of ${v.length} dimensions, expected ${dims}`);
              if (v !== row) row.set(v);
            }
            return Promise.resolve({ dims, vectors });
          },
        }
      : {}),
    ...(sync.session ? { session: (texts?: readonly string[]) => batchScorer(sync.session!(texts)) } : {}),
  };
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
const POLARITY_SHIFTERS: ReadonlySet<string> = new Set(
  "less fewer hardly barely scarcely seldom nowhere unable fail fails failed".split(" "),
);

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
export function lexicalScorer(): SyncKeyPointScorer {
  const cache = new Map<string, Set<string>>();
  const bag = (t: string): Set<string> => {
    let s = cache.get(t);
    if (!s) {
      if (cache.size > 200_000) cache.clear();
      cache.set(t, (s = new Set(contentStems(t))));
    }
    return s;
  };
  return batchScorer({
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
  });
}

/**
 * Adapt the classic engine's trained pair matcher (`score(argument, keyPoint)`) and, optionally,
 * its sentence vectors.
 * @example scorerFromMatcher(models.keyPointMatcher, (t) => models.sentenceVector(t))
 */
export function scorerFromMatcher(
  matcher: { score(argument: string, keyPoint: string): number },
  embed?: (text: string) => Float32Array,
): SyncKeyPointScorer {
  const cache = new Map<string, number>();
  return batchScorer({
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
  });
}
