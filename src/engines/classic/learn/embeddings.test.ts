import { describe, expect, it } from "vitest";
import { cosine, Embeddings } from "./embeddings.js";
import { tokenizeWords } from "../../../util/words.js";

// A 3-d toy table: "car" and "automobile" point the same way, "banana" elsewhere.
const meta = {
  source: "toy",
  dims: 3,
  size: 1000,
  words: ["the", "car", "automobile", "banana"],
  ranks: [0, 300, 900, 950],
};
const rows = new Int8Array([1, 1, 1, 120, 10, 0, 100, 20, 0, 0, 0, 127]);
const emb = new Embeddings(meta, rows);

describe("embeddings", () => {
  it("dequantises rows to unit vectors", () => {
    const v = emb.vector("car")!;
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it("ranks a synonym above an unrelated word", () => {
    expect(emb.similarity("car", "automobile")).toBeGreaterThan(0.9);
    expect(emb.similarity("car", "banana")).toBeLessThan(0.1);
  });

  it("gives word similarity exactly as the cosine of the two word vectors", () => {
    for (const [a, b] of [
      ["car", "automobile"],
      ["car", "banana"],
      ["the", "car"],
      ["car", "car"],
    ] as const)
      expect(emb.similarity(a, b)).toBe(cosine(emb.vector(a)!, emb.vector(b)!));
    expect(emb.similarity("car", "unknown")).toBe(0);
  });

  it("weights frequent words down in SIF sentence vectors", () => {
    expect(emb.sifWeight("the")).toBeLessThan(emb.sifWeight("banana"));
    const s = emb.sentenceVector(["the", "banana"]);
    expect(cosine(s, emb.vector("banana")!)).toBeGreaterThan(0.95);
  });

  it("writes a sentence vector into a reused buffer with the same values as a fresh one", () => {
    const out = new Float32Array(3).fill(7);
    expect([...emb.sentenceVector(["car", "banana", "unknown"], out)]).toEqual([
      ...emb.sentenceVector(["car", "banana", "unknown"]),
    ]);
    expect([...emb.sentenceVector(["unknown"], out)]).toEqual([0, 0, 0]);
    expect(() => emb.sentenceVector(["car"], new Float32Array(2))).toThrow(RangeError);
  });

  it("memoises a sentence vector per word list, equal to a fresh one", () => {
    const words = ["the", "car", "unknown"];
    const first = emb.sentenceVectorOf(words);
    expect([...first]).toEqual([...emb.sentenceVector(words)]);
    expect(emb.sentenceVectorOf(words)).toBe(first); // the same list: computed once
    const other = emb.sentenceVectorOf(["the", "car", "unknown"]); // an equal list is its own entry
    expect(other).not.toBe(first);
    expect([...other]).toEqual([...first]);
  });

  it("rejects a table whose size does not match its vocabulary", () => {
    expect(() => new Embeddings(meta, new Int8Array(5))).toThrow(RangeError);
  });

  it("tokenizes contractions the way the GloVe vocabulary expects", () => {
    expect(tokenizeWords("Don't ban it; it's fine!")).toEqual(["do", "n't", "ban", "it", "it", "'s", "fine"]);
  });
});

describe("word links", () => {
  const linked = new Embeddings(meta, rows);
  linked.setWordLinks(["car banana", "car nowhere"], ["car automobile"], 0.95);
  const key = (a: string, b: string) => linked.linkKey(linked.rowStart(a), linked.rowStart(b));

  it("raises a same-word link to the link similarity, either order, and zeroes an opposite", () => {
    expect(linked.linkedSimilarity(key("car", "banana"), 0.05)).toBe(0.95);
    expect(linked.linkedSimilarity(key("banana", "car"), 0.05)).toBe(0.95);
    expect(linked.linkedSimilarity(key("car", "automobile"), 0.98)).toBe(0);
  });

  it("keeps a higher vector similarity and leaves unlinked pairs alone", () => {
    expect(linked.linkedSimilarity(key("car", "banana"), 0.99)).toBe(0.99);
    expect(linked.linkedSimilarity(key("the", "banana"), 0.3)).toBe(0.3);
  });
});
