import { describe, expect, it } from "vitest";
import { collectingContext, type Relation, type SourceDoc, type Unit } from "../model/index.js";
import { assembleArguments, MAX_POSITIONS, scoreArgument, summarizeThesis } from "./arguments.js";
import { makeRelation, makeSource, makeUnits, type UnitSpec } from "../../test/support/map-builders.js";

function build(source: SourceDoc, specs: UnitSpec[], relations: (units: Unit[]) => Relation[]) {
  const { segments, units } = makeUnits(source, specs);
  return { sources: [source], segments, units, relations: relations(units) };
}

describe("assembleArguments", () => {
  const thread = makeSource([
    "Export controls slowed China down. They cut access to the best chips.",
    "Exactly. Chinese labs pay six times more per FLOP.",
    "Agreed, the controls bought years of lead time. Huawei chips trail by two generations per the 2024 report.",
    "Nope, the ban sped up domestic production.",
    "Domestic production is still years behind the leading fabs.",
  ]);
  const specs: UnitSpec[] = [
    { post: 0, text: "Export controls slowed China down.", kind: "claim", confidence: 0.8 },
    { post: 0, text: "They cut access to the best chips.", kind: "premise" },
    { post: 1, text: "Chinese labs pay six times more per FLOP.", kind: "claim" },
    { post: 2, text: "Agreed, the controls bought years of lead time.", kind: "claim" },
    { post: 2, text: "Huawei chips trail by two generations per the 2024 report.", kind: "evidence" },
    { post: 3, text: "Nope, the ban sped up domestic production.", kind: "claim" },
    { post: 4, text: "Domestic production is still years behind the leading fabs.", kind: "claim" },
  ];
  const relations = () => [
    makeRelation("quote", "s1:p1", "s1:p0"),
    makeRelation("support", "s1:p1", "s1:p0"),
    makeRelation("reply", "s1:p2", "s1:p0", { confidence: 0.9 }),
    makeRelation("support", "s1:p2", "s1:p0"),
    makeRelation("quote", "s1:p3", "s1:p0"),
    makeRelation("attack", "s1:p3", "s1:p0"),
    makeRelation("quote", "s1:p4", "s1:p3"),
    makeRelation("attack", "s1:p4", "s1:p3"),
  ];

  it("groups a root, its supporting replies and an attacking reply with its rebuttal into one argument", () => {
    const args = assembleArguments(build(thread, specs, relations), collectingContext());
    expect(args).toHaveLength(1);
    const [a] = args;
    expect(a!.id).toBe("a:u0");
    expect(a!.thesis).toBe("u0");
    expect(a!.rank).toBe(1);
    expect(a!.claims).toEqual([
      { unitId: "u2", evidence: [] },
      { unitId: "u3", evidence: ["u4"] },
    ]);
    expect(a!.objections).toEqual([{ unitId: "u5", rebuttals: ["u6"] }]);
    expect(a!.postIds).toEqual(["s1:p0", "s1:p1", "s1:p2", "s1:p3", "s1:p4"]);
    expect(a!.source).toBe("example.com");
    expect(a!.span).toEqual([0, "Export controls slowed China down.".length]);
    expect(a!.by.stage).toBe("assemble");
  });

  it("does not mutate its input and gives the same result on every run", () => {
    const input = build(thread, specs, relations);
    const before = JSON.stringify(input);
    const first = assembleArguments(input, collectingContext());
    expect(JSON.stringify(input)).toBe(before);
    expect(assembleArguments(input, collectingContext())).toEqual(first);
  });

  it("ranks two independent roots with the more engaged one first", () => {
    const source = makeSource([
      "Solar is the cheapest power in most markets.",
      "Nuclear power is the safest energy source per terawatt hour.",
      { text: "Right, the death rates per terawatt hour are tiny.", parentIndex: 1 },
      { text: "Agreed, the record since 1970 shows it.", parentIndex: 1 },
      { text: "I think so too, the data is clear.", parentIndex: 1 },
    ]);
    const input = build(
      source,
      [
        { post: 0, text: "Solar is the cheapest power in most markets.", kind: "claim", confidence: 0.9 },
        {
          post: 1,
          text: "Nuclear power is the safest energy source per terawatt hour.",
          kind: "claim",
          confidence: 0.6,
        },
        { post: 2, text: "Right, the death rates per terawatt hour are tiny.", kind: "claim" },
        { post: 3, text: "Agreed, the record since 1970 shows it.", kind: "evidence" },
        { post: 4, text: "I think so too, the data is clear.", kind: "claim" },
      ],
      () => [
        makeRelation("support", "s1:p2", "s1:p1"),
        makeRelation("support", "s1:p3", "s1:p1"),
        makeRelation("support", "s1:p4", "s1:p1"),
      ],
    );
    const args = assembleArguments(input, collectingContext());
    expect(args.map((a) => a.id)).toEqual(["a:u1", "a:u0"]);
    expect(args.map((a) => a.rank)).toEqual([1, 2]);
    expect(args[0]!.score).toBeGreaterThan(args[1]!.score);
    expect(args[0]!.postIds).toHaveLength(4);
    expect(args[1]!.postIds).toEqual(["s1:p0"]);
  });

  it("does not merge a low-confidence adjacency reply without a support or attack signal", () => {
    const source = makeSource(["Remote work raises productivity.", "Office rents will fall for a decade."]);
    const specs2: UnitSpec[] = [
      { post: 0, text: "Remote work raises productivity.", kind: "claim" },
      { post: 1, text: "Office rents will fall for a decade.", kind: "claim" },
    ];
    const silent = assembleArguments(
      build(source, specs2, () => [makeRelation("reply", "s1:p1", "s1:p0", { confidence: 0.3 })]),
      collectingContext(),
    );
    expect(silent.map((a) => a.thesis).sort()).toEqual(["u0", "u1"]);

    const signalled = assembleArguments(
      build(source, specs2, () => [
        makeRelation("reply", "s1:p1", "s1:p0", { confidence: 0.3 }),
        makeRelation("attack", "u1", "u0", { confidence: 0.5 }),
      ]),
      collectingContext(),
    );
    expect(signalled).toHaveLength(1);
    expect(signalled[0]!.objections).toEqual([{ unitId: "u1", rebuttals: [] }]);
  });

  it("keeps an explicitly linked reply without signal in the argument but not among its claims", () => {
    const source = makeSource(["Remote work raises productivity.", "What about onboarding new hires?"]);
    const args = assembleArguments(
      build(source, [{ post: 0, text: "Remote work raises productivity.", kind: "claim" }], () => [
        makeRelation("reply", "s1:p1", "s1:p0", { confidence: 0.95 }),
      ]),
      collectingContext(),
    );
    expect(args).toHaveLength(1);
    expect(args[0]!.postIds).toEqual(["s1:p0", "s1:p1"]);
    expect(args[0]!.claims).toEqual([]);
    expect(args[0]!.objections).toEqual([]);
  });

  it("drops posts without claims and lets the replies of a claimless root seed arguments", () => {
    const source = makeSource([
      "Anyone tried the new compiler?",
      { text: "It is twice as fast as the old one.", parentIndex: 0 },
      { text: "lol", parentIndex: 0 },
    ]);
    const ctx = collectingContext();
    const args = assembleArguments(
      build(source, [{ post: 1, text: "It is twice as fast as the old one.", kind: "claim" }], () => []),
      ctx,
    );
    expect(args.map((a) => a.thesis)).toEqual(["u0"]);
    expect(args[0]!.postIds).toEqual(["s1:p1"]);

    const none = collectingContext();
    expect(
      assembleArguments(
        build(source, [{ post: 2, text: "lol", kind: "none" }], () => []),
        none,
      ),
    ).toEqual([]);
    expect(none.diagnostics.map((d) => d.rule)).toEqual(["assemble/no-arguments"]);
  });

  it("picks the major claim over a more confident claim as the thesis", () => {
    const source = makeSource(["Taxes should be simpler. Filing costs people forty hours a year."]);
    const args = assembleArguments(
      build(
        source,
        [
          { post: 0, text: "Taxes should be simpler.", kind: "major-claim", confidence: 0.5 },
          { post: 0, text: "Filing costs people forty hours a year.", kind: "claim", confidence: 0.9 },
        ],
        () => [],
      ),
      collectingContext(),
    );
    expect(args[0]!.thesis).toBe("u0");
    expect(args[0]!.claims).toEqual([{ unitId: "u1", evidence: [] }]);
  });

  it("groups the paragraphs of an essay under the paragraph holding its major claim", () => {
    const essay = makeSource(
      [
        "Cities keep growing.",
        "Cities should tax land rather than buildings.",
        "A land tax cannot be passed on to tenants.",
        "Critics say the tax would hurt farmers.",
      ],
      { format: "markdown", name: "essay.md" },
    );
    const args = assembleArguments(
      build(
        essay,
        [
          { post: 0, text: "Cities keep growing.", kind: "claim" },
          { post: 1, text: "Cities should tax land rather than buildings.", kind: "major-claim" },
          { post: 2, text: "A land tax cannot be passed on to tenants.", kind: "claim" },
          { post: 3, text: "Critics say the tax would hurt farmers.", kind: "claim" },
        ],
        (u) => [makeRelation("attack", u[3]!.id, u[1]!.id, { confidence: 0.6 })],
      ),
      collectingContext(),
    );
    expect(args).toHaveLength(1);
    expect(args[0]!.thesis).toBe("u1");
    expect(args[0]!.source).toBe("essay.md");
    expect(args[0]!.claims.map((c) => c.unitId)).toEqual(["u0", "u2"]);
    expect(args[0]!.objections.map((o) => o.unitId)).toEqual(["u3"]);
  });
});

