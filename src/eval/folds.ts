import { ArgmapError } from "../model/index.js";
import { seededRandom } from "../util/random.js";

/** Deterministic k-fold assignment: sort the unit ids, shuffle them with a seeded PRNG, deal them round-robin. */

export { seededRandom } from "../util/random.js";

/**
 * Split unit ids into k folds (same ids and seed → same folds, whatever the input order).
 * @example kFolds(["a", "b", "c", "d"], 2) // two folds of two ids
 */
export function kFolds(ids: readonly string[], k: number, seed = 13): string[][] {
  const unique = [...new Set(ids)].sort();
  if (!Number.isInteger(k) || k < 2)
    throw new ArgmapError("USAGE", `--folds must be an integer ≥ 2 (got ${k}).`);
  if (unique.length < k)
    throw new ArgmapError(
      "USAGE",
      `Cannot make ${k} folds from ${unique.length} units (topics or documents); use fewer folds.`,
    );
  const rand = seededRandom(seed);
  for (let i = unique.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [unique[i], unique[j]] = [unique[j]!, unique[i]!];
  }
  const folds: string[][] = Array.from({ length: k }, () => []);
  unique.forEach((id, i) => folds[i % k]!.push(id));
  return folds;
}
