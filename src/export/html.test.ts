import { describe, expect, it } from "vitest";
import { toCards } from "../assemble/index.js";
import { escapeHtml, renderHtml } from "./html.js";
import type { KeyPoint, Unit } from "../model/index.js";
import { makeDebateMap } from "../../test/support/map-builders.js";

describe("renderHtml key point names", () => {
  function labelledMap() {
    const map = makeDebateMap();
    const unit = (prefix: string): Unit => map.units.find((u) => u.text.startsWith(prefix))!;
    const q = (u: Unit) => ({ unitId: u.id, sourceId: u.sourceId, span: u.span, text: u.text });
    const point = (id: string, u: Unit, label?: string): KeyPoint => ({
      id,
      text: u.text,
      sourceId: u.sourceId,
      span: u.span,
      unitIds: [u.id],
      authorCount: 0,
      postCount: 1,
      coverage: 0.1,
      stance: "pro",
      quotes: [q(u)],
      by: { stage: "cluster", version: "1", engine: "llm" },
      ...(label ? { label } : {}),
    });
    const pro = unit("Export controls");
    const con = unit("Nope, the ban");
    map.keyPoints = [point("kp-a", pro, "Controls slow rivals"), point("kp-b", con)];
    map.cruxes = [
      {
        id: "c",
        text: pro.text,
        balance: 1,
        pro: { keyPointId: "kp-a", authorCount: 1, quotes: [q(pro)] },
        con: { keyPointId: "kp-b", authorCount: 1, quotes: [q(con)] },
      },
    ];
    return map;
  }

  it("shows a key point's LLM name when it has one and its source wording otherwise", () => {
    const html = renderHtml(labelledMap());
    const points = html.slice(html.indexOf("<h2>Key points</h2>"));
    expect(points).toContain("<h3>Controls slow rivals</h3>");
    expect(points).toContain("<h3>Nope, the ban sped up domestic production.</h3>");
  });

  it("lists the cruxes by their key point's name, each side with a standing quote", () => {
    const html = renderHtml(labelledMap());
    const cruxes = html.slice(html.indexOf("<h2>Cruxes</h2>"), html.indexOf("<h2>Arguments</h2>"));
    expect(cruxes).toContain("<h3>Controls slow rivals</h3>");
    expect(cruxes).toContain("The ban sped up domestic production.");
    // The sources name no authors: sides are counted in posts.
    expect(cruxes).toContain("Against, 1 post:");
  });

  it("shows no crux section when there is no real crux", () => {
    const map = labelledMap();
    map.cruxes = [];
    expect(renderHtml(map)).not.toContain("<h2>Cruxes</h2>");
  });
});

describe("renderHtml arguments", () => {
  it("lists the arguments in the cards' order with the cards' thesis text and count", () => {
    const map = makeDebateMap();
    const deck = toCards(map);
    expect(deck.length).toBeGreaterThan(0);
    const html = renderHtml(map);
    const section = html.slice(html.indexOf("<h2>Arguments"), html.indexOf("<h2>Key points"));
    expect(section).toContain(`<h2>Arguments (${deck.length})</h2>`);
    const headings = [...section.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(deck.map((c) => escapeHtml(`${c.rank}. ${c.thesis}`)));
  });
});