describe("scoreArgument", () => {
  const thesis = { kind: "claim", confidence: 0.6 } as Unit;
  const engagement = { replies: 4, authors: 5, quotes: 0 };
  const stats = (supports: number, attacks: number) => ({ posts: 5, supports, attacks, evidence: 0 });

  it("ranks a thesis that draws objections above one with the same replies that draws none", () => {
    expect(scoreArgument(stats(0, 9), engagement, thesis)).toBeGreaterThan(
      scoreArgument(stats(2, 1), engagement, thesis),
    );
    expect(scoreArgument(stats(0, 3), engagement, thesis)).toBeGreaterThan(
      scoreArgument(stats(3, 0), engagement, thesis),
    );
  });

  it("counts both sides arguing above the same objections with no defence", () => {
    expect(scoreArgument(stats(2, 2), engagement, thesis)).toBeGreaterThan(
      scoreArgument(stats(0, 2), engagement, thesis),
    );
  });

  it("keeps engagement first: more replies outweigh one more objection", () => {
    expect(scoreArgument(stats(0, 1), { ...engagement, replies: 8 }, thesis)).toBeGreaterThan(
      scoreArgument(stats(0, 2), engagement, thesis),
    );
  });
});

describe("summarizeThesis", () => {
  const sentences = Array.from(
    { length: 14 },
    (_, i) => `Point number ${i + 1} says the policy changes outcomes for many people here.`,
  );
  const source = makeSource([`${sentences.join(" ")} Anyway, nice weather today.`]);
  const specs: UnitSpec[] = sentences.map((text, i) => ({
    post: 0,
    text,
    kind: i === 0 ? "claim" : "premise",
  }));
  specs.push({ post: 0, text: "Anyway, nice weather today.", kind: "none" });
  const { units } = makeUnits(source, specs);

  const sentenceCount = (s: string) => s.split(/(?<=\.)\s+/).length;

  it("is the 1–3 most central claim sentences, whole, in text order, thesis first when it comes first", () => {
    const summary = summarizeThesis(units, units[0]!);
    expect(summary.split(/\s+/).length).toBeLessThanOrEqual(80);
    expect(sentenceCount(summary)).toBe(3);
    expect(summary.startsWith(units[0]!.text)).toBe(true);
    for (const s of summary.split(/(?<=\.)\s+/)) expect(sentences).toContain(s);
    expect(summary.endsWith(".")).toBe(true);
    expect(summary).not.toContain("weather");
  });

  it("includes the thesis sentence when the thesis comes late in a long post, sentences in text order", () => {
    const late = units[12]!;
    const summary = summarizeThesis(units, late);
    const parts = summary.split(/(?<=\.)\s+/);
    expect(parts).toContain(late.text);
    expect(parts.length).toBeLessThanOrEqual(3);
    const order = parts.map((p) => sentences.indexOf(p));
    expect(order).toEqual(order.slice().sort((a, b) => a - b));
    // The post's one claim is among the most central sentences.
    expect(parts).toContain(units[0]!.text);
  });

  it("leaves out non-argumentative sentences between argumentative ones", () => {
    const s = makeSource(["Prices will rise. Hello all. Supply is short."]);
    const { units: u } = makeUnits(s, [
      { post: 0, text: "Prices will rise.", kind: "claim" },
      { post: 0, text: "Hello all.", kind: "none" },
      { post: 0, text: "Supply is short.", kind: "premise" },
    ]);
    expect(summarizeThesis(u, u[0]!)).toBe("Prices will rise. Supply is short.");
  });

  it("keeps a sentence whole when only some of its clauses are argumentative", () => {
    const s = makeSource([
      "Funding helps if it works, which I doubt, because labs waste it. Hi.\nNext line here.",
    ]);
    const { units: u } = makeUnits(s, [
      { post: 0, text: "Funding helps if it works,", kind: "claim" },
      { post: 0, text: "which I doubt,", kind: "none" },
      { post: 0, text: "because labs waste it.", kind: "premise" },
      { post: 0, text: "Hi.", kind: "none" },
      { post: 0, text: "Next line here.", kind: "premise" },
    ]);
    expect(summarizeThesis(u, u[0]!, 80, s.text)).toBe(
      "Funding helps if it works, which I doubt, because labs waste it. Next line here.",
    );
  });
});

