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
  /**
   * A dense vector of a text for shortlisting (cosine); hashed bag of words when absent. With
   * `out` (of the vector's length), the vector may be written into it and `out` returned.
   */
  embed?(text: string, out?: Float32Array): Float32Array;
  /**
   * A scorer for one clustering run, same scores, that may keep per-text work (analyses,
   * vectors, pair scores) for as long as the run holds it. `clusterKeyPoints` calls it once.
   */
  session?(): KeyPointScorer;
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

/** The part of the classic key point matcher `classicScorer` uses. */
export interface ClassicMatcher<A extends { content: readonly string[] }> {
  score(argument: string, keyPoint: string, topic?: string): number;
  /** Analysis of a text (scored later with `scoreAnalysed`); used per clustering run when given. */
  analyse?(text: string): A;
  scoreAnalysed?(argument: A, keyPoint: A, topic?: ReadonlySet<string>): number;
}

/**
 * The classic engine's trained matcher with SIF sentence vectors for shortlisting. Its `session()`
 * analyses each distinct text once per clustering run and caches pair scores under numeric keys.
 * @example const scorer = classicScorer(loadClassicModels())
 */
export function classicScorer<A extends { content: readonly string[] }>(
  models: {
    keyPointMatcher: ClassicMatcher<A>;
    embeddings: { sentenceVector(words: readonly string[], out?: Float32Array): Float32Array };
  },
  topic?: string,
): KeyPointScorer {
  const m = models.keyPointMatcher;
  const embed = (t: string, out?: Float32Array): Float32Array => {
    const words = tokenizeWords(t).filter((w) => !STOPWORDS.has(w));
    const v = out ? models.embeddings.sentenceVector(words, out) : models.embeddings.sentenceVector(words);
    if (v.some((x) => x !== 0)) return v;
    const h = hashedVector(t, v.length);
    if (out && out.length === h.length) {
      out.set(h);
      return out;
    }
    return h;
  };
  const base = scorerFromMatcher({ score: (a, b) => m.score(a, b, topic) }, embed);
  if (!m.analyse || !m.scoreAnalysed) return base;
  const analyse = m.analyse.bind(m);
  const scoreAnalysed = m.scoreAnalysed.bind(m);
  return {
    ...base,
    session() {
      const topicWords = topic ? new Set(analyse(topic).content) : undefined;
      const ids = new Map<string, number>();
      const analyses: A[] = [];
      const idOf = (t: string): number => {
        let i = ids.get(t);
        if (i === undefined) {
          i = analyses.length;
          ids.set(t, i);
          analyses.push(analyse(t));
        }
        return i;
      };
      const pairs = new Map<number, number>();
      return {
        score(a, b) {
          if (a === b) return 1;
          const ia = idOf(a);
          const ib = idOf(b);
          const key = ia * 0x4000000 + ib; // exact below 2^26 texts per run
          let s = pairs.get(key);
          if (s === undefined) {
            s = Math.max(0, Math.min(1, scoreAnalysed(analyses[ia]!, analyses[ib]!, topicWords)));
            pairs.set(key, s);
          }
          return s;
        },
        embed,
      };
    },
  };
}
