import { describe, expect, it } from "vitest";
import { readSource } from "../../ingest/index.js";
import type { Relation, SourceDoc, Unit } from "../../model/index.js";
import { analyseThread, buildThread, type PostSpec } from "../../../test/support/thread.js";
import { relateUnits, replyStance } from "./relations.js";
import { collectingContext } from "../../model/index.js";
import { segmentSources, winkSegmenter } from "../../segment/index.js";
import { classicEngine } from "./index.js";

const P = (i: number) => `src-test:p${i}`;

const parentPost: PostSpec = {
  body: "The city should close the old harbour to ships. The water there is badly polluted and the docks are unsafe.",
};

async function run(specs: PostSpec[]): Promise<{
  doc: SourceDoc;
  units: Unit[];
  structure: Relation[];
  relations: Relation[];
}> {
  const doc = buildThread(specs);
  return { doc, ...(await analyseThread([doc])) };
}

function postRelation(relations: Relation[], from: number, to: number): Relation | undefined {
  return relations.find(
    (r) =>
      r.level === "post" &&
      r.from === P(from) &&
      r.to === P(to) &&
      (r.kind === "support" || r.kind === "attack"),
  );
}

function expectEndsExist(units: Unit[], doc: SourceDoc, relations: Relation[]): void {
  const unitIds = new Set(units.map((u) => u.id));
  const postIds = new Set(doc.posts.map((p) => p.id));
  for (const r of relations) {
    const ids = r.level === "unit" ? unitIds : postIds;
    expect(ids.has(r.from), `${r.id} from`).toBe(true);
    expect(ids.has(r.to), `${r.id} to`).toBe(true);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.span[0]).toBeLessThanOrEqual(r.span[1]);
    expect(r.span[1]).toBeLessThanOrEqual(doc.text.length);
  }
  expect(new Set(relations.map((r) => r.id)).size).toBe(relations.length);
}

