import { describe, expect, it } from "vitest";
import { OBJECTION_PREFIX, toCards } from "./cards.js";
import { collectingContext } from "../model/index.js";
import { assembleArguments } from "./arguments.js";
import { makeDebateMap, makeMap, makeRelation, makeSource, makeUnits } from "./testing.js";

describe("toCards", () => {
  const map = makeDebateMap();

  it("makes one card per argument, best first, with the summary as thesis", () => {
    const cards = toCards(map);
    expect(cards.map((c) => c.rank)).toEqual([1, 2]);
    expect(cards[0]!.label).toBe("ARGUMENT");
    expect(cards[0]!.source).toBe("news.example.org");
    expect(cards[0]!.thesis).toBe("Export controls slowed China down. They cut access to the best chips.");
    expect(cards[1]!.thesis).toBe("Open source models will dominate by 2030.");
  });

  it("lists supporting claims and marks objections, without repeating the thesis", () => {
    const [card] = toCards(map);
    expect(card!.claims).toEqual([
      "Chinese labs pay six times more per FLOP.",
      "Agreed, the controls bought years of lead time.",
      `${OBJECTION_PREFIX}Nope, the ban sped up domestic production.`,
    ]);
    expect(card!.stats).toEqual({ posts: 5, supports: 2, attacks: 1, evidence: 1 });
  });

  it("honours the card limit and the number of claims per card, keeping room for an objection", () => {
    const cards = toCards(map, { limit: 1, claimsPerCard: 2 });
    expect(cards).toHaveLength(1);
    expect(cards[0]!.claims).toHaveLength(2);
    expect(cards[0]!.claims.filter((c) => c.startsWith(OBJECTION_PREFIX))).toHaveLength(1);
  });
});

describe("toCards key claims", () => {
  it("takes claims from different posts before a second claim of the same post", () => {
    const source = makeSource([
      "Rail beats flying for short trips.",
      "Trains emit far less per passenger, and stations sit in city centres.",
      "Night trains are back in Europe.",
    ]);
    const { segments, units } = makeUnits(source, [
      { post: 0, text: "Rail beats flying for short trips.", kind: "claim" },
      { post: 1, text: "Trains emit far less per passenger,", kind: "claim", confidence: 0.9 },
      { post: 1, text: "and stations sit in city centres.", kind: "claim", confidence: 0.8 },
      { post: 2, text: "Night trains are back in Europe.", kind: "claim", confidence: 0.5 },
    ]);
    const relations = [
      makeRelation("quote", "s1:p1", "s1:p0"),
      makeRelation("support", "s1:p1", "s1:p0"),
      makeRelation("quote", "s1:p2", "s1:p0"),
      makeRelation("support", "s1:p2", "s1:p0"),
    ];
    const parts = { sources: [source], segments, units, relations };
    const map = makeMap(parts, assembleArguments(parts, collectingContext()));
    expect(toCards(map, { claimsPerCard: 2 })[0]!.claims).toEqual([
      "Trains emit far less per passenger,",
      "Night trains are back in Europe.",
    ]);
    // With room for both clauses of one sentence, they are shown as that sentence.
    expect(toCards(map, { claimsPerCard: 3 })[0]!.claims).toEqual([
      "Trains emit far less per passenger, and stations sit in city centres.",
      "Night trains are back in Europe.",
    ]);
  });
});
