import { describe, expect, it } from "vitest";
import { FNV_OFFSET, fnv1a, fnv1aMore } from "../../../util/hash.js";
import { addUniBigrams, FeatureBuilder, ngrams } from "./hash.js";
import {
  deserializeLogReg,
  mulberry32,
  predictProba,
  serializeLogReg,
  trainLogReg,
  type Example,
} from "./logreg.js";

function toyExamples(n: number, seed: number, classes: number): Example[] {
  const rand = mulberry32(seed);
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const y = Math.floor(rand() * classes);
    const f = new FeatureBuilder(10);
    f.add(`class-word-${y}`);
    f.add(`noise-${Math.floor(rand() * 50)}`);
    f.add("x", y / classes + rand() * 0.1);
    out.push({ x: f.build(), y });
  }
  return out;
}

describe("feature hashing", () => {
  it("hashes the same name to the same bucket on every call", () => {
    expect(fnv1a("claim")).toBe(fnv1a("claim"));
    expect(fnv1a("claim")).not.toBe(fnv1a("premise"));
    // FNV-1a reference value of the empty string is the offset basis.
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });

  it("adds up the values of repeated features and keeps indices sorted", () => {
    const x = new FeatureBuilder(16).add("a").add("a", 2).add("b").build();
    expect([...x.val].sort()).toEqual([1, 3]);
    expect([...x.idx]).toEqual([...x.idx].sort((p, q) => p - q));
  });

  it("continues a hash over a second string to the hash of the concatenation", () => {
    expect(fnv1aMore(fnv1aMore(FNV_OFFSET, "w:"), "tax cut") >>> 0).toBe(fnv1a("w:tax cut"));
    expect(fnv1aMore(FNV_OFFSET, "") >>> 0).toBe(fnv1a(""));
  });

  it("hashes 1- and 2-grams incrementally into the same vector as from the joined strings", () => {
    const words = ["we", "should", "tax", "ünïcode", "", "it"];
    const slow = new FeatureBuilder(12)
      .addAll(
        ngrams(words, 2).map((g) => `w:${g}`),
        0.5,
      )
      .build();
    const fast = new FeatureBuilder(12);
    addUniBigrams(fast, fnv1aMore(FNV_OFFSET, "w:"), words, 0.5);
    const x = fast.build();
    expect([...x.idx]).toEqual([...slow.idx]);
    expect([...x.val]).toEqual([...slow.val]);
  });

  it("gives the same vector from a builder reusing pooled storage as from a fresh one", () => {
    const names = Array.from({ length: 300 }, (_, i) => `f${i % 97}`);
    const first = new FeatureBuilder(8).addAll(names, 0.25).build();
    const again = new FeatureBuilder(8).addAll(names, 0.25).build();
    expect([...again.idx]).toEqual([...first.idx]);
    expect([...again.val]).toEqual([...first.val]);
    expect(first.idx.length).toBeLessThanOrEqual(97);
    expect(new FeatureBuilder(8).add("other").build().idx.length).toBe(1);
  });

  it("sums colliding features in insertion order and sorts indices, for few and for many features", () => {
    const rand = mulberry32(3);
    for (const [bits, count] of [
      [16, 5],
      [16, 3000],
      [6, 40],
    ] as const) {
      const names = Array.from({ length: count }, () => `n${Math.floor(rand() * count)}`);
      const values = names.map(() => rand() - 0.3);
      const expected = new Map<number, number>();
      names.forEach((n, i) => {
        const k = fnv1a(n) & ((1 << bits) - 1);
        expected.set(k, (expected.get(k) ?? 0) + values[i]!);
      });
      const f = new FeatureBuilder(bits);
      names.forEach((n, i) => f.add(n, values[i]!));
      const x = f.build();
      const keys = [...expected.keys()].sort((a, b) => a - b);
      expect([...x.idx]).toEqual(keys);
      expect([...x.val]).toEqual(keys.map((k) => expected.get(k)));
    }
  });

  it("keeps wide tables (more than 20 bits) working without dense storage", () => {
    const x = new FeatureBuilder(24).add("a").add("a", 2).add("b").build();
    expect([...x.val].sort()).toEqual([1, 3]);
  });

  it("builds word n-grams up to the requested length", () => {
    expect(ngrams(["a", "b", "c"], 2)).toEqual(["a", "b", "c", "a b", "b c"]);
  });
});

describe("logistic regression", () => {
  it("produces byte-identical serialised weights when trained twice on the same data", () => {
    const ex = toyExamples(300, 3, 3);
    const a = JSON.stringify(serializeLogReg(trainLogReg(ex, { classes: 3, bits: 10, seed: 5 })));
    const b = JSON.stringify(serializeLogReg(trainLogReg(ex, { classes: 3, bits: 10, seed: 5 })));
    expect(a).toBe(b);
  });

  it("separates a linearly separable binary problem perfectly", () => {
    const ex = toyExamples(200, 9, 2);
    const m = trainLogReg(ex, { classes: 2, bits: 10, seed: 1 });
    for (const e of ex) expect(predictProba(m, e.x)[e.y]).toBeGreaterThan(0.5);
  });

  it("learns a noisy multinomial problem well above chance on held-out data", () => {
    // Class signal through one of several overlapping words, with 20 % label noise.
    const rand = mulberry32(42);
    const make = (n: number): Example[] =>
      Array.from({ length: n }, () => {
        const y = Math.floor(rand() * 3);
        const f = new FeatureBuilder(12);
        for (let k = 0; k < 3; k++) f.add(`w${y * 4 + Math.floor(rand() * 6)}`);
        return { x: f.build(), y: rand() < 0.2 ? Math.floor(rand() * 3) : y };
      });
    const m = trainLogReg(make(1500), { classes: 3, bits: 12, seed: 2 });
    const test = make(500);
    const acc =
      test.filter((e) => {
        const p = predictProba(m, e.x);
        return p.indexOf(Math.max(...p)) === e.y;
      }).length / test.length;
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(0.95);
  });

  it("round-trips through its JSON form with the same predictions", () => {
    const ex = toyExamples(100, 4, 2);
    const m = trainLogReg(ex, { classes: 2, bits: 10, seed: 1 });
    const back = deserializeLogReg(JSON.parse(JSON.stringify(serializeLogReg(m))));
    for (const e of ex.slice(0, 10))
      expect(predictProba(back, e.x)[1]).toBeCloseTo(predictProba(m, e.x)[1]!, 6);
  });

  it("rejects a serialised model with the wrong number of rows", () => {
    const json = serializeLogReg(trainLogReg(toyExamples(50, 1, 3), { classes: 3, bits: 10, seed: 1 }));
    expect(() => deserializeLogReg({ ...json, rows: json.rows.slice(1) })).toThrow(/rows/);
  });
});
