import { describe, expect, it } from "vitest";
import type { Argument } from "../model/index.js";
import { makeMap, makeRelation, makeSource, makeUnits } from "../../test/support/map-builders.js";
import { shortLabel } from "./overview.js";
import { toMapView } from "./view.js";

const BY = { stage: "assemble", version: "0", engine: "classic" } as const;

/** Two arguments: B's claim attacks A's thesis, and B's thesis post replies to A's. */
function twoArguments() {
  const source = makeSource(
    [
      { text: "Congestion pricing makes city traffic flow better for everyone.", author: "ann" },
      { text: "Congestion pricing hurts poorer drivers the most.", author: "ben", parentIndex: 0 },
      { text: "Low income commuters rarely drive downtown at rush hour.", author: "cai", parentIndex: 1 },
    ],
    { name: "thread.txt" },
  );
  const { segments, units } = makeUnits(source, [
    { post: 0, text: source.text.slice(...source.posts[0]!.span), kind: "major-claim" },
    { post: 1, text: source.text.slice(...source.posts[1]!.span), kind: "major-claim" },
    { post: 2, text: source.text.slice(...source.posts[2]!.span), kind: "claim" },
  ]);
  const relations = [
    makeRelation("reply", "s1:p1", "s1:p0"),
    makeRelation("attack", "u2", "u0", { level: "unit" }),
  ];
  const argument = (
    id: string,
    rank: number,
    thesis: number,
    claims: number[],
    posts: number[],
  ): Argument => ({
    id,
    rank,
    score: 1 / rank,
    sourceIds: [source.id],
    source: source.name,
    thesis: units[thesis]!.id,
    summary: units[thesis]!.text,
    span: units[thesis]!.span,
    claims: claims.map((c) => ({ unitId: units[c]!.id, evidence: [] })),
    objections: [],
    postIds: posts.map((p) => source.posts[p]!.id),
    authorCount: posts.length,
    by: BY,
  });
  return makeMap({ sources: [source], segments, units, relations }, [
    argument("A", 1, 0, [], [0]),
    argument("B", 2, 1, [2], [1, 2]),
  ]);
}

describe("the map overview", () => {
  it("draws one node per card and an attack edge between arguments whose units attack", () => {
    const view = toMapView("m1", "thread.txt", twoArguments());
    // Numbered and ordered as the cards; sized by the posts that engage with each argument.
    expect(view.overview.nodes.map((n) => [n.id, n.rank])).toEqual(
      view.cards.map((c) => [`a:${c.argumentId}`, c.rank]),
    );
    expect(new Map(view.overview.nodes.map((n) => [n.id, n.weight]))).toEqual(
      new Map([
        ["a:A", 1],
        ["a:B", 2],
      ]),
    );
    // The attack (u2 in B → u0 in A) stands for the pair; the reply between the same pair is not repeated.
    expect(view.overview.edges).toEqual([{ from: "a:B", to: "a:A", relation: "attack", count: 1 }]);
  });

  it("links a thesis post that replies to another argument's post when no unit relation does", () => {
    const map = twoArguments();
    map.relations = map.relations.filter((r) => r.kind === "reply");
    const view = toMapView("m1", "thread.txt", map);
    expect(view.overview.edges).toEqual([{ from: "a:B", to: "a:A", relation: "reply", count: 1 }]);
  });

  it("cuts long labels at a word and marks the cut", () => {
    expect(shortLabel("short one")).toBe("short one");
    const cut = shortLabel("word ".repeat(40), 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut.endsWith("word…")).toBe(true);
  });
});