describe("assembleArguments on deep threads", () => {
  it("handles a reply chain twenty thousand posts deep without overflowing the stack", () => {
    const n = 20_000;
    const source = makeSource(Array.from({ length: n }, (_, i) => `Claim ${i} holds.`));
    const units: Unit[] = source.posts.map((p, i) => ({
      id: `u${i}`,
      segmentId: `g${i}`,
      sourceId: "s1",
      postId: p.id,
      kind: "claim",
      confidence: 0.7,
      span: p.span,
      text: `Claim ${i} holds.`,
      signals: [],
      by: { stage: "test", version: "0", engine: "classic" },
    }));
    const relations = source.posts.slice(1).map((p, i) => makeRelation("attack", p.id, `s1:p${i}`));
    const args = assembleArguments(
      { sources: [source], segments: [], units, relations },
      collectingContext(),
    );
    // The root's argument first; every post of an attack chain is disputed, so positions are
    // capped at MAX_POSITIONS cards.
    expect(args.length).toBeLessThanOrEqual(1 + MAX_POSITIONS);
    expect(args[0]!.thesis).toBe("u0");
    expect(args[0]!.postIds).toHaveLength(n);
    // Attacks alternate: odd posts object, even posts rebut.
    expect(args[0]!.objections[0]).toEqual({ unitId: "u1", rebuttals: ["u2"] });
  });
});

