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
 * analyses each distinct text once per clustering run.
 * @example const scorer = classicScorer(loadClassicModels())
 */
export function classicScorer<A extends { content: readonly string[] }>(
  models: {
    keyPointMatcher: ClassicMatcher<A>;
    embeddings: { sentenceVector(words: readonly string[], out?: Float32Array): Float32Array };
  },
  topic?: string,
): SyncKeyPointScorer {
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
  return batchScorer({
    score: base.score,
    embed,
    session(): PairScorer {
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
