import { describe, expect, it } from "vitest";
import type { ArgKpSplit } from "../../datasets/argkp.js";
import { argKpBestThreshold, argKpMap } from "./argkp-map.js";

const T = "Cars should be banned";
const U = "Homework should be abolished";
const split: ArgKpSplit = {
  arguments: [
    { id: "a1", text: "", topic: T, stance: 1 },
    { id: "a2", text: "", topic: T, stance: 1 },
    { id: "a3", text: "", topic: T, stance: 1 },
    { id: "a4", text: "", topic: T, stance: 1 },
    { id: "b1", text: "", topic: U, stance: -1 },
    { id: "b2", text: "", topic: U, stance: -1 },
  ],
  keyPoints: [
    { id: "k1", text: "", topic: T, stance: 1 },
    { id: "k2", text: "", topic: T, stance: 1 },
    { id: "m1", text: "", topic: U, stance: -1 },
  ],
  labels: [
    { argId: "a1", kpId: "k1", label: 1 },
    { argId: "a2", kpId: "k2", label: 0 },
    { argId: "a4", kpId: "k2", label: 1 },
    { argId: "b2", kpId: "m1", label: 1 },
  ],
};
const scores = (rows: Record<string, Record<string, number>>) =>
  new Map(Object.entries(rows).map(([a, kps]) => [a, new Map(Object.entries(kps))]));

describe("argKpMap", () => {
  it("keeps each argument's best key point, the top half per group, and treats undecided pairs as strict 0 / relaxed 1", () => {
    const r = argKpMap(
      split,
      scores({
        a1: { k1: 0.9, k2: 0.1 },
        a2: { k1: 0.2, k2: 0.8, m1: 0.99 }, // m1 belongs to another group: ignored
        a3: { k1: 0.95 }, // undecided pair, ranked first
        a4: { k2: 0.3 },
        // b1 has no score: dummy with score 0 and label 0
        b2: { m1: 0.4 },
      }),
    );
    // group T: keep ⌊4/2⌋ = 2 → a3 (0.95, undecided), a1 (0.9, 1)
    //   strict [0, 1] → AP 0.5 (one threshold at 0.9: P 1/2, R 1); relaxed [1, 1] → AP 1
    // group U: keep 1 → b2 (0.4, 1) → AP 1
    expect(r.strict).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(r.relaxed).toBe(1);
    // README literal variant: × positives kept / size kept → T strict 0.5·0.5, U 1·1
    expect(r.strictScaled).toBeCloseTo((0.25 + 1) / 2, 12);
    expect(r.relaxedScaled).toBe(1);
    expect(r.groups.map((g) => [g.size, g.kept])).toEqual([
      [4, 2],
      [2, 1],
    ]);
  });

  it("lets tied scores in the kept list share one threshold", () => {
    const r = argKpMap(
      split,
      scores({ a1: { k1: 0.5 }, a2: { k2: 0.5 }, a3: { k1: 0.1 }, a4: { k2: 0.1 }, b2: { m1: 0.4 } }),
    );
    // group T keeps a1 (0.5, 1) and a2 (0.5, 0): one threshold, P 1/2, R 1 → AP 0.5 whatever the order
    expect(r.groups[0]!.strict.ap).toBe(0.5);
  });

  it("counts an argument without any scored key point as a non-match with score 0", () => {
    const r = argKpMap(
      { ...split, arguments: split.arguments.filter((a) => a.topic === U) },
      scores({ b1: {}, b2: {} }),
    );
    // both dummies (score 0, label 0 in strict and relaxed) → no positives → AP 0
    expect(r.strict).toBe(0);
    expect(r.relaxed).toBe(0);
  });
});

describe("argKpBestThreshold", () => {
  it("scores all labelled pairs, missing scores as 0", () => {
    const r = argKpBestThreshold(
      split,
      scores({ a1: { k1: 0.9 }, a2: { k2: 0.8 }, a4: { k2: 0.7 }, b2: { m1: 0.6 } }),
    );
    // ranking 1,0,1,1: best F1 at t=0.6 → P 3/4, R 1
    expect(r.threshold).toBe(0.6);
    expect(r.precision).toBe(0.75);
    expect(r.recall).toBe(1);
  });
});
