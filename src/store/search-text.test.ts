import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "./query.js";
import type { SearchHit } from "./port.js";
import { groupSearchHits, matchText, snippetFor, stemWord } from "./search-text.js";

const q = (text: string) => parseSearchQuery(text)!;

describe("matchText", () => {
  it("finds inflected words with a stemmed query, as the store's porter index does", () => {
    const m = matchText(q("export ban"), "The US exports were banned last year.");
    expect(m?.snippet).toBe("The US [exports] were [banned] last year.");
    expect(matchText(q("exports banning"), "an export ban")?.snippet).toBe("an [export] [ban]");
  });

  it("matches prefixes, phrases and exclusions on the item's own words", () => {
    expect(matchText(q("pedestr*"), "Pedestrians first")?.snippet).toBe("[Pedestrians] first");
    expect(matchText(q('"car free"'), "free car zones")).toBeUndefined();
    expect(matchText(q('"car free"'), "car-free zones")?.snippet).toBe("[car]-[free] zones");
    expect(matchText(q("car -parking"), "car parking")).toBeUndefined();
  });

  it("cuts a long text around the first match and marks the cuts", () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[25] = "nuclear";
    const m = matchText(q("nuclear"), words.join(" "))!;
    expect(m.snippet.startsWith("…w19 ")).toBe(true);
    expect(m.snippet).toContain("[nuclear]");
    expect(m.snippet.endsWith("…")).toBe(true);
  });

  it("scores more matches in fewer words higher", () => {
    const short = matchText(q("tax"), "tax the tax")!.score;
    const long = matchText(q("tax"), "a tax on many things that people buy every day")!.score;
    expect(short).toBeGreaterThan(long);
  });
});

describe("snippetFor", () => {
  it("cuts each text's own snippet, so two hits never share one", () => {
    const a = snippetFor(q("ban"), "Alice: the ban backfired.");
    const b = snippetFor(q("ban"), "Bob: a ban works.");
    expect(a).toBe("Alice: the [ban] backfired.");
    expect(b).toBe("Bob: a [ban] works.");
  });

  it("folds diacritics and case before stemming", () => {
    expect(stemWord("Cafés")).toBe(stemWord("cafe"));
    expect(snippetFor(q("cafe"), "Le Café")).toBe("Le [Café]");
  });
});

describe("groupSearchHits", () => {
  const hit = (type: SearchHit["type"], id: string, span: [number, number], postId?: string) => ({
    type,
    id,
    sourceId: "s1",
    span,
    ...(postId !== undefined ? { postId } : {}),
  });

  it("folds a post hit into the unit hit of the same post, keeping order", () => {
    const grouped = groupSearchHits([
      hit("post", "p1", [0, 100], "p1"),
      hit("unit", "u1", [10, 40], "p1"),
      hit("post", "p2", [100, 200], "p2"),
    ]);
    expect(grouped.map((h) => [h.id, h.postMatched ?? false])).toEqual([
      ["u1", true],
      ["p2", false],
    ]);
  });

  it("lists units of one sentence (same span) once", () => {
    const grouped = groupSearchHits([hit("unit", "u1", [10, 40], "p1"), hit("unit", "u2", [10, 40], "p1")]);
    expect(grouped.map((h) => h.id)).toEqual(["u1"]);
  });
});
