import { describe, expect, it } from "vitest";
import { toCards, type Card } from "../assemble/index.js";
import { makeDebateMap } from "../../test/support/map-builders.js";
import { renderCardsText } from "./cards-text.js";

const ESC = "\u001b[";

describe("renderCardsText", () => {
  const cards = toCards(makeDebateMap());

  it("prints numbered cards with label, source, thesis, bulleted claims and stats, without colour codes", () => {
    const text = renderCardsText(cards, { color: false });
    expect(text).not.toContain(ESC);
    const lines = text.split("\n");
    expect(lines[0]).toBe("1. ARGUMENT · news.example.org");
    expect(lines[1]).toBe("   Export controls slowed China down. They cut access to the best chips.");
    expect(lines).toContain("   • Objection: The ban sped up domestic production.");
    expect(lines).toContain("   5 posts · 2 support · 1 attack · 1 evidence");
    expect(text).toContain("\n\n2. ARGUMENT · news.example.org\n");
  });

  it("uses ANSI colours only when asked", () => {
    const text = renderCardsText(cards, { color: true });
    expect(text).toContain(ESC);
    // Stripping the codes gives back the plain rendering.
    // eslint-disable-next-line no-control-regex -- removing ANSI codes
    expect(text.replace(/\u001b\[[0-9;]*m/g, "")).toBe(renderCardsText(cards, { color: false }));
  });

  it("wraps at the given width with a hanging indent", () => {
    const long: Card = {
      ...cards[0]!,
      thesis: "word ".repeat(60).trim(),
      claims: ["claim ".repeat(30).trim()],
    };
    const lines = renderCardsText([long], { color: false, width: 40 }).trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.filter((l) => l.startsWith("   • "))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith("     claim"))).toBe(true);
  });

  it("strips terminal control sequences hidden in source text", () => {
    const hostile: Card = {
      ...cards[0]!,
      thesis: "Safe \u001b]0;pwned\u0007text\u001b[2J here.",
      source: "x\u001b[31m.org",
    };
    const text = renderCardsText([hostile], { color: false });
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
  });

  it("prints cruxes before the cards and a rebuttal under its objection", () => {
    const deck = Object.assign(toCards(makeDebateMap()), {
      cruxes: [
        {
          text: "Controls slowed China.",
          pro: { authorCount: 3, quote: "They did." },
          con: { authorCount: 2, quote: "They did not." },
        },
      ],
    });
    const lines = renderCardsText(deck, { color: false }).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "CRUX Controls slowed China.",
      "   + 3 authors: They did.",
      "   − 2 authors: They did not.",
    ]);
    const objection = lines.indexOf("   • Objection: The ban sped up domestic production.");
    expect(objection).toBeGreaterThan(3);
    expect(lines[objection + 1]).toBe(
      "     ↳ Rebuttal: Domestic production is still years behind the leading fabs.",
    );
  });

  it("ends with the count of key points the map does not list", () => {
    const map = makeDebateMap();
    for (const s of map.sources) for (const p of s.posts) p.author = `a-${p.id}`;
    map.keyPointSummary = {
      total: 1301,
      listed: 50,
      omitted: { keyPoints: 1251, units: 4000, authors: 2345 },
    };
    const text = renderCardsText(toCards(map), { color: false });
    expect(text.endsWith("\n\n… and 1,251 more points made by 2,345 authors\n")).toBe(true);
    expect(renderCardsText(toCards(makeDebateMap()), { color: false })).not.toContain("more points");
  });
});
