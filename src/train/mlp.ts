/**
 * A small multilayer perceptron for a binary decision over a few dense values: standardised
 * inputs, one tanh hidden layer, a sigmoid output; trained on weighted log loss with seeded
 * minibatch Adam. Deterministic: same data, options and seed → identical weights (and, after
 * rounding, identical JSON).
 */
import { z } from "zod";
import { seededRandom } from "../util/random.js";

export interface MlpOptions {
  hidden: number;
  epochs: number;
  seed: number;
  /** Adam step size. Default 0.003. */
  learningRate?: number;
  /** L2 on the weights (not biases), per example. Default 1e-4. */
  l2?: number;
  /** Minibatch size. Default 32. */
  batch?: number;
}

export const MlpJson = z.object({
  kind: z.literal("mlp"),
  inputs: z.number().int().positive(),
  hidden: z.number().int().positive(),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  /** hidden × inputs, row-major. */
  w1: z.array(z.number()),
  b1: z.array(z.number()),
  w2: z.array(z.number()),
  b2: z.number(),
});
export type MlpModel = z.infer<typeof MlpJson>;

const round = (x: number): number => Number(x.toPrecision(7));

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Train on dense vectors `v` (all of one length) with labels `y` and weights `w`.
 * @example const m = trainMlp([{ v: Float64Array.of(0.9), y: 1, w: 1 }], { hidden: 4, epochs: 5, seed: 1 })
 */
export function trainMlp(
  data: readonly { v: ArrayLike<number>; y: 0 | 1; w: number }[],
  opts: MlpOptions,
): MlpModel {
  const n = data.length;
  if (n === 0) throw new RangeError("trainMlp: no examples");
  const d = data[0]!.v.length;
  const H = opts.hidden;
  const lr = opts.learningRate ?? 0.003;
  const l2 = opts.l2 ?? 1e-4;
  const batch = opts.batch ?? 32;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  let wsum = 0;
  for (const e of data) {
    wsum += e.w;
    for (let i = 0; i < d; i++) mean[i] = mean[i]! + e.w * e.v[i]!;
  }
  for (let i = 0; i < d; i++) mean[i] = mean[i]! / wsum;
  for (const e of data) for (let i = 0; i < d; i++) scale[i] = scale[i]! + e.w * (e.v[i]! - mean[i]!) ** 2;
  for (let i = 0; i < d; i++) scale[i] = 1 / Math.max(1e-6, Math.sqrt(scale[i]! / wsum));
  const wMean = wsum / n;
  const rand = seededRandom(opts.seed);
  const w1 = Float64Array.from({ length: H * d }, () => (rand() * 2 - 1) * Math.sqrt(3 / d));
  const b1 = new Float64Array(H);
  const w2 = Float64Array.from({ length: H }, () => (rand() * 2 - 1) * Math.sqrt(3 / H));
  let b2 = 0;
  // Adam state for w1, b1, w2, b2 packed in one vector.
  const P = H * d + H + H + 1;
  const g = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  let step = 0;
  const x = new Float64Array(d);
  const h = new Float64Array(H);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let from = 0; from < n; from += batch) {
      g.fill(0);
      const to = Math.min(n, from + batch);
      for (let k = from; k < to; k++) {
        const e = data[order[k]!]!;
        for (let i = 0; i < d; i++) x[i] = (e.v[i]! - mean[i]!) * scale[i]!;
        let z = b2;
        for (let j = 0; j < H; j++) {
          let s = b1[j]!;
          for (let i = 0; i < d; i++) s += w1[j * d + i]! * x[i]!;
          h[j] = Math.tanh(s);
          z += w2[j]! * h[j]!;
        }
        const dz = ((sigmoid(z) - e.y) * e.w) / wMean;
        for (let j = 0; j < H; j++) {
          g[H * d + H + j] = g[H * d + H + j]! + dz * h[j]!;
          const dh = dz * w2[j]! * (1 - h[j]! * h[j]!);
          g[H * d + j] = g[H * d + j]! + dh;
          for (let i = 0; i < d; i++) g[j * d + i] = g[j * d + i]! + dh * x[i]!;
        }
        g[P - 1] = g[P - 1]! + dz;
      }
      const bs = to - from;
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let p = 0; p < P; p++) {
        let gp = g[p]! / bs;
        const isWeight = p < H * d || (p >= H * d + H && p < P - 1);
        if (isWeight) {
          const wv = p < H * d ? w1[p]! : w2[p - H * d - H]!;
          gp += l2 * wv;
        }
        m1[p] = 0.9 * m1[p]! + 0.1 * gp;
        m2[p] = 0.999 * m2[p]! + 0.001 * gp * gp;
        const delta = (lr * (m1[p]! / c1)) / (Math.sqrt(m2[p]! / c2) + 1e-8);
        if (p < H * d) w1[p] = w1[p]! - delta;
        else if (p < H * d + H) b1[p - H * d] = b1[p - H * d]! - delta;
        else if (p < P - 1) w2[p - H * d - H] = w2[p - H * d - H]! - delta;
        else b2 -= delta;
      }
    }
  }
  return {
    kind: "mlp",
    inputs: d,
    hidden: H,
    mean: Array.from(mean, round),
    scale: Array.from(scale, round),
    w1: Array.from(w1, round),
    b1: Array.from(b1, round),
    w2: Array.from(w2, round),
    b2: round(b2),
  };
}

/**
 * P(class 1) of one dense vector.
 * @example predictMlp(model, Float64Array.of(0.9))
 */
export function predictMlp(m: MlpModel, v: ArrayLike<number>): number {
  const d = m.inputs;
  let z = m.b2;
  for (let j = 0; j < m.hidden; j++) {
    let s = m.b1[j]!;
    for (let i = 0; i < d; i++) s += m.w1[j * d + i]! * (v[i]! - m.mean[i]!) * m.scale[i]!;
    z += m.w2[j]! * Math.tanh(s);
  }
  return sigmoid(z);
}
