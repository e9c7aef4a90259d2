/**
 * A short deterministic fuzz run (fixed seed, a few hundred inputs over every target) and the
 * replay of every saved crash input (`test/fixtures/fuzz/<target>-<hash>`). Long runs:
 * `npm run fuzz -- --runs 100000`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgmapError } from "../../src/model/index.js";
import { InputStream, runInput, savedCrashes } from "./harness.js";
import { Rng } from "./mutate.js";
import { TARGETS, type FuzzTarget } from "./targets.js";

const SEED = 20240611;
/** Inputs per target; the segmenter runs wink-nlp and gets fewer. */
const RUNS = (t: FuzzTarget): number => (t.group === "segment" ? 8 : 16);

function fakeTarget(run: FuzzTarget["run"]): FuzzTarget {
  return { name: "fake", group: "readers", arbitrary: fc.constant(""), seeds: () => [], run };
}

describe("fuzz oracle", () => {
  it("accepts sound results and user errors, and calls anything else a crash", () => {
    const input = new Uint8Array(0);
    expect(
      runInput(
        fakeTarget(() => []),
        input,
      ).kind,
    ).toBe("ok");
    expect(
      runInput(
        fakeTarget(() => {
          throw new ArgmapError("INPUT_MALFORMED", "bad");
        }),
        input,
      ),
    ).toEqual({
      kind: "user-error",
      code: "INPUT_MALFORMED",
    });
    expect(
      runInput(
        fakeTarget(() => {
          throw new ArgmapError("INTERNAL", "bug");
        }),
        input,
      ).kind,
    ).toBe("crash");
    expect(
      runInput(
        fakeTarget(() => {
          throw new TypeError("x is undefined");
        }),
        input,
      ).kind,
    ).toBe("crash");
    expect(
      runInput(
        fakeTarget(() => ["segment s0: blank"]),
        input,
      ),
    ).toEqual({
      kind: "crash",
      message: "invariant: segment s0: blank",
    });
  });
});

describe("fuzz, short deterministic run", () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${RUNS(target)} inputs neither crash nor break an invariant`, () => {
      const stream = new InputStream(target, SEED);
      const rng = new Rng(SEED);
      const crashes: string[] = [];
      let checked = 0;
      for (let i = 0; i < RUNS(target); i++) {
        const outcome = runInput(target, stream.next(rng).input);
        if (outcome.kind === "crash") crashes.push(outcome.message);
        if (outcome.kind === "ok" || outcome.kind === "user-error") checked++;
      }
      expect(crashes).toEqual([]);
      expect(checked).toBeGreaterThan(RUNS(target) / 2);
    });
  }
});

describe("fuzz crash fixtures replay", () => {
  const saved = savedCrashes(TARGETS);
  it("has crash fixtures to replay", () => expect(saved.length).toBeGreaterThan(0));
  for (const { target, file, input } of saved) {
    it(`${file} no longer crashes`, () => {
      const outcome = runInput(target, input);
      expect(outcome.kind === "crash" ? outcome.message : outcome.kind).not.toMatch(/invariant|Error/);
      expect(["ok", "user-error"]).toContain(outcome.kind);
    });
  }
});
