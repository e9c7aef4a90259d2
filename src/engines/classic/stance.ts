/**
 * Reply stance for the relate stage: how a reply (or a unit of it) stands toward the text it
 * answers — support, attack or neither — from the trained classifier in
 * `models/reply-stance.json` (loaded on first call). The opener lexicons are among its features,
 * not the decision.
 */
import { loadReplyStanceModel } from "./models.js";
import type { StanceInput, StanceScores } from "./stance-model.js";

export type { StanceInput, StanceScores } from "./stance-model.js";
export { STANCE_CLASSES, type StanceClass } from "./learn/stance-features.js";

/**
 * P(support), P(attack), P(none) of `reply` toward `parent`. Pass `{ text, tokens }` (the
 * segmenter's tokens of that text) to avoid re-tokenising; plain strings are analysed here.
 * A reply that quotes its parent and answers it gets P(none) = 0; `opts.quotes` says so when
 * the caller already knows (the quoted lines are not in `reply`).
 *
 * @example
 * const p = scoreReplyStance("Sanctions slowed their program.", "Exactly -- that was the point.");
 * p.support > p.attack // true
 */
export function scoreReplyStance(
  parent: StanceInput,
  reply: StanceInput,
  opts?: { quotes?: boolean },
): StanceScores {
  return loadReplyStanceModel().score(parent, reply, opts);
}

/**
 * The most probable stance and its probability.
 * @example replyStanceLabel(scoreReplyStance(parent, reply)) // { kind: "attack", p: 0.71 }
 */
export function replyStanceLabel(scores: StanceScores): { kind: keyof StanceScores; p: number } {
  let kind: keyof StanceScores = "support";
  for (const k of ["attack", "none"] as const) if (scores[k] > scores[kind]) kind = k;
  return { kind, p: scores[kind] };
}
