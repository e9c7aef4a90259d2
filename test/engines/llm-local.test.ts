/**
 * The local GGUF path (`--model-path`): node-llama-cpp is optional and cannot run a model here,
 * so the whole path (prompt → grammar from the JSON Schema → validated, grounded map) runs with a
 * stand-in module at the import boundary; the "not installed" message runs through the real CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import { main } from "../../src/cli/main.js";
import { resolveEngine } from "../../src/engines/registry.js";
import { isArgmapError } from "../../src/model/index.js";
import { wellFormed } from "./llm-server.js";

const THREAD = readFileSync(new URL("../fixtures/ingest-thread-basic.txt", import.meta.url), "utf8");

/** A stand-in for node-llama-cpp that answers like a grammar-constrained model would. */
function fakeLlama(options: { failLoad?: boolean } = {}) {
  const seen = {
    loaded: [] as string[],
    grammars: [] as unknown[],
    prompts: [] as string[],
    temperatures: [] as (number | undefined)[],
  };
  const module = {
    getLlama: async () => ({
      loadModel: async ({ modelPath }: { modelPath: string }) => {
        if (options.failLoad) throw new Error("not a GGUF file");
        seen.loaded.push(modelPath);
        return { createContext: async () => ({ getSequence: () => ({}) }) };
      },
      createGrammarForJsonSchema: async (schema: unknown) => {
        seen.grammars.push(schema);
        return { schema };
      },
    }),
    LlamaChatSession: class {
      async prompt(text: string, o: { grammar?: unknown; temperature?: number }) {
        seen.prompts.push(text);
        seen.temperatures.push(o.temperature);
        expect(o.grammar).toBeDefined();
        return JSON.stringify(wellFormed(text, "premise"));
      }
    },
  };
  const loads: string[] = [];
  const load = async (name: string) => {
    loads.push(name);
    return module;
  };
  return { seen, load, loads };
}

describe("local GGUF models through node-llama-cpp", () => {
  it("maps a thread through the local model: schema grammar, temperature 0, labels applied", async () => {
    const fake = fakeLlama();
    const engine = await resolveEngine("hybrid", {
      modelPath: "/models/tiny.gguf",
      loadModule: fake.load,
      summaries: 0,
      keyPointNames: 0,
    });
    const map = await mapSources([{ name: "thread.txt", text: THREAD, format: "thread-text" }], { engine });
    expect(fake.loads).toEqual(["node-llama-cpp"]);
    expect(fake.seen.loaded).toEqual(["/models/tiny.gguf"]);
    expect(fake.seen.prompts.length).toBeGreaterThan(0);
    expect(fake.seen.temperatures.every((t) => t === 0)).toBe(true);
    // The grammar comes from the label prompt's JSON Schema (units, relations, replies).
    const schema = fake.seen.grammars[0] as { type: string; properties: Record<string, unknown> };
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["units", "relations", "replies"]));
    // The local model labelled every segment a premise; the map carries its labels.
    const labelled = map.units.filter((u) => u.signals.includes("llm:premise"));
    expect(labelled.length).toBe(map.units.length);
    expect(map.engine.models.llm).toBe("/models/tiny.gguf");
  });

  it("names the model file when it cannot be loaded", async () => {
    const fake = fakeLlama({ failLoad: true });
    const error = await resolveEngine("hybrid", {
      modelPath: "/models/broken.gguf",
      loadModule: fake.load,
    }).catch((e: unknown) => e);
    expect(isArgmapError(error) && error.code === "LLM_UNAVAILABLE").toBe(true);
    expect((error as Error).message).toMatch(
      /cannot load the model file '\/models\/broken\.gguf': not a GGUF file/,
    );
  });

  it("says how to install node-llama-cpp when it is missing (real import, real CLI, exit 2)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "argmap-gguf-"));
    writeFileSync(join(cwd, "t.txt"), "Taxes are good. They fund schools.");
    let stderr = "";
    const err = new PassThrough();
    err.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await main(["map", "t.txt", "--engine", "hybrid", "--model-path", "x.gguf"], {
      stdout: new PassThrough(),
      stderr: err,
      stdin: new PassThrough(),
      env: {},
      cwd,
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /optional package node-llama-cpp, which is not installed.*npm install node-llama-cpp/,
    );
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
