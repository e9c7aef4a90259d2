/**
 * Feature hashing: every feature is a name (namespaced string) with a value, hashed with 32-bit
 * FNV-1a into `2^bits` buckets. Stable across runs, platforms and Node versions. (the hash: `src/util/hash.ts`).
 */

import { FNV_OFFSET, fnv1aChar, fnv1aMore } from "../../../util/hash.js";

/** A sparse vector: parallel arrays of strictly increasing indices and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/**
 * Accumulator for one builder at a time (taken from a pool, given back by `build`): a small
 * open-addressing table from bucket to value that stays in cache, unlike a dense `2^bits` array.
 */
interface Table {
  /** Bucket per slot, -1 when the slot is empty. */
  keys: Int32Array;
  vals: Float64Array;
  /** Occupied slots in first-use order. */
  slots: Int32Array;
  n: number;
  shift: number;
}

const TABLE_MAX_BITS = 30;
const pool: Table[] = [];

function newTable(logSize: number): Table {
  const size = 1 << logSize;
  return {
    keys: new Int32Array(size).fill(-1),
    vals: new Float64Array(size),
    slots: new Int32Array(size >>> 1),
    n: 0,
    shift: 32 - logSize,
  };
}

function slotOf(t: Table, key: number): number {
  const mask = t.keys.length - 1;
  let slot = Math.imul(key, 0x9e3779b1) >>> t.shift;
  while (t.keys[slot] !== key && t.keys[slot] !== -1) slot = (slot + 1) & mask;
  return slot;
}

/** Double the table when it is half full (slots keep their first-use order). */
function grow(t: Table): Table {
  const bigger = newTable(33 - t.shift);
  for (let j = 0; j < t.n; j++) {
    const old = t.slots[j]!;
    const slot = slotOf(bigger, t.keys[old]!);
    bigger.keys[slot] = t.keys[old]!;
    bigger.vals[slot] = t.vals[old]!;
    bigger.slots[bigger.n++] = slot;
  }
  return bigger;
}

/**
 * Collects named features and hashes them into a sparse vector (values of colliding names add up,
 * in the order they were added).
 * @example
 * const f = new FeatureBuilder(18); f.add("w:tax"); f.add("cos", 0.8); const x = f.build();
 */
export class FeatureBuilder {
  private readonly map: Map<number, number> | undefined;
  private table: Table | undefined;
  private readonly mask: number;
  constructor(readonly bits: number) {
    this.mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
    if (bits <= TABLE_MAX_BITS) this.table = pool.pop() ?? newTable(10);
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
    let t = this.table;
    if (t) {
      let slot = slotOf(t, i);
      if (t.keys[slot] === i) t.vals[slot] = t.vals[slot]! + value;
      else {
        if (t.n === t.slots.length) {
          t = this.table = grow(t);
          slot = slotOf(t, i);
        }
        t.keys[slot] = i;
        t.vals[slot] = value;
        t.slots[t.n++] = slot;
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
  /** The sparse vector; the builder cannot be used after this. */
  build(): SparseVector {
    const t = this.table;
    if (t) {
      const n = t.n;
      // One allocation for both arrays: values first (8-byte aligned), then indices.
      const buffer = new ArrayBuffer(n * 12);
      const val = new Float64Array(buffer, 0, n);
      const idx = new Int32Array(buffer, n * 8, n);
      for (let j = 0; j < n; j++) idx[j] = t.keys[t.slots[j]!]!;
      idx.sort();
      for (let j = 0; j < n; j++) val[j] = t.vals[slotOf(t, idx[j]!)]!;
      for (let j = 0; j < n; j++) t.keys[t.slots[j]!] = -1;
      t.n = 0;
      this.table = undefined;
      if (pool.length < 4 && t.keys.length <= 1 << 16) pool.push(t);
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
  for (let n = 1; n <= maxN; n++)
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}

/**
 * Add the word 1- and 2-grams of `tokens` under the name prefix whose hash state is `prefixHash`,
 * in the order of `ngrams(tokens, 2)`: equivalent to
 * `f.addAll(ngrams(tokens, 2).map((g) => prefix + g), value)` without building the strings.
 */
export function addUniBigrams(
  f: FeatureBuilder,
  prefixHash: number,
  tokens: readonly string[],
  value = 1,
): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) f.addHash(fnv1aMore(prefixHash, tokens[i]!), value);
  for (let i = 0; i + 1 < n; i++)
    f.addHash(fnv1aMore(fnv1aChar(fnv1aMore(prefixHash, tokens[i]!), 32), tokens[i + 1]!), value);
}
