import { describe, expect, it } from "vitest";
import { seededRandom } from "../util/random.js";
import { nearestCandidates, normalise } from "./neighbours.js";
import { classicScorer } from "../engines/classic/keypoint-scorer.js";

function randomUnitVectors(n: number, dims: number, seed: number): Float32Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, () => normalise(Float32Array.from({ length: dims }, () => next() - 0.5)));
}

describe("nearestCandidates", () => {
  it("returns, exhaustively, the k most similar candidates above the floor, best first", () => {
    const queries = randomUnitVectors(30, 16, 1);
    const cands = randomUnitVectors(200, 16, 2);
    const { neighbours, blocked } = nearestCandidates(queries, cands, {
      k: 7,
      minCosine: 0.1,
      blocking: false,
    });
    expect(blocked).toBe(false);
    queries.forEach((q, qi) => {
      const expected = cands
        .map((c, i) => ({ i, s: q.reduce((acc, x, d) => acc + x * c[d]!, 0) }))
        .filter((x) => x.s >= 0.1)
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, 7)
        .map((x) => x.i);
      expect([...neighbours[qi]!]).toEqual(expected);
    });
  });

  it("finds each query's identical candidate through LSH blocking", () => {
    const cands = randomUnitVectors(500, 16, 3);
    const { neighbours, blocked } = nearestCandidates(cands, cands, { k: 3, minCosine: 0, blocking: true });
    expect(blocked).toBe(true);
    neighbours.forEach((list, i) => expect(list[0]).toBe(i));
  });
});

describe("classicScorer sessions", () => {
  const calls = { analyse: 0, pairs: 0 };
  const matcher = {
    score: (a: string, b: string) => (a.length % 7) / 10 + (b.length % 3) / 10,
    analyse: (t: string) => {
      calls.analyse++;
      return { content: [t], length: t.length };
    },
    scoreAnalysed: (a: { length: number }, b: { length: number }) => {
      calls.pairs++;
      return (a.length % 7) / 10 + (b.length % 3) / 10;
    },
  };
  const embeddings = {
    sentenceVector: (words: readonly string[], out?: Float32Array) =>
      out ?? new Float32Array(4).fill(words.length),
  };

  it("gives the same scores as the plain scorer while analysing each text once", async () => {
    const scorer = classicScorer<{ content: readonly string[]; length: number }>({
      keyPointMatcher: matcher,
      embeddings,
    });
    const session = scorer.session!();
    const texts = ["Uniforms reduce bullying", "Uniforms cost families money", "Bans push trade underground"];
    const pairs = texts.flatMap((a) => texts.map((b) => [a, b] as const));
    expect([...(await session.scoreBatch(pairs))]).toEqual([...(await scorer.scoreBatch(pairs))]);
    expect(calls.analyse).toBe(texts.length);
    // Identical texts score 1 without the matcher; the others once each.
    expect(calls.pairs).toBe(texts.length * (texts.length - 1));
  });
});
