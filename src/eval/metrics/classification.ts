/** Precision, recall and F1 from counts, per-class reports and macro averages (scikit-learn conventions: 0 when undefined). */

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/**
 * P/R/F1 from counts; a ratio with a zero denominator is 0.
 * @example prf(2, 1, 1) // { precision: 2/3, recall: 2/3, f1: 2/3, … }
 */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

/** Sum the counts of several reports and recompute P/R/F1 (micro pooling, e.g. across folds). */
export function sumPrf(parts: readonly Prf[]): Prf {
  return prf(
    parts.reduce((s, p) => s + p.tp, 0),
    parts.reduce((s, p) => s + p.fp, 0),
    parts.reduce((s, p) => s + p.fn, 0),
  );
}

export interface ClassReport<L extends string> {
  perClass: Record<L, Prf>;
  /** Unweighted mean of the per-class F1 over `classes` (scikit-learn `f1_score(average="macro")`). */
  macroF1: number;
  accuracy: number;
}

/**
 * Per-class P/R/F1 and macro-F1 of a single-label classification.
 * @example classReport(["a", "b"], ["a", "a"], ["a", "b"]).macroF1 // (2/3 + 0) / 2
 */
export function classReport<L extends string>(
  classes: readonly L[],
  gold: readonly L[],
  pred: readonly L[],
): ClassReport<L> {
  if (gold.length !== pred.length)
    throw new RangeError(`classReport: ${gold.length} gold but ${pred.length} predicted`);
  const perClass = {} as Record<L, Prf>;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = pred[i];
      if (p === c && g === c) tp++;
      else if (p === c) fp++;
      else if (g === c) fn++;
    });
    perClass[c] = prf(tp, fp, fn);
  }
  return {
    perClass,
    macroF1: macroF1(classes.map((c) => perClass[c])),
    accuracy: gold.length === 0 ? 0 : gold.filter((g, i) => g === pred[i]).length / gold.length,
  };
}

/** Mean F1 of the given reports. */
export function macroF1(reports: readonly Prf[]): number {
  return reports.length === 0 ? 0 : reports.reduce((s, r) => s + r.f1, 0) / reports.length;
}

/**
 * The threshold that maximises F1 of `score ≥ t → positive`, with P/R/F1 there. Candidate
 * thresholds are the distinct scores; ties in F1 go to the higher threshold.
 * @example bestThreshold([1, 0, 1], [0.9, 0.8, 0.7]).f1 // 0.8 (t = 0.7: P 2/3, R 1)
 */
export function bestThreshold(
  labels: readonly number[],
  scores: readonly number[],
): Prf & { threshold: number } {
  const positives = labels.reduce((s, l) => s + (l ? 1 : 0), 0);
  const order = labels.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let best = { ...prf(0, 0, positives), threshold: Infinity };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const r = prf(tp, fp, positives - tp);
    if (r.f1 > best.f1) best = { ...r, threshold: scores[i]! };
  }
  return best;
}