describe("classic relations across posts", () => {
  // A thread of our own with the phenomena of forum arguments: a claim, an elaboration that adds to
  // it, an agreement opener, a "No? …" rebuttal, a concession then contrast, and a quoted reply.
  const libraryThread: PostSpec[] = [
    {
      body: "The town library should open on Sundays. Families have no other free indoor space at weekends.",
    },
    {
      parent: 0,
      body: "Even more so in winter, when the parks are closed and the cafes are expensive.",
    },
    {
      parent: 0,
      body: "Absolutely -- my kids would be there every week.",
    },
    {
      parent: 0,
      body: "No? The library cannot pay for Sunday staff, the budget was cut again this year.",
    },
    {
      parent: 3,
      body: "Sure, the budget was cut, but volunteers already run the Saturday reading club for free.",
    },
    {
      quotes: [{ of: 3, text: "the budget was cut again this year." }],
      body: "The cut only touched the book fund, not the staff hours.",
    },
  ];

  it("reads a forum thread of its own: additions and agreement support, rebuttals and concessions attack", async () => {
    const { doc, units, relations } = await run(libraryThread);
    expect(postRelation(relations, 1, 0)?.kind).toBe("support");
    expect(postRelation(relations, 1, 0)!.signals.some((s) => s.startsWith("adds-to:"))).toBe(true);
    expect(postRelation(relations, 2, 0)?.kind).toBe("support");
    expect(postRelation(relations, 3, 0)?.kind).toBe("attack");
    expect(postRelation(relations, 4, 3)?.kind).toBe("attack");
    // No agreement or addition is ever an objection.
    for (const i of [1, 2])
      expect(relations.some((r) => r.kind === "attack" && r.from.includes(P(i)))).toBe(false);
    // The quoted reply attaches to the quoted sentence, not to the parent's first unit.
    const quoted = relations.find((r) => r.level === "unit" && r.from.startsWith(`u:${P(5)}`));
    if (quoted) expect(units.find((u) => u.id === quoted.to)?.text).toContain("budget was cut again");
    expectEndsExist(units, doc, relations);
  });

  it("attaches an unquoted reply to the parent unit that shares its words, not always the first claim", async () => {
    const { units, relations } = await run([
      {
        body: "We should ban cars from the old town. The cobbled streets crack under heavy delivery vans.",
      },
      {
        parent: 0,
        body: "I disagree. The cobbled streets were repaired last spring and delivery vans now use the ring road.",
      },
    ]);
    const unit = relations.find(
      (r) => r.level === "unit" && r.from.startsWith(`u:${P(1)}`) && r.kind === "attack",
    );
    expect(unit).toBeDefined();
    expect(units.find((u) => u.id === unit!.to)?.text).toContain("cobbled streets crack");
  });

  it("links a 'Nope.' reply that quotes a post to it as an attack, at post and unit level", async () => {
    const { doc, units, relations } = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "The city should close the old harbour to ships." }],
        body: "Nope. Fishing boats depend on that harbour for their income.",
      },
    ]);
    const post = postRelation(relations, 1, 0);
    expect(post?.kind).toBe("attack");
    expect(post!.signals.join(" ")).toContain("nope");
    const unit = relations.find(
      (r) => r.level === "unit" && r.kind === "attack" && r.from.startsWith(`u:${P(1)}`),
    );
    expect(unit).toBeDefined();
    const target = units.find((u) => u.id === unit!.to)!;
    expect(target.postId).toBe(P(0));
    expect(target.text).toBe("The city should close the old harbour to ships.");
    expectEndsExist(units, doc, relations);
  });

  it("links an 'Exactly --' reply to its parent as support", async () => {
    const { relations } = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "The water there is badly polluted" }],
        body: "Exactly -- nobody should swim there either.",
      },
    ]);
    expect(postRelation(relations, 1, 0)?.kind).toBe("support");
  });

  it("takes 'That's true for X, but …' as an attack (concession then contrast)", async () => {
    const { relations } = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "the docks are unsafe." }],
        body: "That's true for the north docks, but the south pier was rebuilt last year.",
      },
    ]);
    const post = postRelation(relations, 1, 0);
    expect(post?.kind).toBe("attack");
    expect(post!.signals.some((s) => s.startsWith("concession:"))).toBe(true);
  });

  it("takes 'I think this is too cynical.' as an attack", async () => {
    const { relations } = await run([
      { body: "Politicians only build bridges to win votes. None of them care about the town." },
      {
        quotes: [{ of: 0, text: "Politicians only build bridges to win votes." }],
        body: "I think this is too cynical. Some of them grew up here.",
      },
    ]);
    expect(postRelation(relations, 1, 0)?.kind).toBe("attack");
  });

  it("takes a reply that restates the parent with the opposite polarity as an attack", async () => {
    const { relations } = await run([
      { body: "The parking ban has failed to reduce traffic in the centre." },
      {
        quotes: [{ of: 0, text: "The parking ban has failed to reduce traffic in the centre." }],
        body: "It definitely has not failed. Counts dropped every month.",
      },
    ]);
    const post = postRelation(relations, 1, 0);
    expect(post?.kind).toBe("attack");
    expect(post!.signals.some((s) => s.startsWith("negates-parent:") || s.startsWith("disagree:"))).toBe(
      true,
    );
  });

  it("gives a reply with no agreement or disagreement signal only its reply relation", async () => {
    const { doc, units, structure, relations } = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "The water there is badly polluted" }],
        body: "The council meets on Tuesday to discuss the harbour budget.",
      },
    ]);
    expect(
      structure
        .filter((r) => r.from === P(1))
        .map((r) => r.kind)
        .sort(),
    ).toEqual(["quote", "reply"]);
    expect(
      relations.filter(
        (r) => r.from === P(1) || (r.from.startsWith(`u:${P(1)}`) && r.to.startsWith(`u:${P(0)}`)),
      ),
    ).toEqual([]);
    expectEndsExist(units, doc, [...structure, ...relations]);
  });

  it("does not take short topic-shifting replies as attacks, but still takes clear rebuttals", async () => {
    // Terse replies that change the subject, with no opener and little in common with the parent,
    // on which the stance model alone says "attack"; beside them, rebuttals of four shapes.
    const bridge = {
      body: "The town should build a second bridge over the river. Traffic on the old bridge doubles every summer.",
    };
    const { doc, units, relations } = await run([
      bridge,
      { parent: 0, body: "Cost vs benefit." },
      { parent: 0, body: "Tourists vs locals." },
      { parent: 0, body: "The ferry company has a staffing problem." },
      { parent: 0, body: "No, traffic on the old bridge has fallen since the bypass opened." },
      { parent: 0, body: "That's wrong: the summer counts only include the festival week." },
      {
        parent: 0,
        body: "Sure, traffic grows in summer, but a bridge costs more than ten years of ferries.",
      },
      { parent: 0, body: "That is a parking problem, not a reason for a bridge." },
    ]);
    for (const i of [1, 2, 3])
      expect(
        relations.filter((r) => r.kind === "attack" && (r.from === P(i) || r.from.startsWith(`u:${P(i)}`))),
        `post ${i}`,
      ).toEqual([]);
    for (const i of [4, 5, 6, 7]) expect(postRelation(relations, i, 0)?.kind, `post ${i}`).toBe("attack");
    expectEndsExist(units, doc, relations);
  });

  it("relates an unquoted reply to the post before it with lower confidence than a quoted one", async () => {
    const quoted = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "the docks are unsafe." }],
        body: "Nope. The docks passed inspection in May.",
      },
    ]);
    const adjacent = await run([parentPost, { body: "Nope. The docks passed inspection in May." }]);
    const adjacency = adjacent.structure.find((r) => r.from === P(1) && r.kind === "reply");
    expect(adjacency?.signals).toEqual(["adjacency"]);
    expect(adjacency!.confidence).toBeLessThan(0.5);
    const a = postRelation(adjacent.relations, 1, 0);
    const q = postRelation(quoted.relations, 1, 0);
    expect(a?.kind).toBe("attack");
    expect(q?.kind).toBe("attack");
    expect(a!.confidence).toBeLessThan(q!.confidence);
    expectEndsExist(adjacent.units, adjacent.doc, [...adjacent.structure, ...adjacent.relations]);
  });

  it("reads 'Agreed' right after a quote as support, with one unit per segment spanning its text", async () => {
    const { doc, relations, units } = await run([
      parentPost,
      {
        quotes: [{ of: 0, text: "The city should close the old harbour to ships." }],
        body: "Agreed, it is time.",
      },
    ]);
    expect(postRelation(relations, 1, 0)?.kind).toBe("support");
    expect(units.every((u) => u.by.stage === "extract" && u.id === `u:${u.segmentId}`)).toBe(true);
    expect(units.every((u) => doc.text.slice(u.span[0], u.span[1]) === u.text && u.text.length > 0)).toBe(
      true,
    );
  });
});

