import { describe, expect, it } from "vitest";
import { kFolds } from "./folds.js";

describe("kFolds", () => {
  it("partitions the ids into k folds of near-equal size, whatever the input order", () => {
    const ids = ["e", "a", "d", "c", "b", "f", "g"];
    const folds = kFolds(ids, 3);
    expect(folds.flat().sort()).toEqual([...ids].sort());
    expect(folds.map((f) => f.length).sort()).toEqual([2, 2, 3]);
    expect(kFolds([...ids].reverse(), 3)).toEqual(folds);
  });
  it("refuses more folds than units", () => {
    expect(() => kFolds(["a", "b"], 3)).toThrow(/3 folds from 2/);
  });
});
