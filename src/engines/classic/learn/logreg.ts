/**
 * L2-regularised logistic regression (binary and multinomial) over hashed sparse features,
 * trained with seeded AdaGrad SGD. Deterministic: same examples, options and seed → identical
 * weights, and serialisation rounds to a fixed number of significant digits so the JSON is
 * byte-identical too.
 */
import { z } from "zod";
import type { SparseVector } from "./hash.js";
import { seededRandom } from "../../../util/random.js";

export interface Example {
  x: SparseVector;
  /** Class index in `0 … classes-1`. */
  y: number;
  /** Example weight (default 1). */
  weight?: number;
}

export interface LogRegOptions {
  /** Number of classes; 2 trains a single sigmoid row. */
  classes: number;
  /** Hash bits of the feature space (feature indices must be `< 2^bits`). */
  bits: number;
  /** L2 strength per example (applied lazily to touched weights). Default 1e-5. */
  l2?: number;
  /** Passes over the data. Default 12. */
  epochs?: number;
  /** AdaGrad base learning rate. Default 0.3. */
  learningRate?: number;
  /** Shuffle seed. Default 1. */
  seed?: number;
}

/**
 * A trained model: one dense weight row per class (one row for binary) plus biases. Treat it as
 * immutable once trained: `predictProba` keeps an interleaved copy of the rows per model.
 */
export interface LogRegModel {
  classes: number;
  bits: number;
  bias: number[];
  /** Per row: `2^bits` weights indexed by hashed feature. */
  rows: Float32Array[];
}

/** The seeded PRNG shared with the eval folds (re-exported: tests and scripts use this name). */
export { seededRandom as mulberry32 } from "../../../util/random.js";

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Train a logistic regression.
 * @example
 * const m = trainLogReg(examples, { classes: 2, bits: 18, seed: 7 });
 * predictProba(m, x)[1] // P(class 1)
 */
export function trainLogReg(examples: readonly Example[], opts: LogRegOptions): LogRegModel {
  const { classes, bits } = opts;
  const l2 = opts.l2 ?? 1e-5;
  const epochs = opts.epochs ?? 12;
  const lr = opts.learningRate ?? 0.3;
  const rand = seededRandom(opts.seed ?? 1);
  const nRows = classes === 2 ? 1 : classes;
  const size = 1 << bits;
  const w = Array.from({ length: nRows }, () => new Float64Array(size));
  const g2 = Array.from({ length: nRows }, () => new Float64Array(size));
  const bias = new Float64Array(nRows);
  const bg2 = new Float64Array(nRows);
  const order = examples.map((_, i) => i);
  const margins = new Float64Array(nRows);
  const grad = new Float64Array(nRows);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const e of order) {
      const { x, y } = examples[e]!;
      const weight = examples[e]!.weight ?? 1;
      for (let r = 0; r < nRows; r++) {
        let s = bias[r]!;
        const wr = w[r]!;
        for (let k = 0; k < x.idx.length; k++) s += wr[x.idx[k]!]! * x.val[k]!;
        margins[r] = s;
      }
      if (nRows === 1) {
        grad[0] = (sigmoid(margins[0]!) - (y === 1 ? 1 : 0)) * weight;
      } else {
        let max = -Infinity;
        for (let r = 0; r < nRows; r++) max = Math.max(max, margins[r]!);
        let z = 0;
        for (let r = 0; r < nRows; r++) z += Math.exp(margins[r]! - max);
        for (let r = 0; r < nRows; r++)
          grad[r] = (Math.exp(margins[r]! - max) / z - (r === y ? 1 : 0)) * weight;
      }
      for (let r = 0; r < nRows; r++) {
        const gr = grad[r]!;
        const wr = w[r]!;
        const hr = g2[r]!;
        for (let k = 0; k < x.idx.length; k++) {
          const j = x.idx[k]!;
          const g = gr * x.val[k]! + l2 * wr[j]!;
          if (g === 0) continue;
          hr[j] = hr[j]! + g * g;
          wr[j] = wr[j]! - (lr * g) / Math.sqrt(hr[j]!);
        }
        bg2[r] = bg2[r]! + gr * gr;
        if (gr !== 0) bias[r] = bias[r]! - (lr * gr) / Math.sqrt(bg2[r]!);
      }
    }
  }
  return {
    classes,
    bits,
    bias: [...bias].map(round),
    rows: w.map((wr) => Float32Array.from(wr, (v) => (Math.abs(v) < PRUNE ? 0 : round(v)))),
  };
}

