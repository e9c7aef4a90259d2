/**
 * Average precision exactly as scikit-learn's `average_precision_score` computes it for binary
 * labels: sort by score descending; every distinct score is one threshold (tied scores enter
 * together); AP = Σₙ (Rₙ − Rₙ₋₁) · Pₙ over those thresholds, with R₀ = 0. No interpolation.
 * With no positive label, recall is undefined; scikit-learn then yields 0, and so do we.
 *
 * @example averagePrecision([1, 0, 1], [0.9, 0.8, 0.7]) // (1/2)·1 + (1/2)·(2/3) = 0.8333…
 */
export function averagePrecision(labels: readonly (0 | 1 | number)[], scores: readonly number[]): number {
  if (labels.length !== scores.length) {
    throw new RangeError(`averagePrecision: ${labels.length} labels but ${scores.length} scores`);
  }
  const positives = labels.reduce<number>((s, l) => s + (l ? 1 : 0), 0);
  if (positives === 0) return 0;
  const order = labels.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    tp += labels[i] ? 1 : 0;
    seen++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue; // same threshold
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
  }
  return ap;
}
