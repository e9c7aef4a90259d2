import { describe, expect, it } from "vitest";
import type { Unit } from "../../model/index.js";
import { supportScorer } from "./index.js";

const unit = (i: number): Unit => ({
  id: `u${i}`,
  segmentId: `g${i}`,
  sourceId: "s1",
  postId: "s1:p0",
  kind: i % 2 ? "premise" : "claim",
  confidence: 0.7,
  span: [i * 10, i * 10 + 9],
  text: `Unit ${i}.`,
  signals: [],
  by: { stage: "test", version: "0", engine: "classic" },
});

describe("the classic support scorer", () => {
  it("gives the model each unit's position in its post, reading a 4,000-unit post a few times, not once per pair", () => {
    const units = Array.from({ length: 4000 }, (_, i) => unit(i));
    let reads = 0;
    const post = new Proxy(units, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const seen: [number, number, number][] = [];
    const models = {
      relationClassifier: {
        predict: (a: { index: number; count: number }, b: { index: number }) => {
          seen.push([a.index, b.index, a.count]);
          return { probs: { support: 0.5 } };
        },
      },
    } as unknown as Parameters<typeof supportScorer>[0];
    const score = supportScorer(models, { tokens: new Map() });
    // The pairs of 500 three-unit paragraphs of the post, as the relate stage scores them.
    for (let p = 0; p < 500; p++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          if (i !== j) expect(score(units[3 * p + i]!, units[3 * p + j]!, post)).toBe(0.5);
    expect(seen[0]).toEqual([0, 1, 4000]);
    expect(seen.at(-1)).toEqual([1499, 1498, 4000]);
    // indexOf per pair read the post's first units again each time: about 6 million reads.
    expect(reads).toBeLessThan(3 * units.length);
  });
});