/** Weights of all rows interleaved by feature (`w[feature * rows + row]`), built once per model. */
const interleaved = new WeakMap<LogRegModel, Float32Array>();

function interleave(model: LogRegModel): Float32Array {
  let w = interleaved.get(model);
  if (!w) {
    const nRows = model.rows.length;
    const size = model.rows[0]?.length ?? 0;
    w = new Float32Array(size * nRows);
    for (let r = 0; r < nRows; r++) {
      const row = model.rows[r]!;
      for (let i = 0; i < size; i++) w[i * nRows + r] = row[i]!;
    }
    interleaved.set(model, w);
  }
  return w;
}

/**
 * Class probabilities for one vector (length `classes`). Each class score adds the feature terms
 * in index order, reading the weights of all classes for a feature together.
 */
export function predictProba(model: LogRegModel, x: SparseVector): number[] {
  const nRows = model.rows.length;
  const w = interleave(model);
  const m = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) m[r] = model.bias[r]!;
  const { idx, val } = x;
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k]! * nRows;
    const v = val[k]!;
    for (let r = 0; r < nRows; r++) m[r] = m[r]! + w[base + r]! * v;
  }
  if (model.classes === 2) {
    const p = sigmoid(m[0]!);
    return [1 - p, p];
  }
  let max = -Infinity;
  for (let r = 0; r < nRows; r++) if (m[r]! > max) max = m[r]!;
  const ex: number[] = [];
  let z = 0;
  for (let r = 0; r < nRows; r++) {
    const e = Math.exp(m[r]! - max);
    ex.push(e);
    z += e;
  }
  return ex.map((v) => v / z);
}

const SIG_DIGITS = 4;
const PRUNE = 1e-5;

/** Round to a few significant digits so files stay small and stable. */
function round(v: number): number {
  return Number(v.toPrecision(SIG_DIGITS));
}

/** The serialised form: each weight row as base64 of little-endian float32. */
export const LogRegJson = z.object({
  type: z.literal("logreg"),
  classes: z.number().int().min(2),
  bits: z.number().int().min(1).max(24),
  bias: z.array(z.number()),
  rows: z.array(z.string()),
});
export type LogRegJson = z.infer<typeof LogRegJson>;

function encodeRow(row: Float32Array): string {
  const view = new DataView(new ArrayBuffer(row.length * 4));
  row.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(view.buffer).toString("base64");
}

/** Float32Array's byte order is the platform's; on little-endian ones a row is copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decodeRow(b64: string, size: number): Float32Array {
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length !== size * 4)
    throw new RangeError(`weight row has ${bytes.length} bytes, expected ${size * 4}`);
  const row = new Float32Array(size);
  if (LITTLE_ENDIAN) {
    new Uint8Array(row.buffer).set(bytes);
    return row;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < size; i++) row[i] = view.getFloat32(i * 4, true);
  return row;
}

/** Serialise to a plain JSON-able object. */
export function serializeLogReg(model: LogRegModel): LogRegJson {
  return {
    type: "logreg",
    classes: model.classes,
    bits: model.bits,
    bias: model.bias,
    rows: model.rows.map(encodeRow),
  };
}

/** Rebuild a model from its validated JSON form. */
export function deserializeLogReg(json: unknown): LogRegModel {
  const m = LogRegJson.parse(json);
  const nRows = m.classes === 2 ? 1 : m.classes;
  if (m.rows.length !== nRows || m.bias.length !== nRows)
    throw new RangeError(`logreg: expected ${nRows} rows for ${m.classes} classes`);
  return {
    classes: m.classes,
    bits: m.bits,
    bias: m.bias,
    rows: m.rows.map((r) => decodeRow(r, 1 << m.bits)),
  };
}
