import { describe, expect, it } from "vitest";
import { makeSource, makeUnits } from "../../test/support/map-builders.js";
import type { Relation, SourceDoc, Unit } from "../model/index.js";
import { collectingContext } from "../model/index.js";
import { clusterKeyPoints, keyPointId, type ClusterOptions } from "./keypoints.js";
import { batchScorer, lexicalScorer } from "./scorer.js";
import { thesisStances } from "./stance.js";
import { seededRandom } from "../util/random.js";

const BY = { stage: "test", version: "0", engine: "classic" } as const;

function rel(kind: Relation["kind"], level: Relation["level"], from: string, to: string): Relation {
  return {
    id: `${kind}:${from}->${to}`,
    kind,
    level,
    from,
    to,
    confidence: 0.8,
    sourceId: "s1",
    span: [0, 0],
    signals: [],
    by: BY,
  };
}

/** A thread where each post is one claim; returns source and units (unit i is post i). */
function thread(
  posts: { text: string; author?: string; parent?: number }[],
  id = "s1",
): { source: SourceDoc; units: Unit[] } {
  const source = makeSource(
    posts.map((p) => ({
      text: p.text,
      ...(p.author ? { author: p.author } : {}),
      ...(p.parent !== undefined ? { parentIndex: p.parent } : {}),
    })),
    { id },
  );
  const { units } = makeUnits(
    source,
    posts.map((p, i) => ({ post: i, text: p.text, kind: "claim" as const, confidence: 0.8 })),
  );
  return { source, units: units.map((u) => ({ ...u, id: `${id}:${u.id}` })) };
}

const TOPICS = [
  [
    "Public transport fares should be free for students.",
    "Students deserve free public transport fares in every city.",
    "Free public transport fares help students save money.",
  ],
  [
    "Remote work improves employee productivity and focus.",
    "Employee productivity rises with remote work and better focus.",
    "Remote work gives employees more focus and productivity.",
  ],
  [
    "Nuclear power plants produce reliable low carbon electricity.",
    "Reliable low carbon electricity comes from nuclear power plants.",
    "Nuclear plants are a reliable source of low carbon power.",
  ],
];

function corpus() {
  const posts = TOPICS.flatMap((t, ti) => t.map((text, i) => ({ text, author: `author${ti}-${i}` })));
  return thread(posts);
}

