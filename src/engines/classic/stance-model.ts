/**
 * The reply-stance classifier as the engine uses it: a validated model file plus the feature
 * extraction of `learn/stance-features.ts`. Pure (the file comes in already read).
 */
import type { Token } from "../../segment/index.js";
import { analyseText, analyseTokens, type Analysed } from "./learn/analyse.js";
import type { Embeddings } from "./learn/embeddings.js";
import { predictProba, type LogRegModel } from "./learn/logreg.js";
import { quotesAndAnswers } from "./learn/reply-form.js";
import { stanceFeatures, STANCE_FEATURES_VERSION, type StanceClass } from "./learn/stance-features.js";

/** Probabilities of the three stances of a reply toward its parent (they sum to 1). */
export type StanceScores = Record<StanceClass, number>;

/** A text to score: the raw string, or the string with the segmenter's tokens (not re-tokenised). */
export type StanceInput = string | { text: string; tokens: readonly Token[] };

export interface ReplyStanceModel {
  name: string;
  version: string;
  /**
   * P(support), P(attack), P(none) of `reply` toward `parent`. A reply that quotes its parent
   * and answers it takes a side: P(none) is 0 (its share goes to support and attack in
   * proportion), unless `opts.quotes` says otherwise.
   * @example model.score("We should ban cars downtown.", "Exactly -- the air would be cleaner.").support
   */
  score(parent: StanceInput, reply: StanceInput, opts?: { quotes?: boolean }): StanceScores;
}

/**
 * The scores of a reply known to answer a quoted line: P(none) moved to support and attack in
 * proportion to them.
 * @example takeASide({ support: 0.2, attack: 0.2, none: 0.6 }) // { support: 0.5, attack: 0.5, none: 0 }
 */
export function takeASide(p: StanceScores): StanceScores {
  const sided = p.support + p.attack;
  if (sided <= 0) return { support: 0.5, attack: 0.5, none: 0 };
  return { support: p.support / sided, attack: p.attack / sided, none: 0 };
}

/**
 * Build the classifier from the validated `reply-stance.json` (classes in `STANCE_CLASSES`
 * order; `features` is the feature-set version, 1 when absent) and the word vectors.
 * @example createReplyStanceModel({ file, model }, embeddings)
 */
export function createReplyStanceModel(
  { file, model }: { file: { name: string; version: string; features?: number }; model: LogRegModel },
  embeddings: Embeddings,
): ReplyStanceModel {
  const version = (file.features ?? 1) >= STANCE_FEATURES_VERSION ? STANCE_FEATURES_VERSION : 1;
  const cache = new Map<string, Analysed>();
  const analyse = (input: StanceInput): { text: string; analysed: Analysed } => {
    if (typeof input !== "string") return { text: input.text, analysed: analyseTokens([...input.tokens]) };
    let a = cache.get(input);
    if (!a) {
      if (cache.size > 2000) cache.clear();
      cache.set(input, (a = analyseText(input)));
    }
    return { text: input, analysed: a };
  };
  return {
    name: file.name,
    version: file.version,
    score(parent, reply, opts = {}) {
      const P = analyse(parent);
      const R = analyse(reply);
      const p = predictProba(model, stanceFeatures(P, R, embeddings, { version }));
      const scores = { support: p[0]!, attack: p[1]!, none: p[2]! };
      return (opts.quotes ?? quotesAndAnswers(P.text, R.text)) ? takeASide(scores) : scores;
    },
  };
}
