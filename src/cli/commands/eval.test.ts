import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCdcp } from "../../datasets/cdcp.js";
import { isArgmapError } from "../../model/index.js";
import type { CliIO, ParsedValues } from "../command.js";
import { evalCommand } from "./eval.js";

const fixtures = fileURLToPath(new URL("../../eval/fixtures/", import.meta.url));
const shared = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const hasShared = existsSync(`${shared}argkp-2021/arguments_dev.csv`);

function io(): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c.toString()));
  return {
    io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: fixtures },
    out: () => chunks.join(""),
  };
}

async function runJson(task: string, values: ParsedValues) {
  const t = io();
  const code = await evalCommand.run({ values: { json: true, ...values }, positionals: [task] }, t.io);
  expect(code).toBe(0);
  const result = JSON.parse(t.out()) as {
    rows: { system: string; metrics: Record<string, number> }[];
    protocol: string;
  };
  const row = (name: string) => result.rows.find((r) => r.system === name)!.metrics;
  return { result, row };
}

describe("argmap eval", () => {
  it("scores the whole key point pipeline beside the matcher's official mAP (argkp-pipeline)", async () => {
    const pipeline = await runJson("argkp-pipeline", {
      data: "argkp-mini",
      split: "dev",
      system: ["token-overlap"],
    });
    const matcher = await runJson("argkp", { data: "argkp-mini", split: "dev", system: ["token-overlap"] });
    const p = pipeline.row("token-overlap");
    // The pipeline mode reports the matcher's official mAP unchanged …
    expect(p.mapStrict).toBe(matcher.row("token-overlap").mapStrict);
    // … and how generated key points cover the gold ones: "pollute the air" (a1, a4 → k1) is found.
    expect(p.generated).toBeGreaterThan(0);
    expect(p.goldCoverageLabels).toBeGreaterThanOrEqual(0.25);
    for (const key of [
      "goldBestSimilarity",
      "goldCoverageText",
      "goldCoverageLabels",
      "purity",
      "argumentCoverage",
    ]) {
      expect(p[key]).toBeGreaterThanOrEqual(0);
      expect(p[key]).toBeLessThanOrEqual(1);
    }
  });

  it("ranks the mini ArgKP split perfectly with token overlap and lists the random baseline beside it", async () => {
    const { result, row } = await runJson("argkp", { data: "argkp-mini", split: "dev" });
    expect(result.rows.map((r) => r.system).slice(0, 2)).toEqual(["random", "token-overlap"]);
    // both groups keep their two best-overlapping arguments, all of them matches → AP 1
    expect(row("token-overlap").mapStrict).toBe(1);
    expect(row("token-overlap").mapRelaxed).toBe(1);
    expect(row("random").mapStrict).toBeGreaterThanOrEqual(0);
    expect(row("random").mapStrict).toBeLessThanOrEqual(1);
  });

  it("cross-validates ArgKP by topic", async () => {
    const { result, row } = await runJson("argkp", {
      data: "argkp-mini",
      split: "train",
      folds: "2",
      system: ["token-overlap"],
    });
    expect(result.protocol).toMatch(/2-fold cross-validation by topic/);
    expect(row("token-overlap").mapStrict).toBe(1);
  });

  it("scores CDCP majority and keyword baselines with 3-fold cross-validation", async () => {
    const { row } = await runJson("cdcp", { data: "cdcp-mini", folds: "3" });
    // majority: every fold's training docs tie policy/value 2:2 → value (first in type order); value P 3/9, R 1
    expect(row("majority").f1_value).toBeCloseTo(0.5, 12);
    expect(row("majority").typeMacroF1).toBeCloseTo(0.1, 12);
    expect(row("majority").reasonF1).toBe(0);
    // keywords: all nine types right; links tp 4, fp 2, fn 1 → F1 16/22
    expect(row("keywords").typeMacroF1).toBe(1);
    expect(row("keywords").reasonF1).toBeCloseTo(16 / 22, 12);
  });

  it("scores web discourse spans with Backing as Premise and Rebuttal ignored", async () => {
    const { row } = await runJson("web-discourse", {
      data: "web-discourse-mini",
      folds: "3",
      system: ["majority"],
    });
    // 8 sentences, the rebuttal discarded → 7 Premise predictions; 4 gold premises (one is Backing), 3 claims
    const m = row("majority");
    expect(m.discarded).toBe(1);
    expect(m.overlap_Premise_P).toBeCloseTo(4 / 7, 12);
    expect(m.overlap_Premise_R).toBe(1);
    expect(m.exact_Premise_F1).toBeCloseTo(8 / 11, 12);
    expect(m.overlap_Claim_F1).toBe(0);
  });

  it("scores an engine passed with --engine end to end on web discourse, from its own spans", async () => {
    const toy = fileURLToPath(new URL("../../../test/engines/toy-engine.mjs", import.meta.url));
    const { result, row } = await runJson("web-discourse", {
      data: "web-discourse-mini",
      folds: "3",
      engine: toy,
      system: ["majority", "engine:toy"],
    });
    expect(result.rows.map((r) => r.system)).toEqual(["majority", "engine:toy"]);
    // The toy engine makes every sentence a claim: 8 sentences, the one inside a rebuttal
    // discarded → 7 Claim predictions, the 3 gold claims each one exact sentence → P 3/7, R 1.
    const t = row("engine:toy");
    expect(t.discarded).toBe(1);
    expect(t.exact_Claim_P).toBeCloseTo(3 / 7, 12);
    expect(t.exact_Claim_R).toBe(1);
    expect(t.exact_Claim_F1).toBeCloseTo(0.6, 12);
    expect(t.overlap_Premise_P).toBe(0);
    expect(t.overlap_Premise_R).toBe(0);
    // Every task takes an engine: on CDCP the toy's claims all map to the type "value".
    const cdcp = await runJson("cdcp", {
      data: "cdcp-mini",
      folds: "3",
      engine: toy,
      system: ["engine:toy"],
    });
    const types = readCdcp(fixtures + "cdcp-mini").flatMap((d) => d.props.map((p) => p.type));
    expect(cdcp.row("engine:toy").typeAccuracy).toBeCloseTo(
      types.filter((t) => t === "value").length / types.length,
      12,
    );
    // Without --engine (classic is the default) no engine row is added.
    const plain = await runJson("web-discourse", {
      data: "web-discourse-mini",
      folds: "3",
      system: ["majority"],
    });
    expect(plain.result.rows.map((r) => r.system)).toEqual(["majority"]);
  });

  it("prints a table with one row per system", async () => {
    const t = io();
    await evalCommand.run({ values: { data: "cdcp-mini", folds: "3" }, positionals: ["cdcp"] }, t.io);
    const lines = t.out().split("\n");
    expect(lines.some((l) => /^majority\s+0\.100\s/.test(l))).toBe(true);
    expect(lines.some((l) => /^keywords\s+1\.000\s/.test(l))).toBe(true);
  });

  it("scores reply stance per corpus with the lexicon baseline beside the majority (stance)", async () => {
    const { result, row } = await runJson("stance", { data: "stance-mini", system: ["lexicon", "majority"] });
    expect(result.rows.map((r) => r.system)).toEqual(["lexicon", "majority"]);
    expect(row("lexicon")["nixon-kennedy_f1"]).toBe(1);
    expect(row("majority")["ibm-claim-stance_acc"]).toBeCloseTo(1 / 3, 10);
    expect(result.protocol).toMatch(/leave-one-topic-out over 2 topics/);
  });

  it("fails as a user error naming the directory when the data is missing", async () => {
    const t = io();
    const error = await evalCommand
      .run({ values: { data: "no-such-dir", split: "dev" }, positionals: ["argkp"] }, t.io)
      .catch((e: unknown) => e);
    expect(isArgmapError(error) && error.code === "DATA_NOT_FOUND" && error.isUserError).toBe(true);
    expect(String((error as Error).message)).toMatch(/no-such-dir/);
  });

  it("rejects an unknown task, system or fold count as usage errors", async () => {
    const cases: [string, ParsedValues][] = [
      ["nope", { data: "cdcp-mini" }],
      ["cdcp", { data: "cdcp-mini", system: ["bogus"] }],
      ["cdcp", { data: "cdcp-mini", folds: "1" }],
      ["cdcp", {}],
      ["stance", { data: "stance-mini", system: ["bogus"] }],
    ];
    for (const [task, values] of cases) {
      const error = await evalCommand.run({ values, positionals: [task] }, io().io).catch((e: unknown) => e);
      expect(isArgmapError(error) && error.code === "USAGE").toBe(true);
    }
  });

  it.skipIf(!hasShared)(
    "puts the token-overlap baseline in a sane range on the real ArgKP dev split (skipped without ../shared/data)",
    async () => {
      const { row } = await runJson("argkp", { data: `${shared}argkp-2021`, split: "dev" });
      // published: token overlap 0.643 / 0.802 on dev, random 0.237 / 0.355 on test
      expect(row("token-overlap").mapStrict).toBeGreaterThan(0.55);
      expect(row("token-overlap").mapStrict).toBeLessThan(0.72);
      expect(row("token-overlap").mapRelaxed).toBeGreaterThan(0.7);
      expect(row("random").mapStrict).toBeLessThan(0.35);
    },
  );
});
