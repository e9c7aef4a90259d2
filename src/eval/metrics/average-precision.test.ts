import { describe, expect, it } from "vitest";
import { averagePrecision } from "./average-precision.js";

describe("averagePrecision", () => {
  it("sums recall steps times precision for distinct scores", () => {
    // ranks: 1 (P 1/1, R 1/2), 0, 1 (P 2/3, R 2/2) → 0.5·1 + 0.5·2/3
    expect(averagePrecision([1, 0, 1], [0.9, 0.8, 0.7])).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it("matches scikit-learn's documented example", () => {
    // sklearn docs: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333, 9);
  });

  it("lets tied scores share one threshold", () => {
    // all tied: one threshold, P = 1/2, R = 1 → 0.5 (a rank-by-rank sum would depend on order)
    expect(averagePrecision([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(averagePrecision([0, 1], [0.5, 0.5])).toBe(0.5);
    // 0.9 → 1 (P 1, R 1/3); tie at 0.5 of {0, 1, 0} → P 2/4, R 2/3; 0.1 → 1 (P 3/5, R 1)
    expect(averagePrecision([1, 0, 1, 0, 1], [0.9, 0.5, 0.5, 0.5, 0.1])).toBeCloseTo(
      1 / 3 + (1 / 3) * 0.5 + (1 / 3) * 0.6,
      12,
    );
  });

  it("is 1 for a perfect ranking and 0 without positives", () => {
    expect(averagePrecision([1, 1, 0], [3, 2, 1])).toBe(1);
    expect(averagePrecision([0, 0], [0.3, 0.1])).toBe(0);
    expect(averagePrecision([], [])).toBe(0);
  });

  it("rejects mismatched lengths", () => {
    expect(() => averagePrecision([1], [0.1, 0.2])).toThrow(RangeError);
  });
});
