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

/** Scale `v` to unit length in place (a zero vector stays zero); returns `v`. */
export function normaliseInPlace(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  if (n === 0) return v;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

/** A reusable top-k list kept sorted by score desc, then index asc (no allocation per insert). */
class TopK {
  readonly idx: Int32Array;
  readonly score: Float64Array;
  size = 0;
  constructor(readonly k: number) {
    this.idx = new Int32Array(k);
    this.score = new Float64Array(k);
  }
  push(i: number, s: number): void {
    const { k, idx, score } = this;
    if (k === 0) return;
    if (this.size === k && (s < score[k - 1]! || (s === score[k - 1]! && i > idx[k - 1]!))) return;
    let at = this.size < k ? this.size : k - 1;
    while (at > 0 && (score[at - 1]! < s || (score[at - 1]! === s && idx[at - 1]! > i))) {
      score[at] = score[at - 1]!;
      idx[at] = idx[at - 1]!;
      at--;
    }
    score[at] = s;
    idx[at] = i;
    if (this.size < k) this.size++;
  }
  take(): Int32Array {
    const out = this.idx.slice(0, this.size);
    this.size = 0;
    return out;
  }
}

/** A shortlist index over candidate vectors: `query` gives one query's neighbours. */
export interface NeighbourIndex {
  /** True when LSH blocking is used (else exhaustive search). */
  readonly blocked: boolean;
  /**
   * Up to `k` candidate indices with cosine ≥ `minCosine`, most similar first. `qi` numbers the
   * query (0, 1, 2, … across calls): dense LSH buckets are scanned from an offset that depends on it.
   */
  query(q: Float32Array, qi: number): Int32Array;
}

/**
 * Index candidate vectors (unit length, see `normalise`) for repeated shortlist queries, so that
 * queries can come in batches and their results be dropped batch by batch. `queries` is how many
 * queries will be asked (it decides exhaustive search against LSH, as in `nearestCandidates`).
 * @example const index = neighbourIndex(candVecs, unitVecs.length, { k: 10, minCosine: 0.05 }); index.query(unitVecs[0], 0)
 */
export function neighbourIndex(
  candidates: readonly Float32Array[],
  queries: number,
  options: NeighbourOptions,
): NeighbourIndex {
  const { k, minCosine } = options;
  const blocked = options.blocking ?? queries * candidates.length > (options.exhaustiveLimit ?? 4_000_000);
  const top = new TopK(Math.max(0, k));
  if (candidates.length === 0) return { blocked, query: () => new Int32Array(0) };
  if (!blocked)
    return {
      blocked,
      query(q) {
        for (let c = 0; c < candidates.length; c++) {
          const s = dot(q, candidates[c]!);
          if (s >= minCosine) top.push(c, s);
        }
        return top.take();
      },
    };
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
  const buckets = bucketsOf(candidates, tables, signature);
  const seen = new Int32Array(candidates.length).fill(-1);
  const cap = options.bucketScan ?? Math.max(16, 2 * k);
  return {
    blocked,
    query(q, qi) {
      const { members } = buckets;
      for (let t = 0; t < tables; t++) {
        const at = buckets.find(t, signature(q, t));
        if (at < 0) continue;
        const from = Math.floor(at / BUCKET_SPAN);
        const size = at % BUCKET_SPAN;
        // Dense buckets hold near-duplicates: scan a window of them, rotating per table and query.
        const scan = Math.min(size, cap);
        const offset = size > cap ? (qi * 7919 + t * cap) % size : 0;
        for (let j = 0; j < scan; j++) {
          const c = members[from + ((offset + j) % size)]!;
          if (seen[c] === qi) continue;
          seen[c] = qi;
          const s = dot(q, candidates[c]!);
          if (s >= minCosine) top.push(c, s);
        }
      }
      return top.take();
    },
  };
}

/** A bucket's start in `members` (< 2^27) and its size (< 2^26), packed exactly in one number (start · span + size). */
const BUCKET_SPAN = 2 ** 26;

/**
 * The LSH buckets of every table as one Int32Array of candidate indices grouped by (table,
 * signature), in candidate order within a bucket (a counting sort: no array per bucket).
 * `find` gives a bucket's packed start and size, or -1.
 */
function bucketsOf(
  candidates: readonly Float32Array[],
  tables: number,
  signature: (v: Float32Array, t: number) => number,
): { members: Int32Array; find(t: number, sig: number): number } {
  if (candidates.length * tables >= 2 ** 27)
    throw new RangeError(`LSH: ${candidates.length} candidates × ${tables} tables is too many`);
  const n = candidates.length;
  const sigs = new Int32Array(n * tables);
  for (let c = 0; c < n; c++)
    for (let t = 0; t < tables; t++) sigs[c * tables + t] = signature(candidates[c]!, t);
  const starts: Map<number, number>[] = [];
  const members = new Int32Array(n * tables);
  for (let t = 0; t < tables; t++) {
    const count = new Map<number, number>();
    for (let c = 0; c < n; c++) {
      const sig = sigs[c * tables + t]!;
      count.set(sig, (count.get(sig) ?? 0) + 1);
    }
    // Bucket start offsets (in first-seen order), then fill: members of a bucket in candidate order.
    const start = new Map<number, number>();
    let at = t * n;
    for (const [sig, m] of count) {
      start.set(sig, at);
      at += m;
    }
    const fill = new Map(start);
    for (let c = 0; c < n; c++) {
      const sig = sigs[c * tables + t]!;
      const i = fill.get(sig)!;
      members[i] = c;
      fill.set(sig, i + 1);
    }
    for (const [sig, from] of start) start.set(sig, from * BUCKET_SPAN + count.get(sig)!);
    starts.push(start);
  }
  return { members, find: (t, sig) => starts[t]!.get(sig) ?? -1 };
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
  const index = neighbourIndex(candidates, queries.length, options);
  return { neighbours: queries.map((q, qi) => index.query(q, qi)), blocked: index.blocked };
}
