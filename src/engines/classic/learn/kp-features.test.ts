import { describe, expect, it } from "vitest";
import { analyseText } from "./analyse.js";
import { Embeddings } from "./embeddings.js";
import {
  kpFeaturesFromValues,
  kpPairFeaturesOf,
  kpPairValues,
  kpText,
  KP_VALUE_NAMES,
  KP_VALUES,
} from "./kp-features.js";

// Orthogonal toy vectors: "expression" and "express" are unrelated to the vectors alone.
const meta = {
  source: "toy",
  dims: 3,
  size: 1000,
  words: ["express", "expression", "limit"],
  ranks: [500, 600, 700],
};
const rows = new Int8Array([127, 0, 0, 0, 127, 0, 0, 0, 127]);
const none = new Set<string>();
const recall = KP_VALUE_NAMES.indexOf("rec");

function values(emb: Embeddings, arg: string, point: string): Float64Array {
  const t = (s: string) => kpText(analyseText(s), emb, none);
  return kpPairValues(t(arg), t(point), emb, none, new Float64Array(KP_VALUES));
}

describe("key point pair values", () => {
  it("aligns a key point word with its WordNet-linked form in the argument", () => {
    const plain = new Embeddings(meta, rows);
    const linked = new Embeddings(meta, rows);
    linked.setWordLinks(["express expression"], [], 1);
    const arg = "They limit how we express";
    const point = "Expression";
    expect(values(plain, arg, point)[recall]).toBe(0);
    expect(values(linked, arg, point)[recall]).toBe(1);
  });

  it("hashes the same features from the values as from the texts", () => {
    const emb = new Embeddings(meta, rows);
    const a = kpText(analyseText("They limit how we express"), emb, none);
    const k = kpText(analyseText("Limits on expression"), emb, none);
    const v = kpPairValues(a, k, emb, none, new Float64Array(KP_VALUES));
    expect(kpFeaturesFromValues(v)).toEqual(kpPairFeaturesOf(a, k, emb, none));
  });
});
