import { describe, expect, it } from "vitest";
import { collectingContext, type ArgumentMap, type KeyPoint, type Unit } from "../model/index.js";
import { assembleArguments } from "./arguments.js";
import { toCards } from "./cards.js";
import { realDispute } from "./cruxes.js";
import { makeMap, makeRelation, makeSource, makeUnits } from "../../test/support/map-builders.js";

describe("realDispute", () => {
  it("needs both sides to say something about a shared point", () => {
    expect(
      realDispute(
        "The theory is that the trails of exhaust left by airliners are mind-control chemicals.",
        "The exhaust just causes the water to condense out of the air.",
      ),
    ).toBe(true);
    // A bare reference is no side of a dispute.
    expect(realDispute("Idk Sandy hook was way too personal for me.", "See: Sandy Hook")).toBe(false);
    // Two remarks that share only a light verb ("put") address different things.
    expect(
      realDispute(
        "I was at a friends house with 5 other people when someone decided to put it on the TV.",
        "Not someone who puts any sort of faith into it.",
      ),
    ).toBe(false);
  });

  it("does not take two sides that deny the same thing for a dispute", () => {
    expect(
      realDispute("The moon isn't real.", 'I jokingly said, "The moon landings weren\'t even real."'),
    ).toBe(false);
  });

  it("takes an attack for a shared point, and ignores words the whole thread uses", () => {
    const pro = "Export controls slowed China down.";
    const con = "The ban sped up domestic production.";
    expect(realDispute(pro, con)).toBe(false);
    expect(realDispute(pro, con, () => true, true)).toBe(true);
    expect(
      realDispute("Old Reddit does not support polls.", "Old Reddit is the point of Reddit.", () => false),
    ).toBe(false);
  });
});

/** A flat thread: an opening claim, a post continuing it, a post denying the continuation. */
function backfireMap(denial = "Definitely hasn't backfired."): ArgumentMap {
  const source = makeSource([
    "Software affinity like CUDA is no longer the deciding factor for labs.",
    "Even more so after the export ban which is proving to have backfired by speeding up domestic chips.",
    `${denial} Exporting would have just sped up their progress.`,
  ]);
  const { segments, units } = makeUnits(source, [
    {
      post: 0,
      text: "Software affinity like CUDA is no longer the deciding factor for labs.",
      kind: "claim",
    },
    {
      post: 1,
      text: "Even more so after the export ban which is proving to have backfired by speeding up domestic chips.",
      kind: "claim",
    },
    { post: 2, text: denial, kind: "claim" },
    { post: 2, text: "Exporting would have just sped up their progress.", kind: "premise" },
  ]);
  const relations = [
    makeRelation("reply", "s1:p1", "s1:p0", { confidence: 0.3 }),
    makeRelation("reply", "s1:p2", "s1:p1", { confidence: 0.3 }),
    makeRelation("attack", "u2", "u1", { confidence: 0.65 }),
    makeRelation("support", "u3", "u2", { confidence: 0.8 }),
  ];
  const parts = { sources: [source], segments, units, relations };
  return makeMap(parts, assembleArguments(parts, collectingContext()));
}

