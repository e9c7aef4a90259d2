/** One process maps many documents: the wink-nlp model is loaded once and memory stays flat. */
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";

const text = (i: number) =>
  `Document ${i} argues that cars${i} are noisy. Bikes are better because they are cheaper, ` +
  `says author${i}. Whose idea is it? It is someone else's, reviewer${i} says.`;

const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;

describe("many documents in one process", () => {
  it("maps 200 documents one call at a time with flat heap", async () => {
    let warm = 0;
    let peak = 0;
    for (let i = 0; i < 200; i++) {
      const map = await mapSources([{ name: `doc-${i}.txt`, text: text(i) }]);
      expect(map.segments.length).toBeGreaterThan(0);
      if (i === 19) warm = heapMb();
      if (i > 19) peak = Math.max(peak, heapMb());
    }
    // Loading the model once per document doubled memory per document (21 documents crashed at
    // 1.6 GB); one shared model keeps the growth over 180 more documents small.
    expect(peak - warm).toBeLessThan(100);
  });
});
