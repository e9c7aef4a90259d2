import { describe, expect, it } from "vitest";
import { makeSource, makeUnits } from "../../test/support/map-builders.js";
import type { Relation, SourceDoc, Unit } from "../model/index.js";
import { collectingContext } from "../model/index.js";
import { clusterKeyPoints, type ClusterOptions } from "./keypoints.js";
import { batchScorer, type KeyPointScorer } from "./scorer.js";
import { isReaction } from "./text-quality.js";
import { sourceTopics } from "./topics.js";

/** A source where each post is one unit (unit i is post i), with ids prefixed by the source id. */
function thread(posts: { text: string; author: string }[], id = "s1"): { source: SourceDoc; units: Unit[] } {
  const source = makeSource(
    posts.map((p) => ({ text: p.text, author: p.author })),
    { id },
  );
  const { units } = makeUnits(
    source,
    posts.map((p, i) => ({ post: i, text: p.text, kind: "claim" as const, confidence: 0.8 })),
  );
  return { source, units: units.map((u) => ({ ...u, id: `${id}:${u.id}` })) };
}

/** Scores every pair `high`, except those `table` names by first words ("alpha>gamma"). */
function flatScorer(high: number, table: Record<string, number> = {}): KeyPointScorer {
  const tag = (t: string) => t.split(" ")[0]!.toLowerCase();
  return batchScorer({
    score: (a, b) => table[`${tag(a)}>${tag(b)}`] ?? high,
    embed: () => Float32Array.of(1, 0),
  });
}

async function cluster(
  sources: SourceDoc[],
  units: Unit[],
  scorer: KeyPointScorer,
  options: ClusterOptions = {},
  relations: Relation[] = [],
) {
  return clusterKeyPoints({ sources, units, relations }, scorer, collectingContext(), [], options);
}

const UNIFORMS = [
  "School uniforms keep students focused on their lessons.",
  "Uniforms keep pupils focused on lessons instead of fashion.",
  "Students focus on lessons better when everyone wears a uniform.",
];

describe("reactions", () => {
  it("recognises reactions to a post, not points about the topic", () => {
    for (const t of [
      "This.",
      "I feel the same way.",
      "Was one of the most interesting points made!",
      "I agree.",
      "Great point, thanks!",
    ])
      expect(isReaction(t), t).toBe(true);
    for (const t of [
      "A lot of people enjoy fitness.",
      "I agree that uniforms reduce bullying.",
      "Taxes are too high.",
    ])
      expect(isReaction(t), t).toBe(false);
  });

  it("never lets a reaction found or join a key point, even when the scorer matches it", async () => {
    const reactions = ["This.", "I feel the same way.", "Was one of the most interesting points made!"];
    const { source, units } = thread(
      [...UNIFORMS, ...reactions].map((text, i) => ({ text, author: `a${i}` })),
    );
    const isReactionUnit = (id: string) => reactions.includes(units.find((u) => u.id === id)!.text);
    // No shared-word evidence check, so only the chat filter keeps them out.
    const loose = await cluster([source], units, flatScorer(0.9), {
      chatFilter: false,
      evidenceThreshold: 0,
    });
    expect(loose.keyPoints.some((k) => k.unitIds.some(isReactionUnit))).toBe(true);
    const filtered = await cluster([source], units, flatScorer(0.9), { evidenceThreshold: 0 });
    expect(filtered.keyPoints.length).toBeGreaterThan(0);
    for (const k of filtered.keyPoints) expect(k.unitIds.filter(isReactionUnit)).toEqual([]);
  });
});

describe("true counts", () => {
  it("counts distinct authors, and not another author's repeat of the same words", async () => {
    // a0 makes the point twice, a1 pastes a0's words, a2 makes it in words of its own.
    const { source, units } = thread([
      { text: UNIFORMS[0]!, author: "a0" },
      { text: UNIFORMS[1]!, author: "a0" },
      { text: UNIFORMS[0]!, author: "a1" },
      { text: UNIFORMS[2]!, author: "a2" },
    ]);
    const { keyPoints } = await cluster([source], units, flatScorer(0.9));
    expect(keyPoints).toHaveLength(1);
    expect(keyPoints[0]!.unitIds).toHaveLength(4);
    expect(keyPoints[0]!.authorCount).toBe(2);
    expect(keyPoints[0]!.postCount).toBe(3);
  });

  it("counts the authors of points left out of the listing the same way", async () => {
    const weather = [
      "Rainy weather ruins outdoor summer festivals every year.",
      "Rainy summers ruin outdoor festivals for everyone.",
    ];
    const { source, units } = thread([
      ...UNIFORMS.map((text, i) => ({ text, author: `u${i}` })),
      { text: weather[0]!, author: "w0" },
      { text: weather[0]!, author: "w1" },
      { text: weather[1]!, author: "w2" },
    ]);
    const byTopic = batchScorer({
      score: (a, b) => (/rain/i.test(a) === /rain/i.test(b) ? 0.9 : 0),
      embed: () => Float32Array.of(1, 0),
    });
    const { keyPoints, summary } = await cluster([source], units, byTopic, { maxKeyPoints: 1 });
    expect(keyPoints[0]!.text).toMatch(/uniform/i);
    expect(summary?.omitted.units).toBe(3);
    expect(summary?.omitted.authors).toBe(2);
  });
});