describe("assembleArguments on wide and deep threads", () => {
  const N = 100_000;
  const reply = (i: number) => `Reply ${i} says cars are bad.`;

  it("assembles a story without a claim of its own and 200,000 direct replies", () => {
    const W = 200_000;
    // The replies of a thesis-less story become roots of their own: spread into a queue they
    // overflowed the stack; taken with shift() they were quadratic.
    const source = makeSource([
      "Ask HN: cars downtown?",
      ...Array.from({ length: W }, (_, i) => ({ text: reply(i), parentIndex: 0 })),
    ]);
    const specs: UnitSpec[] = Array.from({ length: W }, (_, i) => ({
      post: i + 1,
      text: reply(i),
      kind: "claim" as const,
    }));
    const args = assembleArguments(
      build(source, specs, () => []),
      collectingContext(),
    );
    expect(args.length).toBe(W);
    expect(new Set(args.map((a) => a.thesis)).size).toBe(W);
  });

  it("assembles a reply chain 100,000 posts deep", () => {
    const source = makeSource([
      "We should ban cars downtown.",
      ...Array.from({ length: N }, (_, i) => ({ text: reply(i), parentIndex: i })),
    ]);
    const specs: UnitSpec[] = [
      { post: 0, text: "We should ban cars downtown.", kind: "major-claim" },
      ...Array.from({ length: N }, (_, i) => ({ post: i + 1, text: reply(i), kind: "claim" as const })),
    ];
    const args = assembleArguments(
      build(source, specs, () => []),
      collectingContext(),
    );
    expect(args[0]!.postIds.length).toBe(N + 1);
  });
});

describe("assembleArguments on one long post", () => {
  /** Reads of unit spans while assembling one post of `n` claims, each followed by a premise. */
  function spanReads(n: number): { reads: number; evidenceOfLast: string[] } {
    const sentences = Array.from({ length: n }, (_, i) => `Claim ${i} holds. Because reason ${i}.`);
    const source = makeSource([sentences.join(" ")], { format: "text" });
    const specs: UnitSpec[] = sentences.flatMap((_, i) => [
      { post: 0, text: `Claim ${i} holds.`, kind: i === 0 ? ("major-claim" as const) : ("claim" as const) },
      { post: 0, text: `Because reason ${i}.`, kind: "premise" as const },
    ]);
    const input = build(source, specs, () => []);
    let reads = 0;
    for (const u of input.units) {
      const span = u.span;
      Object.defineProperty(u, "span", {
        get: () => {
          reads++;
          return span;
        },
        enumerable: true,
      });
    }
    const [arg] = assembleArguments(input, collectingContext());
    const last = arg!.claims.find((c) => c.unitId === `u${2 * (n - 1)}`);
    return { reads, evidenceOfLast: last?.evidence ?? [] };
  }

  it("backs each claim of an essay read as one post with the premise after it, in near-linear work", () => {
    const small = spanReads(500);
    const big = spanReads(2000);
    expect(big.evidenceOfLast).toEqual([`u${2 * 2000 - 1}`]);
    // A scan of every claim per premise made this 16× (quadratic); bisection keeps it about 4×.
    expect(big.reads / small.reads).toBeLessThan(6);
  });
});
