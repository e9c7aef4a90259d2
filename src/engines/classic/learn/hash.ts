/**
 * Feature hashing: every feature is a name (namespaced string) with a value, hashed with 32-bit
 * FNV-1a into `2^bits` buckets. Stable across runs, platforms and Node versions.
 *
 * Hot callers hash incrementally (`fnv1aMore`) instead of building the name string: FNV-1a of a
 * concatenation equals FNV-1a continued over the second part, so `fnv1aMore(fnv1a("w:"), "tax")`
 * is `fnv1a("w:tax")` without allocating "w:tax".
 */

/** FNV-1a offset basis: the hash of the empty string. */
export const FNV_OFFSET = 0x811c9dc5;

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units.
 * @example fnv1a("claim") // always the same unsigned 32-bit integer
 */
export function fnv1a(s: string): number {
  return fnv1aMore(FNV_OFFSET, s) >>> 0;
}

/**
 * Continue an FNV-1a hash `h` over the code units of `s` (result is a signed 32-bit state; `>>> 0`
 * gives the unsigned hash).
 * @example (fnv1aMore(fnv1aMore(FNV_OFFSET, "w:"), "tax") >>> 0) === fnv1a("w:tax")
 */
export function fnv1aMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** FNV-1a state after one more code unit (e.g. the space between the words of an n-gram). */
export function fnv1aChar(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** A sparse vector: parallel arrays of strictly increasing indices and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/** Dense accumulator for one builder at a time (taken from a pool, given back by `build`). */
interface Scratch {
  val: Float64Array;
  /** One bit per bucket: set while the bucket holds a value. */
  used: Uint32Array;
  /** Buckets in first-use order. */
  touched: Int32Array;
  n: number;
}

const DENSE_MAX_BITS = 20;
const pools = new Map<number, Scratch[]>();

function takeScratch(bits: number): Scratch {
  const s = pools.get(bits)?.pop();
  if (s) return s;
  const size = 1 << bits;
  return { val: new Float64Array(size), used: new Uint32Array(Math.max(1, size >>> 5)), touched: new Int32Array(64), n: 0 };
}

function giveScratch(bits: number, s: Scratch): void {
  let pool = pools.get(bits);
  if (!pool) pools.set(bits, (pool = []));
  if (pool.length < 4) pool.push(s);
}

/** The used buckets in increasing order; clears the scratch for the next builder. */
function drainSorted(s: Scratch): Int32Array {
  const n = s.n;
  const used = s.used;
  let idx: Int32Array;
  if (n * 16 < used.length) {
    idx = s.touched.slice(0, n).sort();
    for (let j = 0; j < n; j++) used[idx[j]! >>> 5] = 0;
  } else {
    // Many buckets: read them off the bitmap in order instead of sorting.
    idx = new Int32Array(n);
    let j = 0;
    for (let word = 0; word < used.length && j < n; word++) {
      let bitsLeft = used[word]!;
      if (bitsLeft === 0) continue;
      used[word] = 0;
      while (bitsLeft !== 0) {
        const low = bitsLeft & -bitsLeft;
        idx[j++] = (word << 5) | (31 - Math.clz32(low));
        bitsLeft ^= low;
      }
    }
  }
  s.n = 0;
  return idx;
}

/**
 * Collects named features and hashes them into a sparse vector (values of colliding names add up,
 * in the order they were added).
 * @example
 * const f = new FeatureBuilder(18); f.add("w:tax"); f.add("cos", 0.8); const x = f.build();
 */
export class FeatureBuilder {
  private readonly map: Map<number, number> | undefined;
  private scratch: Scratch | undefined;
  private readonly mask: number;
  constructor(readonly bits: number) {
    this.mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
    if (bits <= DENSE_MAX_BITS) this.scratch = takeScratch(bits);
    else this.map = new Map();
  }
  /** Add `value` to the feature called `name` (ignored when the value is 0 or not finite). */
  add(name: string, value = 1): this {
    return this.addHash(fnv1aMore(FNV_OFFSET, name), value);
  }
  /**
   * Add `value` to the feature whose FNV-1a hash (or hash state, see `fnv1aMore`) is `hash`.
   * @example f.addHash(fnv1a("w:tax")) // same as f.add("w:tax")
   */
  addHash(hash: number, value = 1): this {
    if (value === 0 || !Number.isFinite(value)) return this;
    const i = hash & this.mask;
    const s = this.scratch;
    if (s) {
      const word = i >>> 5;
      const bit = 1 << (i & 31);
      if ((s.used[word]! & bit) !== 0) s.val[i] = s.val[i]! + value;
      else {
        s.used[word] = s.used[word]! | bit;
        s.val[i] = value;
        if (s.n === s.touched.length) {
          const grown = new Int32Array(s.n * 2);
          grown.set(s.touched);
          s.touched = grown;
        }
        s.touched[s.n++] = i;
      }
    } else if (this.map) {
      this.map.set(i, (this.map.get(i) ?? 0) + value);
    } else throw new Error("FeatureBuilder: add after build()");
    return this;
  }
  /** Add each name once with the same value. */
  addAll(names: Iterable<string>, value = 1): this {
    for (const n of names) this.add(n, value);
    return this;
  }
  /** The sparse vector; a builder backed by a pooled accumulator cannot be used after this. */
  build(): SparseVector {
    const s = this.scratch;
    if (s) {
      const idx = drainSorted(s);
      const val = new Float64Array(idx.length);
      for (let j = 0; j < idx.length; j++) val[j] = s.val[idx[j]!]!;
      this.scratch = undefined;
      giveScratch(this.bits, s);
      return { idx, val };
    }
    const map = this.map;
    if (!map) throw new Error("FeatureBuilder: build() called twice");
    const idx = Int32Array.from(map.keys()).sort();
    const val = new Float64Array(idx.length);
    idx.forEach((k, j) => (val[j] = map.get(k)!));
    return { idx, val };
  }
}

/** Word n-grams (n = 1..maxN) of a token list, joined by a space. */
export function ngrams(tokens: readonly string[], maxN: number): string[] {
  const out: string[] = [];
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}

/**
 * Add the word 1- and 2-grams of `tokens` under the name prefix whose hash state is `prefixHash`,
 * in the order of `ngrams(tokens, 2)`: equivalent to
 * `f.addAll(ngrams(tokens, 2).map((g) => prefix + g), value)` without building the strings.
 */
export function addUniBigrams(f: FeatureBuilder, prefixHash: number, tokens: readonly string[], value = 1): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) f.addHash(fnv1aMore(prefixHash, tokens[i]!), value);
  for (let i = 0; i + 1 < n; i++)
    f.addHash(fnv1aMore(fnv1aChar(fnv1aMore(prefixHash, tokens[i]!), 32), tokens[i + 1]!), value);
}