describe("classic relations within a post", () => {
  it("links a 'because' clause to the claim before it as support", async () => {
    const { units, relations } = await run([
      { body: "We should ban cars from the old town, because the streets are too narrow for them." },
    ]);
    const premise = units.find((u) => u.text.startsWith("because"))!;
    const claim = units.find((u) => u.text.startsWith("We should"))!;
    expect(premise.kind).toBe("premise");
    expect(relations.find((r) => r.from === premise.id)).toMatchObject({
      kind: "support",
      to: claim.id,
      level: "unit",
    });
  });

  it("links the segment before a 'so' conclusion to it as support", async () => {
    const { units, relations } = await run([
      { body: "The bridge is closed for repairs. So we must take the ferry tomorrow." },
    ]);
    const first = units[0]!;
    const conclusion = units[1]!;
    expect(conclusion.text).toMatch(/^So/);
    expect(relations.find((r) => r.from === first.id && r.to === conclusion.id)?.kind).toBe("support");
  });

  it("marks a segment opening with 'But' as an attack on the one before", async () => {
    const { units, relations } = await run([
      { body: "Electric cars are cleaner to run. But their batteries are hard to recycle and costly." },
    ]);
    const [first, second] = units;
    expect(relations.find((r) => r.from === second!.id && r.to === first!.id)?.kind).toBe("attack");
  });
});

describe("replyStance", () => {
  it("reads agreement, disagreement and concession openers on invented sentences", () => {
    expect(replyStance(["Good point, and the same holds for buses."])?.kind).toBe("support");
    expect(replyStance(["Not really, most of them live abroad."])?.kind).toBe("attack");
    expect(replyStance(["Absolutely not, that would be a disaster."])?.kind).toBe("attack");
    expect(replyStance(["Absolutely, that would help a lot."])?.kind).toBe("support");
    expect(replyStance(["Sure, but nobody will pay for it."])?.kind).toBe("attack");
    expect(replyStance(["Yes but the law says otherwise."])?.kind).toBe("attack");
    expect(replyStance(["You're wrong about the dates."])?.kind).toBe("attack");
    expect(replyStance(["The meeting is on Monday."])).toBeUndefined();
  });

  it("is more confident about a strong opener than a weak one", async () => {
    expect(replyStance(["I disagree, the data say otherwise."])!.strength).toBeGreaterThan(
      replyStance(["Well, the data say otherwise."])!.strength,
    );
  });
});

