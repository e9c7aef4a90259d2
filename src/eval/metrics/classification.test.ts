import { describe, expect, it } from "vitest";
import { bestThreshold, classReport, prf, sumPrf } from "./classification.js";

describe("prf", () => {
  it("computes precision, recall and F1 from counts", () => {
    const r = prf(2, 2, 1);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBeCloseTo(2 / 3, 12);
    expect(r.f1).toBeCloseTo(4 / 7, 12);
  });
  it("gives 0 instead of NaN for empty denominators", () => {
    expect(prf(0, 0, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
  it("pools counts across parts", () => {
    expect(sumPrf([prf(1, 0, 1), prf(1, 2, 0)])).toMatchObject({ tp: 2, fp: 2, fn: 1, precision: 0.5 });
  });
});

describe("classReport", () => {
  it("reports per-class F1 and the unweighted macro mean over all listed classes", () => {
    const r = classReport(["a", "b", "c"], ["a", "a", "b", "b"], ["a", "b", "b", "b"]);
    expect(r.perClass.a.f1).toBeCloseTo(2 / 3, 12); // P 1, R 1/2
    expect(r.perClass.b.f1).toBeCloseTo(0.8, 12); // P 2/3, R 1
    expect(r.perClass.c.f1).toBe(0);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.8 + 0) / 3, 12);
    expect(r.accuracy).toBe(0.75);
  });
});

describe("bestThreshold", () => {
  it("picks the distinct score that maximises F1", () => {
    // t=0.9: P1 R1/2 F 2/3; t=0.8: P1/2 R1/2 F1/2; t=0.7: P2/3 R1 F0.8
    const r = bestThreshold([1, 0, 1], [0.9, 0.8, 0.7]);
    expect(r.threshold).toBe(0.7);
    expect(r.f1).toBeCloseTo(0.8, 12);
    expect(r.precision).toBeCloseTo(2 / 3, 12);
  });
  it("treats tied scores as one threshold", () => {
    const r = bestThreshold([1, 0, 0], [0.5, 0.5, 0.1]);
    expect(r.threshold).toBe(0.5);
    expect(r.precision).toBe(0.5);
  });
});
