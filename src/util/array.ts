/**
 * Helpers for arrays whose size comes from the input. Spreading such an array into a call
 * (`Math.max(...xs)`, `out.push(...xs)`) puts every element on the stack and overflows it past
 * roughly 100,000 elements; these loop instead.
 */

/** The largest of `values`, or `empty` when there are none. @example maxOf([1, 3, 2], 0) // 3 */
export function maxOf(values: Iterable<number>, empty: number): number {
  let max = -Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v > max || Number.isNaN(v)) max = v;
  }
  return any ? max : empty;
}

/** Append every item of `items` to `target`; returns `target`. @example pushAll([1], [2, 3]) // [1, 2, 3] */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
