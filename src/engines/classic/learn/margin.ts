/**
 * Ranking of one argument's candidate key points by probability plus margin (the classic key
 * point matcher's scores as the engine and the evaluation use them).
 */

/**
 * Weight of the margin term in `rescoreWithMargin` (chosen on 5-fold-by-topic CV of ArgKP train:
 * strict mAP 0.695 → 0.711 for weights 0.5–2).
 */
export const KP_MARGIN_WEIGHT = 1;

/**
 * Ranking scores of one argument's candidate key points: each probability plus
 * `KP_MARGIN_WEIGHT` × its margin over the best other candidate. The argmax is unchanged; an
 * argument whose best key point clearly beats the others ranks above one with an ambiguous best.
 * @example rescoreWithMargin([0.8, 0.2]) // [1.4, -0.4]
 */
export function rescoreWithMargin(probs: readonly number[]): number[] {
  let best = -Infinity;
  let second = -Infinity;
  for (const p of probs) {
    if (p > best) [best, second] = [p, best];
    else if (p > second) second = p;
  }
  return probs.map((p) => {
    const other = p === best ? (Number.isFinite(second) ? second : 0) : best;
    return p + KP_MARGIN_WEIGHT * (p - other);
  });
}
