import { describe, expect, it } from "vitest";
import { keyPointCounts, OBJECTION_PREFIX, toCards } from "./cards.js";
import { collectingContext } from "../model/index.js";
import { assembleArguments } from "./arguments.js";
import {
  makeDebateMap,
  makeMap,
  makeRelation,
  makeSource,
  makeUnits,
} from "../../test/support/map-builders.js";

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
      // "Agreed, …" on a card would answer nothing: the connective is trimmed.
      "The controls bought years of lead time.",
      `${OBJECTION_PREFIX}The ban sped up domestic production.`,
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
  it("takes claims from different posts before a second claim of the same post, clauses as their sentence", () => {
    const source = makeSource([
      "Rail beats flying for short trips.",
      "Trains emit far less per passenger, and stations sit in city centres. Tickets got cheaper this year.",
      "Night trains are back in Europe.",
    ]);
    const { segments, units } = makeUnits(source, [
      { post: 0, text: "Rail beats flying for short trips.", kind: "claim" },
      { post: 1, text: "Trains emit far less per passenger,", kind: "claim", confidence: 0.9 },
      { post: 1, text: "and stations sit in city centres.", kind: "claim", confidence: 0.8 },
      { post: 1, text: "Tickets got cheaper this year.", kind: "claim", confidence: 0.95 },
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
    // Two slots: the strongest sentence of each post, in text order.
    expect(toCards(map, { claimsPerCard: 2 })[0]!.claims).toEqual([
      "Tickets got cheaper this year.",
      "Night trains are back in Europe.",
    ]);
    // Three: the second sentence of post 1 too; its two clauses are shown as the one sentence
    // (the first clause alone, ending in a comma, is not a complete statement).
    expect(toCards(map, { claimsPerCard: 3 })[0]!.claims).toEqual([
      "Trains emit far less per passenger, and stations sit in city centres.",
      "Tickets got cheaper this year.",
      "Night trains are back in Europe.",
    ]);
  });
});

describe("toCards key points, rebuttals and cruxes", () => {
  function mapWithPoints() {
    const map = makeDebateMap();
    const unit = (prefix: string) => map.units.find((u) => u.text.startsWith(prefix))!;
    const thesis = unit("Export controls slowed");
    const labs = unit("Chinese labs pay");
    const nope = unit("Nope, the ban");
    const quote = (u: typeof thesis) => ({ unitId: u.id, sourceId: u.sourceId, span: u.span, text: u.text });
    const by = { stage: "cluster", version: "1", engine: "classic" } as const;
    map.keyPoints = [
      {
        id: "kp-a",
        text: thesis.text,
        sourceId: thesis.sourceId,
        span: thesis.span,
        unitIds: [thesis.id, labs.id],
        authorCount: 4,
        postCount: 5,
        coverage: 0.25,
        stance: "pro",
        quotes: [quote(thesis)],
        by,
        side: "primary",
        opposes: "kp-b",
        sourceIds: ["a", "b", "c"],
        sourceCount: 3,
      },
      {
        id: "kp-b",
        text: nope.text,
        sourceId: nope.sourceId,
        span: nope.span,
        unitIds: [nope.id],
        authorCount: 2,
        postCount: 2,
        coverage: 0.1,
        stance: "con",
        quotes: [quote(nope)],
        by,
        side: "counter",
        opposes: "kp-a",
        sourceIds: ["a"],
        sourceCount: 1,
      },
    ];
    map.cruxes = [
      {
        id: "crux-kp-a",
        text: thesis.text,
        balance: 0.5,
        pro: { keyPointId: "kp-a", authorCount: 4, quotes: [quote(thesis)] },
        con: { keyPointId: "kp-b", authorCount: 2, quotes: [quote(nope)] },
      },
    ];
    return map;
  }

  it("lists the key points an argument makes with who makes them", () => {
    const [card] = toCards(mapWithPoints());
    expect(card!.keyPoints.map((k) => k.id)).toContain("kp-a");
    // The fixture's posts name no authors, so the card counts posts.
    expect(keyPointCounts(card!.keyPoints.find((k) => k.id === "kp-a")!)).toBe(
      "made in 5 posts of 3 sources",
    );
    expect(keyPointCounts({ authorCount: 4, postCount: 5, sourceCount: 3 })).toBe(
      "made by 4 authors in 3 sources",
    );
    expect(keyPointCounts({ authorCount: 1, postCount: 1, sourceCount: 1 })).toBe(
      "made by 1 author in 1 post",
    );
    // Flattened threads name no authors: say posts, never invent authors.
    expect(keyPointCounts({ authorCount: 3, postCount: 3, sourceCount: 1, authorsKnown: false })).toBe(
      "made in 3 posts",
    );
    expect(keyPointCounts({ authorCount: 4, postCount: 5, sourceCount: 2, authorsKnown: false })).toBe(
      "made in 5 posts of 2 sources",
    );
  });

  it("pairs each objection with its rebuttals and lists unanswered objections", () => {
    const map = makeDebateMap();
    const [card] = toCards(map);
    // Shown as the key claims are: "Nope, the ban …" with its connective trimmed.
    const objection = card!.objections.find((o) => o.text.startsWith("The ban"));
    expect(objection?.rebuttals).toEqual(["Domestic production is still years behind the leading fabs."]);
    expect(card!.unanswered).not.toContain(objection!.text);
    map.arguments[0]!.objections = map.arguments[0]!.objections.map((o) => ({ ...o, rebuttals: [] }));
    expect(toCards(map)[0]!.unanswered).toContain("The ban sped up domestic production.");
  });

  it("returns the map's cruxes with each side's best quote", () => {
    const cards = toCards(mapWithPoints());
    expect(cards.cruxes).toEqual([
      {
        text: "Export controls slowed China down.",
        pro: { authorCount: 4, quote: "Export controls slowed China down." },
        con: { authorCount: 2, quote: "Nope, the ban sped up domestic production." },
        authorsKnown: false, // the fixture's posts name no authors
      },
    ]);
  });
});
