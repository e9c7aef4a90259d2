import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatTable } from "../report.js";
import { readGoldMaps } from "../gold-maps.js";
import { runRelations } from "./relations.js";

const fixtures = fileURLToPath(new URL("../fixtures/relations-mini", import.meta.url));
const dev = fileURLToPath(new URL("../../../../shared/data/argmap-dev/", import.meta.url));
const hasDev = existsSync(join(dev, "threads", "thread01.gold.json"));
if (!hasDev) console.warn(`skipping the argmap-dev relations tests: ${dev} is absent`);

describe("eval relations", () => {
  it("reads brat and AIF gold maps with their supports and attacks", () => {
    const { kind, docs } = readGoldMaps(fixtures);
    expect(kind).toBe("maps");
    const essay = docs.find((d) => d.name === "essay")!;
    expect(essay.map.relations.filter((r) => r.kind === "attack")).toHaveLength(2);
    const thread = docs.find((d) => d.name === "thread")!;
    expect(thread.map.units).toHaveLength(10);
    expect(thread.map.relations.filter((r) => r.kind === "attack")).toHaveLength(3);
  });

  it("scores the engine, the oracle and the baselines, the baselines on the engine's units", async () => {
    const result = await runRelations({ path: fixtures });
    expect(result.rows.map((r) => r.system)).toEqual([
      "engine",
      "oracle",
      "engine-v1",
      "baseline-previous",
      "baseline-paragraph-claim",
      "baseline-reply-attack",
    ]);
    const unitF1 = result.rows.filter((r) => r.system !== "oracle").map((r) => r.metrics.unitF1);
    expect(unitF1[0]).toBeGreaterThan(0.5);
    expect(unitF1[0]).toBeLessThan(1);
    expect(new Set(unitF1).size).toBe(1);
    // The oracle links the gold units themselves.
    expect(result.rows[1]!.metrics.unitF1).toBe(1);
    // The previous-unit baseline never predicts an attack.
    expect(result.rows[3]!.metrics.attackF1).toBe(0);
    expect(result.rows[0]!.metrics.allF1).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasDev)("eval relations on argmap-dev", () => {
  const dir = mkdtempSync(join(tmpdir(), "argmap-dev-mini-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the gold threads with every reply's stance and units placed in the JSONL text", () => {
    const { kind, docs } = readGoldMaps(join(dev, "threads"));
    expect(kind).toBe("threads");
    expect(docs).toHaveLength(40);
    expect(docs.reduce((n, d) => n + (d.replies?.length ?? 0), 0)).toBe(1062);
    for (const d of docs.slice(0, 3))
      for (const u of d.map.units) expect(d.text.slice(u.span[0], u.span[1])).toBe(u.text);
  });

  it("turns an essay claim's stance into its link to the thesis", () => {
    const { docs } = readGoldMaps(join(dev, "essays"));
    const essay = docs.find((d) => d.name === "essay02")!;
    const thesis = essay.map.units.find((u) => u.kind === "major-claim")!;
    const claims = essay.map.units.filter((u) => u.kind === "claim");
    const toThesis = essay.map.relations.filter(
      (r) => r.to === thesis.id && claims.some((c) => c.id === r.from),
    );
    expect(toThesis).toHaveLength(claims.length);
  });

  it("runs both dev formats in one run with the oracle, baseline rows and reply-stance scores", async () => {
    mkdirSync(join(dir, "essays"));
    mkdirSync(join(dir, "threads"));
    for (const f of ["essay02.txt", "essay02.ann"])
      copyFileSync(join(dev, "essays", f), join(dir, "essays", f));
    for (const f of ["thread01.jsonl", "thread01.gold.json"])
      copyFileSync(join(dev, "threads", f), join(dir, "threads", f));
    const result = await runRelations({ path: dir });
    const names = result.rows.map((r) => r.system);
    for (const set of ["dev-essays", "dev-threads"])
      for (const s of [
        "engine",
        "oracle",
        "baseline-previous",
        "baseline-paragraph-claim",
        "baseline-reply-attack",
      ])
        expect(names).toContain(`${set} · ${s}`);
    const row = (name: string) => result.rows.find((r) => r.system === name)!;
    expect(row("dev-threads · engine").metrics.stanceAcc).toBeGreaterThan(0);
    expect(row("dev-essays · engine").metrics.stanceAcc).toBeUndefined();
    // Every reply of the thread is called an attack by the reply-attack baseline, or has no units.
    expect(row("dev-threads · baseline-reply-attack").metrics.stanceF1).toBeLessThan(0.5);
    expect(row("dev-threads · oracle").metrics.unitF1).toBe(1);
    const table = formatTable(result);
    expect(table).toContain("dev-threads · oracle");
    expect(table).toMatch(/reply stance \(gold → predicted\)/);
  });
});
