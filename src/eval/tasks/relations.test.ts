import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readGoldMaps } from "../gold-maps.js";
import { runRelations } from "./relations.js";

const fixtures = fileURLToPath(new URL("../fixtures/relations-mini", import.meta.url));

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

  it("scores the engine and both baselines on the same units", async () => {
    const result = await runRelations({ path: fixtures });
    expect(result.rows.map((r) => r.system)).toEqual([
      "engine",
      "baseline-previous",
      "baseline-reply-attack",
    ]);
    const unitF1 = result.rows.map((r) => r.metrics.unitF1);
    expect(unitF1[0]).toBeGreaterThan(0.5);
    expect(new Set(unitF1).size).toBe(1);
    // The previous-unit baseline never predicts an attack.
    expect(result.rows[1]!.metrics.attackF1).toBe(0);
    expect(result.rows[0]!.metrics.allF1).toBeGreaterThan(0);
  });
});
