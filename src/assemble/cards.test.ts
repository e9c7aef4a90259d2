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
      "Exactly. Trains emit far less per passenger, and stations sit in city centres. Tickets got cheaper this year.",
      "Agreed. Night trains are back in Europe.",
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
    // Still answered while a later post replies to it, even with no rebuttal unit in it.
    map.arguments[0]!.objections = map.arguments[0]!.objections.map((o) => ({ ...o, rebuttals: [] }));
    expect(toCards(map)[0]!.unanswered).not.toContain("The ban sped up domestic production.");
    // Unanswered once no later post replies to it or quotes it.
    map.relations = map.relations.filter((r) => !(r.from === "s1:p4" && r.to === "s1:p3"));
    expect(toCards(map)[0]!.unanswered).toContain("The ban sped up domestic production.");
  });

  it("returns the map's cruxes with each side's best quote", () => {
    const cards = toCards(mapWithPoints());
    expect(cards.cruxes).toMatchObject([
      {
        text: "Export controls slowed China down.",
        // Each side counts the posts of its own members (the key points' own counts, 4 and 2, are not used).
        pro: { authorCount: 2, quote: "Export controls slowed China down." },
        // Each side stands on its own: the reply's "Nope," is trimmed.
        con: { authorCount: 1, quote: "The ban sped up domestic production." },
        authorsKnown: false, // the fixture's posts name no authors
      },
    ]);
  });
});

describe("ranking by engagement", () => {
  // One root claim that six other people argue about, and three asides: a long, evidence-rich
  // post nobody answered, a post with a single reply that quotes it twice, and a post whose
  // thesis belongs to a key point many authors make.
  function debatedThread() {
    const posts = [
      { text: "Congestion pricing cuts traffic in city centres.", author: "ann" },
      { text: "Stockholm saw traffic fall by a fifth after its charge.", author: "bo", parentIndex: 0 },
      { text: "Congestion pricing mostly hits poorer commuters.", author: "cy", parentIndex: 0 },
      { text: "Revenue can fund buses that poorer commuters use.", author: "di", parentIndex: 2 },
      { text: "London traffic crept back within a decade.", author: "ed", parentIndex: 0 },
      { text: "London raised the charge too slowly to keep up.", author: "fay", parentIndex: 4 },
      { text: "Drivers switch routes instead of leaving their cars.", author: "gus", parentIndex: 0 },
      {
        text: "Bike lanes are cheap. Paris built many kilometres of them. Cycling doubled there. Studies show fewer injuries.",
        author: "hal",
      },
      { text: "Remote work will empty offices for good.", author: "ivy" },
      { text: "Remote work will empty offices for good, I agree.", author: "jo", parentIndex: 8 },
      { text: "Electric cars still cause congestion.", author: "kim" },
    ];
    const source = makeSource(posts);
    const { segments, units } = makeUnits(source, [
      { post: 0, text: "Congestion pricing cuts traffic in city centres.", kind: "claim", confidence: 0.6 },
      { post: 1, text: "Stockholm saw traffic fall by a fifth after its charge.", kind: "evidence" },
      { post: 2, text: "Congestion pricing mostly hits poorer commuters.", kind: "claim" },
      { post: 3, text: "Revenue can fund buses that poorer commuters use.", kind: "claim" },
      { post: 4, text: "London traffic crept back within a decade.", kind: "claim" },
      { post: 5, text: "London raised the charge too slowly to keep up.", kind: "claim" },
      { post: 6, text: "Drivers switch routes instead of leaving their cars.", kind: "claim" },
      { post: 7, text: "Bike lanes are cheap.", kind: "major-claim", confidence: 0.95 },
      { post: 7, text: "Paris built many kilometres of them.", kind: "evidence" },
      { post: 7, text: "Cycling doubled there.", kind: "evidence" },
      { post: 7, text: "Studies show fewer injuries.", kind: "evidence" },
      { post: 8, text: "Remote work will empty offices for good.", kind: "major-claim", confidence: 0.9 },
      { post: 9, text: "Remote work will empty offices for good, I agree.", kind: "claim" },
      { post: 10, text: "Electric cars still cause congestion.", kind: "major-claim", confidence: 0.95 },
    ]);
    const p = (i: number) => `s1:p${i}`;
    const relations = [
      makeRelation("support", p(1), p(0)),
      makeRelation("attack", p(2), p(0)),
      makeRelation("attack", p(3), p(2)),
      makeRelation("attack", p(4), p(0)),
      makeRelation("attack", p(5), p(4)),
      makeRelation("attack", p(6), p(0)),
      makeRelation("quote", p(9), p(8)),
      makeRelation("quote", p(9), p(8)),
      makeRelation("support", p(9), p(8)),
    ];
    const parts = { sources: [source], segments, units, relations };
    const map = makeMap(parts, assembleArguments(parts, collectingContext()));
    // The electric-car aside's thesis belongs to a point seven authors make elsewhere.
    const aside = units[13]!;
    map.keyPoints = [
      {
        id: "kp-ev",
        text: aside.text,
        sourceId: aside.sourceId,
        span: aside.span,
        unitIds: [aside.id],
        authorCount: 7,
        postCount: 7,
        coverage: 0.5,
        stance: "pro",
        quotes: [{ unitId: aside.id, sourceId: aside.sourceId, span: aside.span, text: aside.text }],
        by: { stage: "cluster", version: "1", engine: "classic" },
      },
    ];
    return map;
  }

  it("ranks the debated root claim above one-post asides, however long or widely echoed", () => {
    const map = debatedThread();
    expect(map.arguments[0]!.summary).toBe("Congestion pricing cuts traffic in city centres.");
    expect(map.arguments[0]!.postIds).toHaveLength(7);
    const cards = toCards(map);
    expect(cards[0]!.thesis).toBe("Congestion pricing cuts traffic in city centres.");
    // The one-reply aside comes next; the unanswered ones after it, whatever their evidence.
    expect(cards[1]!.thesis).toBe("Remote work will empty offices for good.");
    expect(
      cards
        .slice(2)
        .map((c) => c.thesis)
        .sort(),
    ).toEqual(["Bike lanes are cheap.", "Electric cars still cause congestion."]);
  });

  it("does not count a quoting reply twice: quotes inside the argument are replies already", () => {
    const map = debatedThread();
    const remote = map.arguments.find((a) => a.summary.startsWith("Remote work"))!;
    const debated = map.arguments[0]!;
    // One reply, 2 authors: 2·log2(2) + log2(2) + 0.5·0.9 + 0.25 (major claim), no quote term.
    expect(remote.score).toBeCloseTo(2 + 1 + 0.45 + 0.25, 5);
    expect(debated.score).toBeGreaterThan(remote.score + 3);
  });
});

