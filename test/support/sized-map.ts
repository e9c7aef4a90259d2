/**
 * Maps of a chosen size for the viewer's browser tests and `npm run screenshots`: a synthetic
 * thread (`bench/synthetic.ts`: real ArgKP arguments when ../shared is there, the example
 * thread's sentences otherwise) mapped by the classic engine.
 */
import { join } from "node:path";
import { writeSyntheticJsonl } from "../../bench/synthetic.js";
import { mapSources } from "../../src/api.js";
import type { ArgumentMap } from "../../src/model/index.js";
import { makeMap, makeRelation, makeSource, makeUnits } from "./map-builders.js";

/** Argumentative units per synthetic post, about (measured: 150 posts gave 264 units). */
const UNITS_PER_POST = 1.75;

/** A map of about `units` argumentative units, from a synthetic thread written into `dir`. */
export async function mapOfUnits(dir: string, units: number, seed = 17): Promise<ArgumentMap> {
  const path = join(dir, `synthetic-${units}.jsonl`);
  await writeSyntheticJsonl(path, { posts: Math.max(2, Math.round(units / UNITS_PER_POST)) }, seed);
  return mapSources(path);
}

/**
 * A map with one argument of `claims` + 1 units: a thesis post and one reply per claim, each
 * claim supporting the thesis (for "Show N more" in the map view).
 */
export function mapWithLargeArgument(claims: number): ArgumentMap {
  const posts = [
    {
      text: "Cities should price road space by the hour, because congestion is a cost drivers impose on others.",
      author: "a0",
    },
    ...Array.from({ length: claims }, (_, i) => ({
      text: `Pricing works in city number ${i + 1}, since fewer cars there means buses run on time.`,
      author: `a${i + 1}`,
      parentIndex: 0,
    })),
  ];
  const source = makeSource(posts, { name: "big-argument.txt" });
  const { segments, units } = makeUnits(source, [
    { post: 0, text: posts[0]!.text, kind: "major-claim" },
    ...posts.slice(1).map((p, i) => ({ post: i + 1, text: p.text, kind: "claim" as const })),
  ]);
  const relations = units.slice(1).map((u) => makeRelation("support", u.id, units[0]!.id, { level: "unit" }));
  const thesis = units[0]!;
  return makeMap({ sources: [source], segments, units, relations }, [
    {
      id: "arg-big",
      rank: 1,
      score: 1,
      sourceIds: [source.id],
      source: source.name,
      thesis: thesis.id,
      summary: thesis.text,
      span: thesis.span,
      claims: units.slice(1).map((u) => ({ unitId: u.id, evidence: [] })),
      objections: [],
      postIds: source.posts.map((p) => p.id),
      authorCount: posts.length,
      by: { stage: "assemble", version: "0", engine: "classic" },
    },
  ]);
}
