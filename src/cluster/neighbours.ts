/**
 * Shortlisting: for every query vector, the `k` most similar candidate vectors by cosine. Small
 * inputs are searched exhaustively; large ones through random-hyperplane LSH (Charikar 2002):
 * `tables` hash tables of `bits`-bit signatures, chosen so buckets hold a handful of candidates,
 * and exact cosine only inside the union of a query's buckets. Pure and seeded: same input, same
 * output.
 */
import { seededRandom } from "../util/random.js";

export interface NeighbourOptions {
  k: number;
  /** Cosine below which a candidate is never shortlisted. */
  minCosine: number;
  /** Use LSH (true), exhaustive search (false), or decide by size (undefined). */
  blocking?: boolean;
  /** Queries × candidates above which blocking is used when `blocking` is undefined. */
  exhaustiveLimit?: number;
  tables?: number;
  /** Most entries scanned per bucket (dense buckets are near-duplicates). Default max(16, 2k). */
  bucketScan?: number;
  seed?: number;
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Unit-length copy (zero vectors stay zero). */
export function normalise(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  if (n === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

/** Insert (index, score) into a top-k list kept sorted by score desc, then index asc. */
function pushTop(top: { i: number; s: number }[], i: number, s: number, k: number): void {
  if (top.length === k && (s < top[k - 1]!.s || (s === top[k - 1]!.s && i > top[k - 1]!.i))) return;
  let at = top.length;
  while (at > 0 && (top[at - 1]!.s < s || (top[at - 1]!.s === s && top[at - 1]!.i > i))) at--;
  top.splice(at, 0, { i, s });
  if (top.length > k) top.pop();
}

/**
 * For each query, up to `k` candidate indices with cosine ≥ `minCosine`, most similar first.
 * Vectors must be unit length (see `normalise`).
 * @example nearestCandidates(unitVecs, candVecs, { k: 8, minCosine: 0.1 })[0] // Int32Array of candidate indices
 */
export function nearestCandidates(
  queries: readonly Float32Array[],
  candidates: readonly Float32Array[],
  options: NeighbourOptions,
): { neighbours: Int32Array[]; blocked: boolean } {
  const { k, minCosine } = options;
  const blocked = options.blocking ?? queries.length * candidates.length > (options.exhaustiveLimit ?? 4_000_000);
  const out: Int32Array[] = [];
  if (candidates.length === 0) return { neighbours: queries.map(() => new Int32Array(0)), blocked };
  if (!blocked) {
    for (const q of queries) {
      const top: { i: number; s: number }[] = [];
      for (let c = 0; c < candidates.length; c++) {
        const s = dot(q, candidates[c]!);
        if (s >= minCosine) pushTop(top, c, s, k);
      }
      out.push(Int32Array.from(top.map((t) => t.i)));
    }
    return { neighbours: out, blocked };
  }
  const dims = candidates[0]!.length;
  const tables = options.tables ?? 8;
  const bits = Math.max(1, Math.min(24, Math.ceil(Math.log2(Math.max(2, candidates.length / 8)))));
  const next = seededRandom(options.seed ?? 0x5eed);
  const planes: Float32Array[][] = [];
  for (let t = 0; t < tables; t++) {
    const row: Float32Array[] = [];
    for (let b = 0; b < bits; b++) {
      const p = new Float32Array(dims);
      for (let d = 0; d < dims; d++) p[d] = gaussian(next);
      row.push(p);
    }
    planes.push(row);
  }
  const signature = (v: Float32Array, t: number): number => {
    let sig = 0;
    const row = planes[t]!;
    for (let b = 0; b < bits; b++) if (dot(v, row[b]!) >= 0) sig |= 1 << b;
    return sig;
  };
  const buckets: Map<number, number[]>[] = planes.map(() => new Map());
  candidates.forEach((v, c) => {
    for (let t = 0; t < tables; t++) {
      const sig = signature(v, t);
      const list = buckets[t]!.get(sig);
      if (list) list.push(c);
      else buckets[t]!.set(sig, [c]);
    }
  });
  const seen = new Int32Array(candidates.length).fill(-1);
  const cap = options.bucketScan ?? Math.max(16, 2 * k);
  queries.forEach((q, qi) => {
    const top: { i: number; s: number }[] = [];
    for (let t = 0; t < tables; t++) {
      const bucket = buckets[t]!.get(signature(q, t));
      if (!bucket) continue;
      // Dense buckets hold near-duplicates: scan a window of them, rotating per table and query.
      const scan = Math.min(bucket.length, cap);
      const offset = bucket.length > cap ? (qi * 7919 + t * cap) % bucket.length : 0;
      for (let j = 0; j < scan; j++) {
        const c = bucket[(offset + j) % bucket.length]!;
        if (seen[c] === qi) continue;
        seen[c] = qi;
        const s = dot(q, candidates[c]!);
        if (s >= minCosine) pushTop(top, c, s, k);
      }
    }
    out.push(Int32Array.from(top.map((t) => t.i)));
  });
  return { neighbours: out, blocked };
}
