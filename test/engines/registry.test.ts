import { describe, expect, it } from "vitest";
import {
  listEngines,
  mapSources,
  registerEngine,
  resolveEngine,
  type EngineDefinition,
} from "../../src/index.js";
import { errorOf, repoRoot, runCli, validateMapJson } from "../helpers.js";

const toyModule = `${repoRoot}test/engines/toy-engine.mjs`;
const essay = "examples/essay-four-day-week.md";

describe("engine registry", () => {
  it("maps a file with a toy engine registered through the public API", async () => {
    const definition = ((await import(toyModule)) as { default: EngineDefinition }).default;
    registerEngine(definition);
    expect(listEngines().map((d) => d.name)).toEqual(["classic", "hybrid", "llm", "toy"]);
    const map = await mapSources([`${repoRoot}${essay}`], { engine: "toy" });
    expect(map.engine).toEqual({ name: "toy", version: "1.0.0", models: {} });
    expect(map.units.length).toBeGreaterThan(5);
    expect(map.units.every((u) => u.kind === "claim" && u.by.engine === "toy")).toBe(true);
    const supports = map.relations.filter((r) => r.kind === "support" && r.signals.includes("toy:previous"));
    expect(supports.length).toBeGreaterThan(0);
    expect(validateMapJson(map)).toBe(true);
  });

  it("runs a plugin module given to --engine as a path", () => {
    const out = runCli(["map", essay, "--engine", "test/engines/toy-engine.mjs", "--format", "json"]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const map = JSON.parse(out.stdout) as { engine: { name: string }; units: { kind: string }[] };
    expect(map.engine.name).toBe("toy");
    expect(map.units.every((u) => u.kind === "claim")).toBe(true);
  });

  it("refuses an unknown engine name with a usage error that lists the engines", async () => {
    const error = await errorOf(resolveEngine("nope"));
    expect(error.code).toBe("ENGINE_UNKNOWN");
    expect(error.message).toContain("classic");
    const out = runCli(["map", essay, "--engine", "nope"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no engine named 'nope'/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a module that does not export an engine", () => {
    const out = runCli(["map", essay, "--engine", "package.json.mjs"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cannot load the engine module/);
  });

  it("lists the engines with argmap engines", () => {
    const out = runCli(["engines", "--json"]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([
      expect.objectContaining({ name: "classic", network: false, abstractive: false }),
      expect.objectContaining({ name: "hybrid", network: true, abstractive: true }),
      expect.objectContaining({ name: "llm", network: true, abstractive: true }),
    ]);
  });
});
