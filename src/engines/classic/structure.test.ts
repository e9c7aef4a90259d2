import { describe, expect, it } from "vitest";
import {
  addSparse,
  contextFeatures,
  decodeForest,
  decodeParagraph,
  type ParagraphRole,
} from "./structure.js";

describe("forest decoding of scored links", () => {
  it("keeps the better of two links that would form a cycle", () => {
    const kept = decodeForest(
      3,
      [
        { from: 1, to: 0, p: 0.9 },
        { from: 0, to: 1, p: 0.8 },
        { from: 2, to: 1, p: 0.5 },
      ],
      0.2,
    );
    expect(kept.map((l) => `${l.from}>${l.to}`)).toEqual(["1>0", "2>1"]);
  });

  it("gives each unit at most one outgoing link and drops links below the threshold", () => {
    const kept = decodeForest(
      3,
      [
        { from: 2, to: 0, p: 0.7 },
        { from: 2, to: 1, p: 0.6 },
        { from: 1, to: 0, p: 0.1 },
      ],
      0.2,
    );
    expect(kept).toEqual([{ from: 2, to: 0, p: 0.7 }]);
  });

  it("rejects a link closing a longer cycle", () => {
    const kept = decodeForest(
      3,
      [
        { from: 0, to: 1, p: 0.9 },
        { from: 1, to: 2, p: 0.8 },
        { from: 2, to: 0, p: 0.7 },
      ],
      0,
    );
    expect(kept.map((l) => `${l.from}>${l.to}`)).toEqual(["0>1", "1>2"]);
  });
});

describe("paragraph context features", () => {
  it("marks the nearest claim before a premise and the most similar unit", () => {
    const units = [
      { kind: "claim", claimLike: true },
      { kind: "claim", claimLike: true },
      { kind: "premise", claimLike: false },
    ];
    const sims = [
      [1, 0.1, 0.2],
      [0.1, 1, 0.9],
      [0.2, 0.9, 1],
    ];
    expect(contextFeatures(units, sims, 2, 1)).toEqual(
      expect.arrayContaining(["nearestClaim:back", "simRank:0"]),
    );
    expect(contextFeatures(units, sims, 2, 0)).not.toContain("nearestClaim:back");
  });

  it("adds sparse vectors index by index", () => {
    const a = { idx: Int32Array.from([1, 4]), val: Float64Array.from([1, 2]) };
    const b = { idx: Int32Array.from([2, 4]), val: Float64Array.from([3, 5]) };
    const s = addSparse(a, b);
    expect([...s.idx]).toEqual([1, 2, 4]);
    expect([...s.val]).toEqual([1, 3, 7]);
  });
});

const role = (r: Partial<ParagraphRole> = {}): ParagraphRole => ({
  claim: false,
  thesis: false,
  conclusion: false,
  contrast: false,
  counter: false,
  concession: false,
  example: false,
  ...r,
});
const show = (links: ReturnType<typeof decodeParagraph>) =>
  links.map((l) => `${l.from}${l.kind === "attack" ? "x" : ">"}${l.to}`);

describe("paragraph decoding", () => {
  it("links every premise of a claim-last paragraph to its last unit, and that claim to the thesis", () => {
    const units = [role(), role(), role(), role({ claim: true, conclusion: true })];
    expect(show(decodeParagraph(units, true)).sort()).toEqual(["0>3", "1>3", "2>3", "3>thesis"]);
  });

  it("links the premises of a claim-first paragraph to its first unit", () => {
    const units = [role({ claim: true }), role(), role({ contrast: true })];
    expect(show(decodeParagraph(units, false)).sort()).toEqual(["1>0", "2>0"]);
  });

  it("makes a reported counter-claim attack the thesis and the author's answer attack it back", () => {
    const units = [role({ claim: true, counter: true }), role(), role({ contrast: true }), role()];
    expect(show(decodeParagraph(units, true))).toEqual(["0xthesis", "1>0", "2x0", "3>2"]);
  });

  it("makes a concession attack the paragraph's claim, not the thesis", () => {
    const units = [
      role({ concession: true }),
      role({ contrast: true }),
      role({ claim: true, conclusion: true }),
    ];
    expect(show(decodeParagraph(units, true))).toEqual(["0x2", "1x0", "2>thesis"]);
  });
});
