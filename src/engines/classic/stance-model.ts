/**
 * The reply-stance classifier as the engine uses it: a validated model file plus the feature
 * extraction of `learn/stance-features.ts`. Pure (the file comes in already read).
 */
import type { Token } from "../../segment/index.js";
import { analyseText, analyseTokens, type Analysed } from "./learn/analyse.js";
import type { Embeddings } from "./learn/embeddings.js";
import { predictProba, type LogRegModel } from "./learn/logreg.js";
import { stanceFeatures, type StanceClass } from "./learn/stance-features.js";

/** Probabilities of the three stances of a reply toward its parent (they sum to 1). */
export type StanceScores = Record<StanceClass, number>;

/** A text to score: the raw string, or the string with the segmenter's tokens (not re-tokenised). */
export type StanceInput = string | { text: string; tokens: readonly Token[] };

export interface ReplyStanceModel {
  name: string;
  version: string;
  /**
   * P(support), P(attack), P(none) of `reply` toward `parent`.
   * @example model.score("We should ban cars downtown.", "Exactly -- the air would be cleaner.").support
   */
  score(parent: StanceInput, reply: StanceInput): StanceScores;
}

/**
 * Build the classifier from the validated `reply-stance.json` (classes in `STANCE_CLASSES`
 * order) and the word vectors.
 * @example createReplyStanceModel({ file, model }, embeddings)
 */
export function createReplyStanceModel(
  { file, model }: { file: { name: string; version: string }; model: LogRegModel },
  embeddings: Embeddings,
): ReplyStanceModel {
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
    score(parent, reply) {
      const p = predictProba(model, stanceFeatures(analyse(parent), analyse(reply), embeddings));
      return { support: p[0]!, attack: p[1]!, none: p[2]! };
    },
  };
}
