import { describe, expect, it } from "vitest";
import { addSparse, contextFeatures, decodeForest } from "./structure.js";

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
