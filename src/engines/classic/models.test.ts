import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MODELS_DIR } from "./models-files.js";
import { loadClassicModels, RELATION_KINDS, SEGMENT_KINDS } from "./models.js";

const shipped = [
  "segment-classifier.json",
  "relation-classifier.json",
  "keypoint-matcher.json",
  "embeddings.json",
  "embeddings.i8.bin",
].every((f) => existsSync(MODELS_DIR + f));

describe.skipIf(!shipped)("shipped classic models", () => {
  it("load in well under a second and report their versions", () => {
    const t = performance.now();
    const m = loadClassicModels();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(Object.keys(m.versions).sort()).toEqual([
      "keypoint-matcher",
      "relation-classifier",
      "segment-classifier",
    ]);
  });

  it("give word vectors where related words are closer than unrelated ones", () => {
    const e = loadClassicModels().embeddings;
    expect(e.similarity("car", "automobile")).toBeGreaterThan(e.similarity("car", "banana"));
    expect(e.similarity("tax", "taxes")).toBeGreaterThan(0.5);
    expect(e.similarity("car", "xqzzyv")).toBe(0);
  });

  it("classify a segment into a probability distribution over the segment kinds", () => {
    const p = loadClassicModels().segmentClassifier.predict({
      text: "Studies show that 40% of students were bullied in 2019.",
      index: 1,
      count: 3,
    });
    expect(SEGMENT_KINDS).toContain(p.kind);
    const total = Object.values(p.probs).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(p.confidence).toBe(Math.max(...Object.values(p.probs)));
  });

  it("score relations between units as support, attack or none", () => {
    const r = loadClassicModels().relationClassifier.predict(
      { text: "because plastic bags kill marine life", index: 1, count: 2, kind: "premise" },
      { text: "We should ban plastic bags", index: 0, count: 2, kind: "claim" },
      true,
    );
    expect(RELATION_KINDS).toContain(r.kind);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it("score a paraphrased key point above an unrelated one", () => {
    const kp = loadClassicModels().keyPointMatcher;
    const arg = "school uniforms stop kids from being bullied because of their clothes";
    const match = kp.score(
      arg,
      "School uniform reduces bullying",
      "We should abandon the use of school uniform",
    );
    const other = kp.score(
      arg,
      "Uniforms are too expensive for poor families",
      "We should abandon the use of school uniform",
    );
    expect(match).toBeGreaterThan(other);
    for (const s of [match, other]) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });
});
