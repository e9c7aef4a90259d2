import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random.js";
import { MlpJson, predictMlp, trainMlp } from "./mlp.js";

/** Points in the unit square labelled 1 when x and y are on the same side of 0.5 (not linearly separable). */
function xorData(n: number, seed: number) {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const v = Float64Array.of(rand(), rand());
    const y: 0 | 1 = v[0]! > 0.5 === v[1]! > 0.5 ? 1 : 0;
    return { v, y, w: 1 };
  });
}

describe("trainMlp", () => {
  const opts = { hidden: 8, epochs: 60, seed: 3, learningRate: 0.02 };

  it("learns a pattern no linear model separates", () => {
    const m = trainMlp(xorData(600, 1), opts);
    const test = xorData(300, 2);
    const right = test.filter((e) => (predictMlp(m, e.v) >= 0.5 ? 1 : 0) === e.y).length;
    expect(right / test.length).toBeGreaterThan(0.9);
  });

  it("gives identical weights for the same data and seed, in a valid file form", () => {
    const a = trainMlp(xorData(200, 1), { ...opts, epochs: 5 });
    const b = trainMlp(xorData(200, 1), { ...opts, epochs: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(MlpJson.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });
});
