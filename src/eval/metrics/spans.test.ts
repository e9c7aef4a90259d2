import { describe, expect, it } from "vitest";
import { countMatches, spanCounts, spanOverlap, trimSpan } from "./spans.js";

describe("spanOverlap", () => {
  it("divides the intersection by the longer span", () => {
    expect(spanOverlap([0, 10], [5, 10])).toBe(0.5);
    expect(spanOverlap([0, 10], [5, 20])).toBeCloseTo(5 / 15, 12);
    expect(spanOverlap([0, 4], [4, 8])).toBe(0);
    expect(spanOverlap([3, 3], [3, 3])).toBe(0);
  });
});

describe("countMatches", () => {
  it("matches one-to-one at overlap ≥ 0.5", () => {
    // one prediction covering two gold spans can match only one of them
    expect(
      countMatches(
        [
          [0, 10],
          [10, 20],
        ],
        [[0, 12]],
        "overlap",
      ),
    ).toBe(1);
    expect(countMatches([[0, 10]], [[4, 10]], "overlap")).toBe(1); // 6/10
    expect(countMatches([[0, 10]], [[6, 10]], "overlap")).toBe(0); // 4/10
  });
  it("prefers the best-overlapping pairs", () => {
    // p0 overlaps g0 by 0.9 and g1 by 0.5; p1 overlaps g1 by 1 → both match
    expect(
      countMatches(
        [
          [0, 10],
          [5, 15],
        ],
        [
          [0, 9],
          [5, 15],
        ],
        "overlap",
      ),
    ).toBe(2);
  });
  it("requires identical boundaries in exact mode", () => {
    expect(
      countMatches(
        [[0, 10]],
        [
          [0, 10],
          [0, 10],
        ],
        "exact",
      ),
    ).toBe(1);
    expect(countMatches([[0, 10]], [[0, 9]], "exact")).toBe(0);
  });
});

describe("spanCounts", () => {
  it("counts per class and ignores surrounding whitespace", () => {
    const text = " Cats are great. Dogs too.";
    expect(trimSpan(text, [0, 16])).toEqual([1, 16]);
    const r = spanCounts(
      text,
      ["Claim", "Premise"],
      [
        { type: "Claim", span: [1, 16] },
        { type: "Premise", span: [17, 26] },
      ],
      [
        { type: "Claim", span: [0, 17] },
        { type: "Claim", span: [17, 26] },
      ],
      "exact",
    );
    expect(r.Claim).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(r.Premise).toMatchObject({ tp: 0, fp: 0, fn: 1 });
  });
});
