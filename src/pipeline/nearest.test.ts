import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random.js";
import { nearestByDot } from "./nearest.js";

describe("nearestByDot", () => {
  it("shortlists as sorting every point by dot product would, ties by index, floor and NaN excluded", () => {
    const random = seededRandom(7);
    // Coarse values make many ties.
    const vec = () => Float32Array.from({ length: 8 }, () => Math.round(random() * 4) / 4 - 0.25);
    const points = Array.from({ length: 300 }, vec);
    points[5] = Float32Array.from({ length: 8 }, () => NaN);
    for (let q = 0; q < 200; q++) {
      const v = vec();
      const expected = points
        .map((k, i) => {
          let d = 0;
          for (let j = 0; j < k.length; j++) d += k[j]! * v[j]!;
          return { i, d };
        })
        .filter((s) => s.d >= 0.05)
        .sort((a, b) => b.d - a.d || a.i - b.i)
        .slice(0, 10)
        .map((s) => s.i);
      expect(nearestByDot(points, v, 0.05, 10)).toEqual(expected);
    }
  });
});