describe("toCards objections and rebuttals", () => {
  it("words them as standing sentences: connective trimmed, antecedent merged, questions left out", () => {
    const source = makeSource([
      "Rent control keeps neighbourhoods affordable.",
      "Landlords stop maintaining buildings. That is what happened in Stockholm.",
      "Nope, the Stockholm buildings were renovated in the nineties.",
      "Did it though?",
    ]);
    const { segments, units } = makeUnits(source, [
      { post: 0, text: "Rent control keeps neighbourhoods affordable.", kind: "claim" },
      { post: 1, text: "Landlords stop maintaining buildings.", kind: "none" },
      { post: 1, text: "That is what happened in Stockholm.", kind: "claim" },
      { post: 2, text: "Nope, the Stockholm buildings were renovated in the nineties.", kind: "claim" },
      { post: 3, text: "Did it though?", kind: "claim" },
    ]);
    const relations = [
      makeRelation("quote", "s1:p1", "s1:p0"),
      makeRelation("attack", "s1:p1", "s1:p0"),
      makeRelation("quote", "s1:p2", "s1:p1"),
      makeRelation("attack", "s1:p2", "s1:p1"),
      makeRelation("quote", "s1:p3", "s1:p0"),
      makeRelation("attack", "s1:p3", "s1:p0"),
    ];
    const parts = { sources: [source], segments, units, relations };
    const map = makeMap(parts, assembleArguments(parts, collectingContext()));
    expect(map.arguments[0]!.objections).toHaveLength(2);
    const [card] = toCards(map);
    expect(card!.objections).toEqual([
      {
        text: "Landlords stop maintaining buildings. That is what happened in Stockholm.",
        rebuttals: ["The Stockholm buildings were renovated in the nineties."],
      },
    ]);
    expect(card!.unanswered).toEqual([]);
    expect(card!.claims).toContain(
      `${OBJECTION_PREFIX}Landlords stop maintaining buildings. That is what happened in Stockholm.`,
    );
  });
});