describe("precision", () => {
  it("leaves a unit that matches its point too weakly unclustered", async () => {
    // The gamma claim scores 0.45 against the alpha point: enough to be assigned (≥ 0.4), not enough to stay (< 0.55).
    const alpha = [
      "Alpha policy with red signs keeps students learning daily.",
      "Alpha policy with blue signs keeps students learning daily.",
      "Alpha policy with green signs keeps students learning daily.",
    ];
    const gamma = "Gamma policy with amber signs keeps students learning daily.";
    const { source, units } = thread([...alpha, gamma].map((text, i) => ({ text, author: `a${i}` })));
    const scorer = flatScorer(0.9, { "gamma>alpha": 0.45, "alpha>gamma": 0 });
    const loose = await cluster([source], units, scorer, { memberThreshold: 0.4, memberAgreement: 0 });
    expect(loose.keyPoints[0]!.unitIds).toContain(units[3]!.id);
    const ctx = collectingContext();
    const strict = await clusterKeyPoints({ sources: [source], units, relations: [] }, scorer, ctx);
    expect(strict.keyPoints[0]!.unitIds).not.toContain(units[3]!.id);
    expect(strict.keyPoints[0]!.unitIds).toHaveLength(3);
    // The map says how many units no point took.
    expect(ctx.diagnostics.find((d) => d.rule === "cluster/unclustered")?.message).toMatch(/^1 of 4 /);
  });

  it("names a point that opens with an editor's label without the label", async () => {
    const { source, units } = thread(
      [`TL;DR: ${UNIFORMS[0]!}`, "Uniforms focus pupils.", "Uniforms help focus."].map((text, i) => ({
        text,
        author: `a${i}`,
      })),
    );
    const { keyPoints } = await cluster([source], units, flatScorer(0.9));
    expect(keyPoints).toHaveLength(1);
    expect(keyPoints[0]!.text).toBe(UNIFORMS[0]);
    expect(source.text.slice(keyPoints[0]!.span[0], keyPoints[0]!.span[1])).toBe(UNIFORMS[0]);
  });
});

describe("separate sources", () => {
  const GUNS = [
    "Concealed carry permits should require firearm safety training.",
    "Firearm owners need safety training before any concealed carry permit.",
    "Gun safety training must come before a concealed carry permit.",
  ];
  const AFTERLIFE = [
    "An afterlife would give every human death lasting meaning.",
    "Belief in an afterlife comforts grieving families after death.",
    "Death without any afterlife makes human meaning fragile.",
  ];
  const CHIPS = [
    "Semiconductor export controls slow rival chip manufacturing.",
    "Chip export bans push rivals to build semiconductor factories.",
    "Export controls on advanced chips hurt semiconductor sales abroad.",
  ];

  it("puts sources about different subjects in different topics and a source's halves in one", () => {
    const sources = [GUNS, AFTERLIFE, CHIPS].map((texts, i) =>
      thread(
        texts.map((text, j) => ({ text, author: `t${i}-${j}` })),
        `s${i}`,
      ),
    );
    const topics = sourceTopics(
      sources.map((s) => s.source.id),
      sources.flatMap((s) => s.units),
    );
    expect(new Set(topics.values()).size).toBe(3);
    const halves = [
      thread(
        [
          { text: GUNS[0]!, author: "x" },
          { text: GUNS[1]!, author: "y" },
        ],
        "h1",
      ),
      thread(
        [
          { text: GUNS[2]!, author: "z" },
          { text: GUNS[1]!, author: "w" },
        ],
        "h2",
      ),
    ];
    const joined = sourceTopics(
      halves.map((h) => h.source.id),
      halves.flatMap((h) => h.units),
    );
    expect(joined.get("h1")).toBe(joined.get("h2"));
  });

  it("keeps three unrelated threads apart: no key point, crux or same-as link joins two of them", async () => {
    const sources = [GUNS, AFTERLIFE, CHIPS].map((texts, i) =>
      thread(
        texts.map((text, j) => ({ text, author: `t${i}-${j}` })),
        `s${i}`,
      ),
    );
    const units = sources.flatMap((s) => s.units);
    // An attack across threads, which would make a dispute (and a crux) if sources could mix.
    const attack: Relation = {
      id: "attack:x",
      kind: "attack",
      level: "unit",
      from: units[3]!.id,
      to: units[0]!.id,
      confidence: 0.9,
      sourceId: "s1",
      span: [0, 0],
      signals: [],
      by: { stage: "test", version: "0", engine: "classic" },
    };
    const run = (options: ClusterOptions) =>
      cluster(
        sources.map((s) => s.source),
        units,
        flatScorer(0.9),
        options,
        [attack],
      );
    // Without the shared-word evidence check, only the topics keep them apart.
    const merged = await run({ topicThreshold: 0, evidenceThreshold: 0 });
    expect(merged.keyPoints.some((k) => k.sourceIds!.length > 1)).toBe(true);
    const apart = await run({ evidenceThreshold: 0 });
    expect(apart.keyPoints.length).toBeGreaterThan(0);
    const sourceOf = new Map(units.map((u) => [u.id, u.sourceId]));
    for (const k of apart.keyPoints) expect(new Set(k.unitIds.map((id) => sourceOf.get(id))).size).toBe(1);
    for (const c of apart.cruxes) expect(c.pro.quotes[0]!.sourceId).toBe(c.con.quotes[0]!.sourceId);
    for (const r of apart.relations) expect(sourceOf.get(r.from)).toBe(sourceOf.get(r.to));
  });
});
