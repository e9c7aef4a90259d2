import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readStanceCorpora } from "../datasets/stance.js";
import { lexiconStance, runStance, STANCE_SYSTEMS } from "./stance.js";

const dir = fileURLToPath(new URL("../fixtures/stance-mini/", import.meta.url));

describe("stance eval task", () => {
  it("reads each corpus with its held-out protocol", () => {
    const corpora = readStanceCorpora(dir);
    expect(corpora.map((c) => c.name)).toEqual(["perspectrum", "nixon-kennedy", "ibm-claim-stance"]);
    const [persp, nk, ibm] = corpora;
    // perspectrum: train + dev → test; NK: one fold per topic; IBM: train → test.
    expect(persp!.folds).toEqual([{ train: [0, 1, 2, 3, 4], test: [5, 6, 7, 8] }]);
    expect(nk!.folds.map((f) => f.test)).toEqual([
      [3, 4, 5],
      [0, 1, 2],
    ]);
    expect(nk!.labels).toEqual(["support", "attack", "none"]);
    expect(ibm!.labels).toEqual(["support", "attack"]);
  });

  it("falls back to the given class when no opener fires", () => {
    expect(lexiconStance("I disagree, sugar is not the problem.", "support")).toBe("attack");
    expect(lexiconStance("Exactly, the jobs came back.", "none")).toBe("support");
    expect(lexiconStance("Our navy patrols the coast.", "none")).toBe("none");
  });

  it("scores the lexicon and majority baselines as computed by hand", async () => {
    const r = await runStance({ dir, systems: ["lexicon", "majority"] });
    const lex = r.rows.find((x) => x.system === "lexicon")!.metrics;
    const maj = r.rows.find((x) => x.system === "majority")!.metrics;
    // perspectrum test: lexicon gets "Exactly" (support), "I disagree" (attack) and one fallback
    // (majority support) right, one attack wrong: support F1 0.8, attack F1 2/3.
    expect(lex.perspectrum_acc).toBeCloseTo(0.75, 10);
    expect(lex.perspectrum_f1).toBeCloseTo((0.8 + 2 / 3) / 2, 10);
    expect(maj.perspectrum_acc).toBeCloseTo(0.5, 10);
    expect(maj.perspectrum_f1).toBeCloseTo(1 / 3, 10);
    // nixon-kennedy, leave-one-topic-out: each fold's majority is none; the lexicon finds the
    // "No," attack and the "Exactly," support → all six right.
    expect(lex["nixon-kennedy_acc"]).toBe(1);
    expect(lex["nixon-kennedy_f1"]).toBe(1);
    expect(maj["nixon-kennedy_acc"]).toBeCloseTo(4 / 6, 10);
    expect(maj["nixon-kennedy_f1"]).toBeCloseTo(0.8 / 3, 10);
    // IBM test: majority attack; lexicon finds "Yes," → support, falls back to attack twice.
    expect(lex["ibm-claim-stance_acc"]).toBeCloseTo(2 / 3, 10);
    expect(lex["ibm-claim-stance_f1"]).toBeCloseTo(2 / 3, 10);
    expect(maj["ibm-claim-stance_acc"]).toBeCloseTo(1 / 3, 10);
    expect(maj["ibm-claim-stance_f1"]).toBeCloseTo(0.25, 10);
  });

  it("trains the classifier per fold and scores every held-out pair exactly once", async () => {
    const r = await runStance({ dir, systems: ["stance-logreg", "stance-cross"], train: { epochs: 3 } });
    expect(r.rows.map((x) => x.system)).toEqual(["stance-logreg", "stance-cross"]);
    for (const row of r.rows) {
      const m = row.metrics;
      // Accuracies over 4, 6 and 3 held-out pairs.
      expect(Number.isInteger(Math.round(m.perspectrum_acc! * 4 * 1e9) / 1e9)).toBe(true);
      expect(Number.isInteger(Math.round(m["nixon-kennedy_acc"]! * 6 * 1e9) / 1e9)).toBe(true);
      expect(Number.isInteger(Math.round(m["ibm-claim-stance_acc"]! * 3 * 1e9) / 1e9)).toBe(true);
      for (const v of Object.values(m)) expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(STANCE_SYSTEMS).toContain("stance-cross");
  });
});
