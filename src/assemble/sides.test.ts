import { describe, expect, it } from "vitest";
import { concedes, replyStanceOf, sideOf } from "./sides.js";

describe("sides along a reply chain", () => {
  it("reads a delta or a plain yield as a concession, and 'Fair point, but' as no concession", () => {
    expect(concedes("Δ That's fair, I didn't know the review said that.")).toBe(true);
    expect(concedes("You're right, I was going off last month's article.")).toBe(true);
    expect(concedes("Fair point, but seniors still don't need an office.")).toBe(false);
    expect(concedes("Confirmed: 1 delta awarded to /u/someone (1∆).")).toBe(false);
    expect(concedes("> You're right about that\n\nNo, the quote was out of context.")).toBe(false);
  });

  it("composes an attack on an attack into support", () => {
    const side = (parentSide: -1 | 0 | 1, stance: -1 | 0 | 1) =>
      sideOf({ parentSide, stance, byThesisAuthor: false, authorSide: 0, conceded: false }).side;
    expect(side(-1, -1)).toBe(1);
    expect(side(1, -1)).toBe(-1);
    expect(side(1, 0)).toBe(0);
    expect(side(0, -1)).toBe(0);
  });

  it("keeps the thesis author and every other author on their side unless they concede", () => {
    // The original poster replying to an objection, whatever the stance read: for the thesis.
    expect(
      sideOf({ parentSide: -1, stance: 1, byThesisAuthor: true, authorSide: 0, conceded: false }),
    ).toEqual({
      side: 1,
      concession: false,
    });
    // An objector answering the poster's defence stays against, even when read as agreeing.
    expect(
      sideOf({ parentSide: 1, stance: 1, byThesisAuthor: false, authorSide: -1, conceded: false }).side,
    ).toBe(-1);
    // The poster conceding to an objector: on the objector's side, shown as a concession.
    expect(
      sideOf({ parentSide: -1, stance: 1, byThesisAuthor: true, authorSide: 0, conceded: true }),
    ).toEqual({
      side: -1,
      concession: true,
    });
  });

  it("takes the engine's support only with an agreeing opener", () => {
    expect(replyStanceOf(1, 0)).toBe(0);
    expect(replyStanceOf(1, 1)).toBe(1);
    expect(replyStanceOf(-1, 0)).toBe(-1);
    expect(replyStanceOf(undefined, -1)).toBe(-1);
    expect(replyStanceOf(-1, 1)).toBe(1);
  });
});
