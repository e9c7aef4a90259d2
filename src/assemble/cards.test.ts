import { describe, expect, it } from "vitest";
import { OBJECTION_PREFIX, toCards } from "./cards.js";
import { makeDebateMap } from "./testing.js";

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
