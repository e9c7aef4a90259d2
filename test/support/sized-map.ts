/**
 * Maps of a chosen size for the viewer's browser tests and `npm run screenshots`: a synthetic
 * thread (`bench/synthetic.ts`: real ArgKP arguments when ../shared is there, the example
 * thread's sentences otherwise) mapped by the classic engine.
 */
import { join } from "node:path";
import { writeSyntheticJsonl } from "../../bench/synthetic.js";
import { mapSources } from "../../src/api.js";
import type { ArgumentMap } from "../../src/model/index.js";

/** Argumentative units per synthetic post, about (measured: 150 posts gave 264 units). */
const UNITS_PER_POST = 1.75;

/** A map of about `units` argumentative units, from a synthetic thread written into `dir`. */
export async function mapOfUnits(dir: string, units: number, seed = 17): Promise<ArgumentMap> {
  const path = join(dir, `synthetic-${units}.jsonl`);
  await writeSyntheticJsonl(path, { posts: Math.max(2, Math.round(units / UNITS_PER_POST)) }, seed);
  return mapSources(path);
}