describe("cruxes on cards", () => {
  it("shows a denial as a crux, the other side worded with its antecedent sentence", () => {
    const { cruxes } = toCards(backfireMap());
    expect(cruxes).toHaveLength(1);
    expect(cruxes[0]!.text).toBe(
      "Software affinity like CUDA is no longer the deciding factor for labs. Even more so after the export ban which is proving to have backfired by speeding up domestic chips.",
    );
    expect(cruxes[0]!.con.quote).toBe("Definitely hasn't backfired.");
    expect([cruxes[0]!.pro.authorCount, cruxes[0]!.con.authorCount]).toEqual([1, 1]);
  });

  it("shows no crux for an attack that does not deny what it answers", () => {
    // Same attack, but the reply negates nothing the other side asserts.
    expect(toCards(backfireMap("The ban was a good thing.")).cruxes).toEqual([]);
    expect(toCards(backfireMap("Definitely not a good thing.")).cruxes).toEqual([]);
  });

  it("names a clustering crux by its key point's LLM name, and drops a false one", () => {
    const map = backfireMap();
    const unit = (id: string): Unit => map.units.find((u) => u.id === id)!;
    const q = (u: Unit) => ({ unitId: u.id, sourceId: u.sourceId, span: u.span, text: u.text });
    const point = (id: string, u: Unit, label?: string): KeyPoint => ({
      id,
      text: u.text,
      sourceId: u.sourceId,
      span: u.span,
      unitIds: [u.id],
      authorCount: 1,
      postCount: 1,
      coverage: 0.2,
      stance: "pro",
      quotes: [q(u)],
      by: { stage: "cluster", version: "1", engine: "llm" },
      ...(label ? { label } : {}),
    });
    map.keyPoints = [point("kp-a", unit("u0"), "CUDA no longer decides"), point("kp-b", unit("u3"))];
    map.cruxes = [
      {
        id: "c1",
        text: unit("u0").text,
        balance: 1,
        pro: { keyPointId: "kp-a", authorCount: 1, quotes: [q(unit("u0"))] },
        con: { keyPointId: "kp-b", authorCount: 1, quotes: [q(unit("u3"))] },
      },
    ];
    // "Exporting would have just sped up their progress." shares nothing with the CUDA claim and
    // does not attack it: not a crux. The denial still is.
    expect(toCards(map).cruxes.map((c) => c.text)).toEqual([
      expect.stringContaining("proving to have backfired"),
    ]);
    map.relations.push(makeRelation("attack", "u3", "u0"));
    const cruxes = toCards(map).cruxes;
    expect(cruxes.map((c) => c.text)).toContain("CUDA no longer decides");
    expect(cruxes.find((c) => c.text === "CUDA no longer decides")!.pro.quote).toBe(unit("u0").text);
    // A second point resting on the same two quotes is the same crux: shown once, with its counts.
    map.cruxes.push({
      ...map.cruxes[0]!,
      id: "c2",
      pro: { ...map.cruxes[0]!.pro, authorCount: 5 },
      con: { ...map.cruxes[0]!.con, authorCount: 4 },
    });
    const once = toCards(map).cruxes.filter((c) => c.pro.quote === unit("u0").text);
    // Counted by the distinct authors of each side's point (one post each), not the claimed 5 and 4.
    expect(once.map((c) => [c.pro.authorCount, c.con.authorCount])).toEqual([[1, 1]]);
    expect(
      toCards(map, { cruxCheck: "shared-word" })
        .cruxes.filter((c) => c.pro.quote === unit("u0").text)
        .map((c) => [c.pro.authorCount, c.con.authorCount]),
    ).toEqual([[5, 4]]);
  });

  it("never shows a crux with the same text or the same author on both sides", () => {
    const map = backfireMap();
    const unit = (id: string): Unit => map.units.find((u) => u.id === id)!;
    const q = (u: Unit) => ({ unitId: u.id, sourceId: u.sourceId, span: u.span, text: u.text });
    map.relations.push(makeRelation("attack", "u3", "u0"));
    const crux = (id: string, pro: Unit, con: Unit) => ({
      id,
      text: pro.text,
      balance: 1,
      pro: { keyPointId: "kp-a", authorCount: 1, quotes: [q(pro)] },
      con: { keyPointId: "kp-b", authorCount: 1, quotes: [q(con)] },
    });
    map.cruxes = [crux("same-text", unit("u0"), unit("u0")), crux("two-posts", unit("u0"), unit("u3"))];
    const shown = () => toCards(map).cruxes.map((c) => [c.pro.quote, c.con.quote]);
    expect(shown()).toContainEqual([unit("u0").text, unit("u3").text]);
    expect(shown().some(([pro, con]) => pro === con)).toBe(false);
    // The same person on both sides (posts 0 and 2 by one author) is no dispute.
    for (const post of map.sources[0]!.posts) post.author = post.index === 1 ? "bea" : "al";
    expect(shown()).not.toContainEqual([unit("u0").text, unit("u3").text]);
    for (const c of toCards(map).cruxes) {
      const [pro, con] = [c.pro.at!, c.con.at!].map(
        (at) => map.units.find((u) => u.span[0] === at.span[0])!.postId,
      );
      const author = (post: string) => map.sources[0]!.posts.find((p) => p.id === post)!.author;
      expect(author(pro!)).not.toBe(author(con!));
    }
  });
});
