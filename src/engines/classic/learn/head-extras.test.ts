import { describe, expect, it } from "vitest";
import { analyseText } from "./analyse.js";
import { noLinkExtraVector, pairExtraVector, startMarker, type ExtraParagraph } from "./head-extras.js";

const par: ExtraParagraph = {
  an: [
    "The rule hurts small lenders.",
    "Regulators should drop it.",
    "Because fees doubled last year.",
    "So the rule must go.",
  ].map(analyseText),
  kinds: ["value", "policy", "fact", "policy"],
};

describe("head-selection extra features", () => {
  it("reads reason and conclusion markers at a unit's start, after a leading 'and'/'but'", () => {
    expect(par.an.map(startMarker)).toEqual(["", "", "reason", "conclusion"]);
    expect(startMarker(analyseText("But since the fees doubled, lenders left."))).toBe("reason");
    expect(startMarker(analyseText("The fees doubled because of it."))).toBe("");
  });

  it("adds nothing when no group is switched on, and more features per group switched on", () => {
    expect(pairExtraVector(par, 2, 1, new Set(), 16).idx.length).toBe(0);
    expect(noLinkExtraVector(par, 2, new Set(), 16).idx.length).toBe(0);
    const one = pairExtraVector(par, 2, 1, new Set(["marker"]), 16).idx.length;
    const two = pairExtraVector(par, 2, 1, new Set(["marker", "dist"]), 16).idx.length;
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
  });

  it("marks only the comment's first policy/value proposition as the 'first claim' target", () => {
    const fp = new Set(["firstpv"] as const);
    expect(pairExtraVector(par, 2, 0, fp, 16).idx.length).toBeGreaterThan(0);
    expect(pairExtraVector(par, 2, 1, fp, 16).idx.length).toBe(0);
    expect(pairExtraVector(par, 2, 3, fp, 16).idx.length).toBe(0);
  });

  it("weights type features by the given probabilities, a hard kind counting as probability 1", () => {
    const probs = new Set(["probs"] as const);
    const hard = pairExtraVector(par, 2, 1, probs, 16);
    const soft = pairExtraVector(
      { ...par, probs: par.kinds.map(() => ({ fact: 0.5, policy: 0.5 })) },
      2,
      1,
      probs,
      16,
    );
    expect(Math.max(...hard.val)).toBe(1);
    expect(Math.max(...soft.val)).toBeLessThan(1);
    expect(soft.idx.length).toBeGreaterThan(hard.idx.length);
  });
});