describe("clusterKeyPoints", () => {
  it("gives the same key point ids when run twice on the same input", async () => {
    const { source, units } = corpus();
    const a = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    const b = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    expect(a.keyPoints.length).toBe(3);
    expect(a.keyPoints.map((k) => k.id)).toEqual(b.keyPoints.map((k) => k.id));
    for (const kp of a.keyPoints) expect(kp.id).toBe(keyPointId(kp.text));
  });

  it("keeps earlier key points and their ids when posts are added, making new points only from leftover units", async () => {
    const first = thread(
      TOPICS.slice(0, 2).flatMap((t, ti) => t.slice(0, 2).map((text, i) => ({ text, author: `a${ti}${i}` }))),
    );
    const before = await clusterKeyPoints(
      { sources: [first.source], units: first.units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    expect(before.keyPoints.length).toBe(2);
    const all = corpus();
    const after = await clusterKeyPoints(
      { sources: [all.source], units: all.units, relations: [] },
      lexicalScorer(),
      collectingContext(),
      before.keyPoints,
    );
    for (const old of before.keyPoints) {
      const kept = after.keyPoints.find((k) => k.id === old.id);
      expect(kept?.text).toBe(old.text);
      expect(kept!.unitIds.length).toBe(3);
    }
    expect(after.keyPoints.length).toBe(3);
    const fresh = after.keyPoints.filter((k) => !before.keyPoints.some((o) => o.id === k.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.text).toMatch(/nuclear/i);
  });

  it("names a point by the main clause of its candidate, with the clause's span, while members match the whole text", async () => {
    const texts = [
      "Remote work improves employee productivity, because people focus better without an office.",
      "Remote work improves employee productivity and people focus better without an office.",
      "Employee productivity improves with remote work as people focus better without an office.",
    ];
    // Other topics beside them, so their own words are not the words every unit uses.
    const others = [...TOPICS[0]!, ...TOPICS[2]!];
    const { source, units } = thread([...texts, ...others].map((text, i) => ({ text, author: `a${i}` })));
    const run = (shortNames: boolean) =>
      clusterKeyPoints(
        { sources: [source], units, relations: [] },
        lexicalScorer(),
        collectingContext(),
        [],
        {
          shortNames,
        },
      );
    const short = await run(true);
    const kp = short.keyPoints.find((k) => /remote/i.test(k.text))!;
    expect(kp.text).toBe("Remote work improves employee productivity");
    expect(source.text.slice(kp.span[0], kp.span[1])).toBe(kp.text);
    expect(kp.id).toBe(keyPointId(kp.text));
    const whole = await run(false);
    const wholeKp = whole.keyPoints.find((k) => /remote/i.test(k.text))!;
    expect(wholeKp.text).toBe(texts[0]);
    // The same members either way: they were matched against the whole sentence.
    expect([...kp.unitIds].sort()).toEqual([...wholeKp.unitIds].sort());
    expect(kp.unitIds).toHaveLength(3);
    // A later run keeps the short name and its id, and new units still match the whole sentence.
    const more = thread(
      [
        ...texts,
        ...others,
        "Remote work improves productivity, because employees focus better without an office.",
      ].map((text, i) => ({ text, author: `a${i}` })),
    );
    const later = await clusterKeyPoints(
      { sources: [more.source], units: more.units, relations: [] },
      lexicalScorer(),
      collectingContext(),
      short.keyPoints,
    );
    const kept = later.keyPoints.find((k) => k.id === kp.id)!;
    expect(kept.text).toBe(kp.text);
    expect(kept.span).toEqual(kp.span);
    expect(kept.unitIds).toHaveLength(4);
  });

  it("keeps the whole text as the name when its main clause only restates what every unit says", async () => {
    const texts = [
      "We should ban cars downtown because the streets become safer for children.",
      "We should ban cars downtown since the air gets cleaner for everyone.",
      "We should ban cars downtown as it makes shops busier with walkers.",
      "We should ban cars downtown, which makes the streets safer for children.",
    ];
    const { source, units } = thread(texts.map((text, i) => ({ text, author: `a${i}` })));
    const result = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    expect(result.keyPoints.length).toBeGreaterThan(0);
    for (const k of result.keyPoints) expect(k.text).not.toBe("We should ban cars downtown");
  });

  it("merges near-duplicate claims into one key point with their counts", async () => {
    const { source, units } = thread([
      { text: "School uniforms reduce bullying among students.", author: "a" },
      { text: "School uniforms reduce bullying among young students.", author: "b" },
      { text: "Uniforms at school reduce bullying among students.", author: "c" },
      { text: "Bullying among students drops when school uniforms are required.", author: "a" },
    ]);
    const r = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    expect(r.keyPoints).toHaveLength(1);
    expect(r.keyPoints[0]!.unitIds).toHaveLength(4);
    expect(r.keyPoints[0]!.authorCount).toBe(3);
    expect(r.keyPoints[0]!.postCount).toBe(4);
    expect(r.keyPoints[0]!.coverage).toBe(1);
    expect(r.keyPoints[0]!.quotes).toHaveLength(3);
    for (const q of r.keyPoints[0]!.quotes) expect(source.text.slice(q.span[0], q.span[1])).toBe(q.text);
  });

  it("links the same claim made in two sources with same-as relations", async () => {
    const a = thread([{ text: "Electric cars lower urban air pollution significantly.", author: "x" }], "s1");
    const b = thread(
      [
        { text: "Electric cars significantly lower urban air pollution.", author: "y" },
        { text: "Cooking at home saves a lot of money." },
      ],
      "s2",
    );
    const r = await clusterKeyPoints(
      { sources: [a.source, b.source], units: [...a.units, ...b.units], relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    const sameAs = r.relations.filter((x) => x.kind === "same-as");
    expect(sameAs).toHaveLength(1);
    const ends = [sameAs[0]!.from, sameAs[0]!.to].sort();
    expect(ends).toEqual([a.units[0]!.id, b.units[0]!.id].sort());
    expect(sameAs[0]!.confidence).toBeGreaterThan(0.7);
    expect(r.keyPoints[0]!.sourceCount).toBe(2);
    expect(r.keyPoints[0]!.authorCount).toBe(2);
  });

  it("reports a crux with both sides' quotes when two sides argue one point", async () => {
    const { source, units } = thread([
      { text: "Cities should build many more bike lanes downtown.", author: "op" },
      { text: "Bike lanes reduce traffic accidents in busy cities.", author: "ann", parent: 0 },
      { text: "Bike lanes do not reduce traffic accidents in busy cities.", author: "bob", parent: 1 },
      { text: "Bike lanes really reduce traffic accidents in busy cities.", author: "cat", parent: 2 },
      { text: "Bike lanes never reduce traffic accidents in busy cities at all.", author: "dan", parent: 1 },
    ]);
    const relations = [
      rel("support", "post", "s1:p1", "s1:p0"),
      rel("attack", "post", "s1:p2", "s1:p1"),
      rel("attack", "post", "s1:p3", "s1:p2"),
      rel("attack", "post", "s1:p4", "s1:p1"),
    ];
    const r = await clusterKeyPoints(
      { sources: [source], units, relations },
      lexicalScorer(),
      collectingContext(),
    );
    expect(r.cruxes.length).toBeGreaterThanOrEqual(1);
    const crux = r.cruxes[0]!;
    expect(crux.pro.authorCount).toBe(2);
    expect(crux.con.authorCount).toBe(2);
    expect(crux.balance).toBe(1);
    // One representative quote per side: the disputing pair itself.
    expect(crux.con.quotes).toHaveLength(1);
    expect([units[2]!.id, units[4]!.id]).toContain(crux.con.quotes[0]!.unitId);
    expect(crux.text).toBe(crux.pro.quotes[0]!.text);
    const primary = r.keyPoints.find((k) => k.id === crux.pro.keyPointId)!;
    expect(primary.side).toBe("primary");
    expect(primary.opposes).toBe(crux.con.keyPointId);
    expect(r.stances.get(units[2]!.id)?.keyPoint).toBe("con");
    expect(r.stances.get(units[3]!.id)?.keyPoint).toBe("pro");
  });

  it("makes no crux of two sides that match one way only", async () => {
    const texts = [
      "Cities should build many more bike lanes downtown.",
      "Bike lanes reduce traffic accidents in busy cities.",
      "Bike lanes do not reduce traffic accidents in busy cities.",
      "Bike lanes really reduce traffic accidents in busy cities.",
      "Bike lanes never reduce traffic accidents in busy cities at all.",
    ];
    const { source, units } = thread(
      texts.map((text, i) => ({ text, author: `a${i}`, ...(i > 0 ? { parent: i === 4 ? 1 : i - 1 } : {}) })),
    );
    const relations = [
      rel("support", "post", "s1:p1", "s1:p0"),
      rel("attack", "post", "s1:p2", "s1:p1"),
      rel("attack", "post", "s1:p3", "s1:p2"),
      rel("attack", "post", "s1:p4", "s1:p1"),
    ];
    // The same scores as the crux test above, except that a claim never matches its denial when
    // the claim is the one scored: the two sides match one way only.
    const lexical = lexicalScorer();
    const claims = new Set([texts[1], texts[3]]);
    const denials = new Set([texts[2], texts[4]]);
    const oneWay = batchScorer({
      score: (a, b) => (claims.has(a) && denials.has(b) ? 0 : lexical.score(a, b)),
      embed: (t) => lexical.embed!(t),
    });
    const r = await clusterKeyPoints({ sources: [source], units, relations }, oneWay, collectingContext());
    expect(r.cruxes).toEqual([]);
  });

  it("makes no point of a candidate whose members do not match one another", async () => {
    const name = "Think of the whole planet as a bowl.";
    const members = [
      "A bowl of crab soup was on the menu tonight.",
      "My favourite cereal bowl broke yesterday morning.",
      "The college bowl game was great fun to watch.",
      "Bowl cuts were the haircut of that whole decade.",
      "The dog knocked its water bowl across the kitchen.",
    ];
    const { source, units } = thread([name, ...members].map((text, i) => ({ text, author: `a${i}` })));
    // Every member matches the name (sharing "bowl"); no two members match each other.
    const scorer = batchScorer({
      score: (a, b) => (a === b ? 1 : a === name || b === name ? 0.9 : 0),
      embed: (t) => lexicalScorer().embed!(t),
    });
    const run = (options: ClusterOptions) =>
      clusterKeyPoints({ sources: [source], units, relations: [] }, scorer, collectingContext(), [], options);
    expect((await run({ cohesion: 0 })).keyPoints.map((k) => k.text)).toContain(name);
    expect((await run({})).keyPoints.map((k) => k.text)).not.toContain(name);
  });

  it("finds the same key points through the blocking index as by exhaustive search", async () => {
    const { source, units } = corpus();
    const run = (blocking: boolean) =>
      clusterKeyPoints(
        { sources: [source], units, relations: [] },
        lexicalScorer(),
        collectingContext(),
        [],
        { blocking },
      );
    const exhaustive = await run(false);
    const blocked = await run(true);
    expect(blocked.blocked).toBe(true);
    expect(exhaustive.blocked).toBe(false);
    expect(blocked.keyPoints.map((k) => [k.id, k.unitIds])).toEqual(
      exhaustive.keyPoints.map((k) => [k.id, k.unitIds]),
    );
  });

  it("ignores questions and anaphoric sentences as key point candidates", async () => {
    const { source, units } = thread([
      { text: "Is homework really useful for young children?" },
      { text: "It makes homework useful for young children." },
      { text: "Homework is useful for young children at school." },
      { text: "Homework is really useful for young children." },
    ]);
    const r = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    expect(r.keyPoints.length).toBeGreaterThan(0);
    for (const kp of r.keyPoints) expect(kp.text).not.toMatch(/^(Is|It)\b/);
  });
});

/**
 * A scorer from a table of first words: `score(argument, keyPoint)` is `table["arg>kp"]` (0.9 for
 * the same first word, 0 when absent); one vector for every text, so every pair is shortlisted.
 */
function tableScorer(table: Record<string, number>) {
  const tag = (t: string) => t.split(" ")[0]!.toLowerCase();
  return batchScorer({
    score: (a, b) => (tag(a) === tag(b) ? 0.9 : (table[`${tag(a)}>${tag(b)}`] ?? 0)),
    embed: () => Float32Array.of(1, 0),
  });
}

const COLOURS = ["red", "blue", "green", "amber", "violet", "silver", "golden"];
/** `n` distinct claims starting with `tag`, one author each. */
const claims = (tag: string, n: number) =>
  COLOURS.slice(0, n).map((c) => ({
    text: `${tag} policy with ${c} signs keeps students learning daily.`,
    author: `${tag}-${c}`,
  }));

describe("key point selection", () => {
  it("selects the candidate covering most units first and skips one that matches a selected point", async () => {
    // alpha and beta claims match each other (0.8 ≥ the duplicate threshold): one point of 7 units.
    const { source, units } = thread([...claims("Alpha", 4), ...claims("Beta", 3), ...claims("Gamma", 2)]);
    const r = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      tableScorer({ "alpha>beta": 0.8, "beta>alpha": 0.8 }),
      collectingContext(),
    );
    expect(r.keyPoints.map((k) => [k.text.split(" ")[0], k.unitIds.length])).toEqual([
      ["Alpha", 7],
      ["Gamma", 2],
    ]);
  });

  it("treats two candidates that match each other both ways as one point, but not one that matches one way", async () => {
    const { source, units } = thread([...claims("Alpha", 3), ...claims("Beta", 2)]);
    const points = async (table: Record<string, number>) =>
      (
        await clusterKeyPoints(
          { sources: [source], units, relations: [] },
          tableScorer(table),
          collectingContext(),
        )
      ).keyPoints.map((k) => k.text.split(" ")[0]);
    expect(await points({ "alpha>beta": 0.65, "beta>alpha": 0.65 })).toEqual(["Alpha"]);
    expect(await points({ "beta>alpha": 0.65 })).toEqual(["Alpha", "Beta"]);
  });

  it("makes at most maxPointShare of the units new points, and at least minPoints", async () => {
    const tags = ["Alpha", "Beta", "Gamma", "Delta", "Omega", "Sigma"];
    const { source, units } = thread(tags.flatMap((t) => claims(t, 2)));
    const count = async (options: object) =>
      (
        await clusterKeyPoints(
          { sources: [source], units, relations: [] },
          tableScorer({}),
          collectingContext(),
          [],
          options,
        )
      ).keyPoints.length;
    expect(await count({})).toBe(5); // 7 % of 12 units rounds to 1: the floor of 5 points holds
    expect(await count({ maxPointShare: 0.25, minPoints: 1 })).toBe(3);
    expect(await count({ maxPointShare: 1 })).toBe(6);
  });

  it("places a unit in its best selected point at the assignment threshold, below the coverage threshold", async () => {
    // The lone gamma claim scores 0.35 against alpha: too little to count for coverage (0.4), enough
    // to join at an assignment threshold of 0.3; not at the default (0.4).
    const { source, units } = thread([...claims("Alpha", 3), ...claims("Gamma", 1)]);
    const run = (options: object) =>
      clusterKeyPoints(
        { sources: [source], units, relations: [] },
        tableScorer({ "gamma>alpha": 0.35 }),
        collectingContext(),
        [],
        options,
      );
    const joined = await run({ assignThreshold: 0.3, memberThreshold: 0.3, memberAgreement: 0 });
    expect(joined.keyPoints).toHaveLength(1);
    expect(joined.keyPoints[0]!.unitIds).toContain(units[3]!.id);
    const strict = await run({});
    expect(strict.keyPoints[0]!.unitIds).not.toContain(units[3]!.id);
    expect(strict.keyPoints[0]!.unitIds).toHaveLength(3);
  });

  it("does not make a key point of a candidate whose name is shorter or longer than the name bounds", async () => {
    const { source, units } = thread(claims("Alpha", 3));
    const r = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      tableScorer({}),
      collectingContext(),
      [],
      { nameWords: { min: 4, max: 6 } }, // every claim has 9 words
    );
    expect(r.keyPoints).toHaveLength(0);
  });
});

describe("thesisStances", () => {
  it("makes an attack on a con post pro, and a support of a con post con", () => {
    const { source, units } = thread([
      { text: "We should ban cars from the city centre." },
      { text: "A ban would hurt small shops badly.", parent: 0 },
      { text: "Shops in car-free streets earn more, studies show.", parent: 1 },
      { text: "Delivery vans would have no access at all.", parent: 1 },
      { text: "Parking spaces could become parks.", parent: 0 },
    ]);
    const relations = [
      rel("attack", "post", "s1:p1", "s1:p0"),
      rel("attack", "post", "s1:p2", "s1:p1"),
      rel("support", "post", "s1:p3", "s1:p1"),
      rel("support", "post", "s1:p4", "s1:p0"),
    ];
    const s = thesisStances({ sources: [source], units, relations }).unit;
    expect(units.map((u) => s.get(u.id))).toEqual(["pro", "con", "pro", "con", "pro"]);
  });

  it("reads a reply's sign from disagreement phrases when no relation says it", () => {
    const { source, units } = thread([
      { text: "Homework should be abolished in primary schools." },
      { text: "I disagree, homework builds study habits early.", parent: 0 },
      { text: "Some pupils never get help at home anyway.", parent: 0 },
    ]);
    const s = thesisStances({ sources: [source], units, relations: [] }).unit;
    expect(s.get(units[1]!.id)).toBe("con");
    expect(s.get(units[2]!.id)).toBe("neutral");
  });
});

describe("clusterKeyPoints on a large corpus", () => {
  it("finds a point twelve people make among 3,000 unrelated units (the share floor is capped)", async () => {
    // Unrelated remarks: each made of its own invented words, so none makes a point with another.
    const next = seededRandom(11);
    const word = () => Array.from({ length: 6 }, () => "bcdfghklmnprstvz"[Math.floor(next() * 16)]).join("");
    const filler = Array.from(
      { length: 3000 },
      () => `The ${word()} ${word()} really ${word()} the ${word()} today.`,
    );
    const point = Array.from(
      { length: 12 },
      (_, i) => `Congestion pricing cuts downtown traffic and funds better buses, says resident ${i}.`,
    );
    const { source, units } = thread([...filler, ...point].map((text, i) => ({ text, author: `a${i}` })));
    const { keyPoints } = await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      lexicalScorer(),
      collectingContext(),
    );
    const pricing = keyPoints.find((k) => /congestion pricing/i.test(k.text));
    expect(pricing, keyPoints.map((k) => k.text).join("\n")).toBeDefined();
    expect(pricing!.authorCount).toBeGreaterThanOrEqual(12);
  });
});

describe("clusterKeyPoints progress", () => {
  it("reports the matching stage before scoring anything, so its rate and ETA start from real work", async () => {
    const { source, units } = corpus();
    const base = lexicalScorer();
    let scored = 0;
    const counting = batchScorer({
      score: (a, b) => {
        scored++;
        return base.score(a, b);
      },
    });
    const events: { stage: string; done: number; scored: number }[] = [];
    await clusterKeyPoints(
      { sources: [source], units, relations: [] },
      counting,
      collectingContext("classic", (e) => events.push({ stage: e.stage, done: e.done, scored })),
    );
    const first = events.find((e) => e.stage === "cluster");
    // Before, the first event came after the first batch was scored, a moment before the second.
    expect(first).toEqual({ stage: "cluster", done: 0, scored: 0 });
    expect(events.some((e) => e.stage === "sides")).toBe(true);
  });
});
