import { describe, expect, it } from "vitest";
import type { ArgKpSplit } from "../datasets/argkp.js";
import { Embeddings } from "../engines/classic/learn/embeddings.js";
import { rescoreWithMargin } from "../engines/classic/learn/margin.js";
import { kpMatcherScore, trainKp } from "./kp.js";

// Tiny word table: no vectors needed beyond a few words; matching then relies on lemma overlap.
const emb = new Embeddings(
  { source: "toy", dims: 2, size: 10, words: ["the"], ranks: [0] },
  new Int8Array([1, 1]),
);

function split(): ArgKpSplit {
  const topics = ["t0", "t1", "t2", "t3"];
  const split: ArgKpSplit = { arguments: [], keyPoints: [], labels: [] };
  const themes = [
    ["price", "cost", "money"],
    ["safety", "danger", "risk"],
    ["freedom", "choice", "liberty"],
  ];
  for (const t of topics) {
    themes.forEach((th, k) =>
      split.keyPoints.push({ id: `${t}k${k}`, text: `${th[0]} ${th[1]} matters`, topic: t, stance: 1 }),
    );
    for (let i = 0; i < 12; i++) {
      const k = i % 3;
      const id = `${t}a${i}`;
      split.arguments.push({
        id,
        text: `I think ${themes[k]![0]} and ${themes[k]![1]} are key here`,
        topic: t,
        stance: 1,
      });
      for (let j = 0; j < 3; j++) split.labels.push({ argId: id, kpId: `${t}k${j}`, label: j === k ? 1 : 0 });
    }
  }
  return split;
}

describe("key point matcher training", () => {
  it("learns to prefer the key point that shares the argument's content words", () => {
    const s = split();
    const model = trainKp(s, emb);
    const good = kpMatcherScore(model, emb, "safety and danger worry me", "safety danger matters");
    const bad = kpMatcherScore(model, emb, "safety and danger worry me", "price cost matters");
    expect(good).toBeGreaterThan(bad + 0.2);
  });
});

describe("margin rescoring", () => {
  it("adds each score's margin over the best other candidate", () => {
    const [a, b, c] = rescoreWithMargin([0.8, 0.2, 0.5]);
    expect(a).toBeCloseTo(0.8 + (0.8 - 0.5), 10);
    expect(b).toBeCloseTo(0.2 + (0.2 - 0.8), 10);
    expect(c).toBeCloseTo(0.5 + (0.5 - 0.8), 10);
  });

  it("keeps a single candidate's score plus its own value as margin over nothing", () => {
    expect(rescoreWithMargin([0.4])).toEqual([0.8]);
  });
});