describe("premise targets chosen by the relation classifier", () => {
  async function relateWith(support: (from: Unit, to: Unit) => number) {
    const doc = buildThread([
      {
        body: "Remote work should stay. Offices should also stay open for those who like them. Commuting costs the average worker two hours a day.",
      },
    ]);
    const ctx = collectingContext();
    const { segments, tokens } = segmentSources([doc], winkSegmenter, ctx);
    const units = await classicEngine.extract({ sources: [doc], segments, tokens }, ctx);
    const relations = relateUnits({ sources: [doc], segments, tokens, units, structure: [] }, ctx, support);
    const premise = units.find((u) => u.text.startsWith("Commuting"))!;
    return { units, relation: relations.find((r) => r.from === premise.id && r.kind === "support"), premise };
  }

  it("links an unmarked premise to the claim the classifier scores highest, with its probability", async () => {
    const { units, relation, premise } = await relateWith((_from, to) =>
      to.text.startsWith("Remote") ? 0.8 : 0.5,
    );
    expect(premise.kind === "premise" || premise.kind === "evidence").toBe(true);
    expect(relation).toMatchObject({
      to: units.find((u) => u.text.startsWith("Remote"))!.id,
      confidence: 0.8,
      signals: ["relation-model"],
    });
  });

  it("falls back to the unit before it when the classifier is unsure", async () => {
    const { units, relation } = await relateWith(() => 0.1);
    expect(relation).toMatchObject({ to: units.find((u) => u.text.startsWith("Offices"))!.id });
    expect(relation!.signals).toContain("previous");
  });
});

describe("counter-claims in an essay", () => {
  it("links the premises of a claim-last paragraph to its last sentence in a single-newline essay", async () => {
    const essay = [
      "Should towns keep their local libraries open?",
      "Many councils are closing branches to save money, and some residents no longer visit them. I believe that towns should keep their local libraries open, because they serve people that nothing else serves.",
      "Libraries give free internet access to people who cannot afford it at home. Job seekers use the computers to write applications and print their documents. Thus, closing a branch cuts the poorest residents off from work.",
      "Libraries also host reading groups and homework clubs for children after school. Parents who work late rely on these clubs every week. Therefore, a library is a social centre as much as a room full of books.",
      "In conclusion, the small saving from a closure costs a town far more than it returns.",
    ].join("\n");
    const { doc } = readSource({ name: "essay.txt", bytes: new TextEncoder().encode(essay) });
    const { units, relations } = await analyseThread([doc]);
    const claim = units.find((u) => u.text.startsWith("Thus"))!;
    for (const start of ["Libraries give", "Job seekers"]) {
      const premise = units.find((u) => u.text.startsWith(start))!;
      const link = relations.find((r) => r.from === premise.id && r.level === "unit");
      expect(link?.to).toBe(claim.id);
      expect(link?.kind).toBe("support");
    }
    const thesis = units.find((u) => u.kind === "major-claim")!;
    expect(relations.find((r) => r.from === claim.id)?.to).toBe(thesis.id);
  });

  it("makes a paragraph that states the other side attack the thesis, and its answer attack it", async () => {
    const essay = [
      "Cities should replace parking minimums with market prices for curb space.",
      "Parking minimums raise the cost of every new home, because builders must pour concrete for cars instead of rooms. Studies of Los Angeles found each required space added tens of thousands of dollars to a unit.",
      "Some people argue that drivers will circle for hours looking for a free spot. However, priced curbs leave a few spaces open on every block, so drivers find one quickly.",
      "In conclusion, prices for curb space would give cities cheaper homes and emptier streets.",
    ].join("\n\n");
    const doc = buildThread([{ body: essay }]);
    const { units, relations } = await analyseThread([{ ...doc, format: "text" }]);
    const thesis = units.find((u) => u.text.startsWith("Cities should"))!;
    const counter = units.find((u) => u.text.startsWith("Some people argue"))!;
    const attack = relations.find((r) => r.kind === "attack" && r.from === counter.id);
    expect(attack?.to).toBe(thesis.id);
    expect(attack?.signals).toContain("structure:other-side→thesis");
    const answer = units.find((u) => u.text.startsWith("However"))!;
    expect(relations.find((r) => r.from === answer.id && r.to === counter.id)?.kind).toBe("attack");
    // The body paragraph's claim still supports the thesis.
    expect(
      relations.some(
        (r) =>
          r.kind === "support" &&
          r.to === thesis.id &&
          units.find((u) => u.id === r.from)!.text.startsWith("Parking"),
      ),
    ).toBe(true);
  });
});
