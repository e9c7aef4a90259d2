/**
 * Feature hashing: every feature is a name (namespaced string) with a value, hashed with 32-bit
 * FNV-1a into `2^bits` buckets. Stable across runs, platforms and Node versions.
 */

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units.
 * @example fnv1a("claim") // always the same unsigned 32-bit integer
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sparse vector: parallel arrays of strictly increasing indices and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/**
 * Collects named features and hashes them into a sparse vector (values of colliding names add up).
 * @example
 * const f = new FeatureBuilder(18); f.add("w:tax"); f.add("cos", 0.8); const x = f.build();
 */
export class FeatureBuilder {
  private readonly map = new Map<number, number>();
  private readonly mask: number;
  constructor(readonly bits: number) {
    this.mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  }
  /** Add `value` to the feature called `name` (ignored when the value is 0 or not finite). */
  add(name: string, value = 1): this {
    if (value === 0 || !Number.isFinite(value)) return this;
    const i = fnv1a(name) & this.mask;
    this.map.set(i, (this.map.get(i) ?? 0) + value);
    return this;
  }
  /** Add each name once with the same value. */
  addAll(names: Iterable<string>, value = 1): this {
    for (const n of names) this.add(n, value);
    return this;
  }
  build(): SparseVector {
    const idx = Int32Array.from(this.map.keys()).sort();
    const val = new Float64Array(idx.length);
    idx.forEach((k, j) => (val[j] = this.map.get(k)!));
    return { idx, val };
  }
}

/** Word n-grams (n = 1..maxN) of a token list, joined by a space. */
export function ngrams(tokens: readonly string[], maxN: number): string[] {
  const out: string[] = [];
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}
