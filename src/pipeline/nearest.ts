/** Exhaustive nearest neighbours by dot product, for the streamed map's assign stage. */

/**
 * Indices of the `k` vectors with the largest dot product with `v` at or above `floor`, largest
 * first (the lower index first on ties). Kept in a sorted list of at most `k`: the assign stage
 * asks this for every unit outside the sample against every key point, and building, sorting and
 * slicing an object per point and unit dominated a streamed map of 200 MB.
 * @example nearestByDot([[1, 0], [0, 1]], [0.9, 0.1], 0.05, 1) // [0]
 */
export function nearestByDot(
  vectors: readonly ArrayLike<number>[],
  v: ArrayLike<number>,
  floor: number,
  k: number,
): number[] {
  const best: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    const u = vectors[i]!;
    let d = 0;
    for (let j = 0; j < u.length; j++) d += u[j]! * v[j]!;
    if (!(d >= floor) || (best.length === k && d <= scores[k - 1]!)) continue;
    // Insert after every kept score ≥ d: equal scores keep index order, as the stable sort did.
    let at = best.length;
    while (at > 0 && scores[at - 1]! < d) at--;
    best.splice(at, 0, i);
    scores.splice(at, 0, d);
    if (best.length > k) {
      best.pop();
      scores.pop();
    }
  }
  return best;
}
