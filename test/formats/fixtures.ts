/** Hand-built maps for the format tests. */
import { makeRelation, makeSource, makeUnits } from "../support/map-builders.js";
import type { Argument, ArgumentMap, KeyPoint } from "../../src/model/index.js";
import { MAP_FORMAT_VERSION } from "../../src/model/index.js";

const BY = { stage: "test", version: "0", engine: "classic" } as const;

/** A two-post thread: a thesis, two premises (one with Argdown/Graphviz specials), one objection. */
export function sampleMap(extra: { hostile?: boolean } = {}): ArgumentMap {
  const hostile = extra.hostile === true;
  const posts = [
    {
      text: `Downtown should be car free. Cars pollute the air [see #1] <a> & "quotes". ${hostile ? '<script>window.pwned=1</script> "><img src=x onerror="window.pwned=2">' : "Noise is 80% lower {x: 1} // not a comment."}`,
      author: "ann",
    },
    {
      text: "=cmd|' /C calc'!A0 shops will lose customers. But studies show shops gain trade.",
      author: hostile ? '<b onmouseover="window.pwned=4">bob</b>' : "bob",
      parentIndex: 0,
    },
  ];
  const source = makeSource(posts, { id: "s1", name: hostile ? "javascript:window.pwned=3" : "example.com" });
  if (hostile) source.uri = "javascript:window.pwned=3";
  const { segments, units } = makeUnits(source, [
    { post: 0, text: "Downtown should be car free.", kind: "major-claim" },
    { post: 0, text: 'Cars pollute the air [see #1] <a> & "quotes".', kind: "premise" },
    {
      post: 0,
      text: hostile
        ? '<script>window.pwned=1</script> "><img src=x onerror="window.pwned=2">'
        : "Noise is 80% lower {x: 1} // not a comment.",
      kind: "evidence",
    },
    { post: 1, text: "=cmd|' /C calc'!A0 shops will lose customers.", kind: "claim" },
    { post: 1, text: "But studies show shops gain trade.", kind: "premise" },
  ]);
  const relations = [
    makeRelation("support", "u1", "u0"),
    makeRelation("support", "u2", "u0"),
    makeRelation("attack", "u3", "u0"),
    makeRelation("attack", "u4", "u3"),
    makeRelation("reply", "s1:p1", "s1:p0"),
  ];
  const keyPoints: KeyPoint[] = [
    {
      id: "kp1",
      text: hostile ? "<img src=x onerror=alert(1)> [x](javascript:alert(1))" : "Cars harm health",
      sourceId: "s1",
      span: units[1]!.span,
      unitIds: ["u1"],
      authorCount: 1,
      postCount: 1,
      coverage: 0.5,
      stance: "pro",
      quotes: [{ unitId: "u1", sourceId: "s1", span: units[1]!.span, text: units[1]!.text }],
      by: BY,
    },
  ];
  const args: Argument[] = [
    {
      id: "a1",
      rank: 1,
      score: 0.8,
      sourceIds: ["s1"],
      source: source.name,
      thesis: "u0",
      summary: posts[0]!.text,
      span: units[0]!.span,
      claims: [{ unitId: "u1", evidence: ["u2"] }],
      objections: [{ unitId: "u3", rebuttals: ["u4"] }],
      postIds: ["s1:p0", "s1:p1"],
      authorCount: 2,
      by: BY,
    },
  ];
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: { name: "classic", version: "test", models: {} },
    sources: [source],
    segments,
    units,
    relations,
    keyPoints,
    arguments: args,
    diagnostics: [],
  };
}
