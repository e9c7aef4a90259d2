/**
 * The classic engine's key point scorer: the trained pair matcher (`keypoint-matcher.json`) with
 * SIF sentence vectors for the shortlist, behind the cluster stage's scorer port.
 */
import {
  batchScorer,
  hashedVector,
  scorerFromMatcher,
  type PairScorer,
  type SyncKeyPointScorer,
} from "../../cluster/scorer.js";
import { STOPWORDS, tokenizeWords } from "../../util/words.js";

/** The part of the classic key point matcher `classicScorer` uses. */
export interface ClassicMatcher<A extends { content: readonly string[] }> {
  score(argument: string, keyPoint: string, topic?: string): number;
  /** Analysis of a text (scored later with `scoreAnalysed`); used per clustering run when given. */
  analyse?(text: string): A;
  scoreAnalysed?(argument: A, keyPoint: A, topic?: ReadonlySet<string>): number;
}

/**
 * The classic engine's trained matcher with SIF sentence vectors for shortlisting. Its `session()`
 * analyses each distinct text once per clustering run; without a `topic`, a session given the
 * run's texts discounts the run's common words (`commonWords`) as it would the topic's.
 * @example const scorer = classicScorer(loadClassicModels())
 */
export function classicScorer<A extends { content: readonly string[] }>(
  models: {
    keyPointMatcher: ClassicMatcher<A>;
    embeddings: { sentenceVector(words: readonly string[], out?: Float32Array): Float32Array };
  },
  topic?: string,
  options: { commonShare?: number } = {},
): SyncKeyPointScorer {
  const m = models.keyPointMatcher;
  const share = options.commonShare ?? COMMON_SHARE;
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
  // The run's common words, kept for the run's later sessions (same texts array, no new analyses).
  const commonOfRun = new WeakMap<readonly string[], ReadonlySet<string>>();
  const scoreAnalysed = m.scoreAnalysed.bind(m);
  return batchScorer({
    score: base.score,
    embed,
    session(texts?: readonly string[]): PairScorer {
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
      // Without a topic, the run's common words stand in for it (the matcher learnt with the
      // topic's words discounted; scored with them, any two units of a run look alike).
      let topicWords: ReadonlySet<string> | undefined;
      if (topic) topicWords = new Set(analyse(topic).content);
      else if (texts) {
        topicWords = commonOfRun.get(texts);
        if (!topicWords) {
          topicWords = commonWords(texts, (t) => analyses[idOf(t)]!.content, share);
          commonOfRun.set(texts, topicWords);
        }
      }
      // Pair scores are not cached here: the cluster stage asks for each pair once per run.
      return {
        score(a, b) {
          if (a === b) return 1;
          return Math.max(0, Math.min(1, scoreAnalysed(analyses[idOf(a)]!, analyses[idOf(b)]!, topicWords)));
        },
        embed,
      };
    },
  });
}

/** Runs with fewer distinct unit texts have no common words (a word in a few of them is shared, not common). */
export const COMMON_MIN_TEXTS = 20;
/**
 * Default share of a run's distinct texts a content lemma must appear in to be one of its common
 * words. Chosen on ArgKP train, 4-fold CV by topic, key points made without the topic as
 * `argmap map` makes them (`KP_MAPLIKE=1 KP_RUN_COMMON=<share> npx tsx scripts/kp-matcher-cv.ts
 * base`): share 0.15 / 0.2 / 0.25 / 0.3 / 0.4 gave label coverage 0.473 / 0.486 / 0.490 / 0.459 /
 * 0.462, purity 0.580 / 0.581 / 0.584 / 0.579 / 0.566, argument coverage 0.453 / 0.490 / 0.529 /
 * 0.555 / 0.587; no common words: 0.393, 0.517, 0.846.
 */
export const COMMON_SHARE = 0.25;

/**
 * Content lemmas in at least `share` of the distinct texts (and at least 2), none when
 * there are fewer than `COMMON_MIN_TEXTS`: what the whole run is about, discounted like the
 * words of a debate topic.
 * @example commonWords(texts, (t) => analyse(t).content)
 */
export function commonWords(
  texts: readonly string[],
  contentOf: (text: string) => readonly string[],
  share = COMMON_SHARE,
): ReadonlySet<string> {
  const distinct = new Set(texts);
  const out = new Set<string>();
  if (distinct.size < COMMON_MIN_TEXTS) return out;
  const df = new Map<string, number>();
  for (const t of distinct) for (const w of new Set(contentOf(t))) df.set(w, (df.get(w) ?? 0) + 1);
  const min = Math.max(2, share * distinct.size);
  for (const [w, n] of df) if (n >= min) out.add(w);
  return out;
}
