/**
 * Head selection: for every source unit, a softmax over its candidate targets plus "no link"
 * (a conditional logit model over hashed sparse features, as in dependency parsing by head
 * selection). Trained with seeded AdaGrad SGD like `logreg.ts`, and stored as a binary
 * `LogRegModel` (one row, no bias): a candidate's score is `w · x`, its probability the softmax
 * of the scores within its group. Normalising per source is what an independent link classifier
 * lacks: a unit with one clear target and a unit with five plausible ones get comparable scores.
 */
import type { SparseVector } from "./hash.js";
import type { LogRegModel } from "./logreg.js";
import { seededRandom } from "../../../util/random.js";

/** One source: its candidate vectors (index 0 is "no link") and the gold candidate's index. */
export interface HeadGroup {
  candidates: readonly SparseVector[];
  gold: number;
}

export interface HeadSelectOptions {
  bits: number;
  l2?: number;
  epochs?: number;
  learningRate?: number;
  seed?: number;
}

const round = (v: number) => Number(v.toPrecision(4));

/**
 * Train a head-selection model.
 * @example const m = trainHeadSelection(groups, { bits: 16, seed: 3 }); headProbs(m, group.candidates)
 */
export function trainHeadSelection(groups: readonly HeadGroup[], opts: HeadSelectOptions): LogRegModel {
  const l2 = opts.l2 ?? 1e-5;
  const epochs = opts.epochs ?? 8;
  const lr = opts.learningRate ?? 0.1;
  const rand = seededRandom(opts.seed ?? 1);
  const w = new Float64Array(1 << opts.bits);
  const g2 = new Float64Array(1 << opts.bits);
  const order = groups.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const gi of order) {
      const g = groups[gi]!;
      const p = softmaxScores(w, g.candidates);
      g.candidates.forEach((x, c) => {
        const d = p[c]! - (c === g.gold ? 1 : 0);
        for (let k = 0; k < x.idx.length; k++) {
          const j = x.idx[k]!;
          const grad = d * x.val[k]! + l2 * w[j]!;
          if (grad === 0) continue;
          g2[j] = g2[j]! + grad * grad;
          w[j] = w[j]! - (lr * grad) / Math.sqrt(g2[j]!);
        }
      });
    }
  }
  return { classes: 2, bits: opts.bits, bias: [0], rows: [Float32Array.from(w, (v) => round(v))] };
}

function softmaxScores(w: ArrayLike<number>, candidates: readonly SparseVector[]): number[] {
  const s = candidates.map((x) => {
    let v = 0;
    for (let k = 0; k < x.idx.length; k++) v += w[x.idx[k]!]! * x.val[k]!;
    return v;
  });
  let max = -Infinity;
  for (const v of s) if (v > max) max = v;
  let z = 0;
  const e = s.map((v) => {
    const x = Math.exp(v - max);
    z += x;
    return x;
  });
  return e.map((v) => v / z);
}

/**
 * Probabilities of a group's candidates under a head-selection model (index 0: "no link").
 * @example headProbs(model, [noneVector, ...pairVectors])[0] // P(no link)
 */
export function headProbs(model: LogRegModel, candidates: readonly SparseVector[]): number[] {
  return softmaxScores(model.rows[0]!, candidates);
}
