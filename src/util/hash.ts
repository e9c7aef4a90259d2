/**
 * 32-bit FNV-1a hashing of strings: stable across runs, platforms and Node versions. Used for
 * content ids, feature hashing and seeded choices.
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
