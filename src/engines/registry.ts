/**
 * The engine registry: one entry per engine, declaring its name, a one-line summary, what it can
 * do and how to build it. `--engine` on `map`, `add` and `eval`, `argmap engines` and
 * `mapSources(inputs, { engine })` all resolve names here. Built-in engines load their code only
 * when chosen, so listing engines or mapping with another one costs nothing.
 *
 * A name may also be a path to an ES module (`./my-engine.mjs`) whose default export is an
 * `EngineDefinition` or an `Engine`: a plugin, without touching this file.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ArgmapError } from "../model/index.js";
import type { Engine, EngineCapabilities } from "./engine.js";

/** Settings an engine may take (endpoint, model, key…); each engine reads the ones it knows. */
export type EngineConfig = Readonly<Record<string, unknown>>;

export interface EngineDefinition {
  /** As `--engine` takes it: `[a-z][a-z0-9-]*`. */
  name: string;
  summary: string;
  capabilities: EngineCapabilities;
  /** Build the engine (load models, check the configuration). */
  create(config: EngineConfig): Engine | Promise<Engine>;
}

const ENGINE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const registry = new Map<string, EngineDefinition>();

/**
 * Add an engine to the registry (replacing one of the same name).
 * @example
 * registerEngine({ name: "toy", summary: "every sentence a claim", capabilities: { network: false, abstractive: false }, create: () => toyEngine });
 */
export function registerEngine(definition: EngineDefinition): void {
  if (!ENGINE_NAME.test(definition.name))
    throw new ArgmapError(
      "ENGINE_INVALID",
      `engine name '${definition.name}' must be lower-case letters, digits and dashes, starting with a letter.`,
    );
  registry.set(definition.name, definition);
}

/** Every registered engine, built-in ones first, in registration order. */
export function listEngines(): EngineDefinition[] {
  return [...registry.values()];
}

const isEngine = (x: unknown): x is Engine =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as Engine).name === "string" &&
  typeof (x as Engine).extract === "function" &&
  typeof (x as Engine).relate === "function";

const isDefinition = (x: unknown): x is EngineDefinition =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as EngineDefinition).name === "string" &&
  typeof (x as EngineDefinition).create === "function";

/** A name that is a module path rather than a registered engine. */
const looksLikePath = (name: string) =>
  /^(?:\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/]|file:)/.test(name) || /\.[cm]?js$/.test(name);

/** Import an engine plugin module (a path relative to the working directory, or a file: URL). */
async function loadPlugin(specifier: string, config: EngineConfig): Promise<Engine> {
  let mod: { default?: unknown };
  try {
    const url = specifier.startsWith("file:") ? specifier : pathToFileURL(resolve(specifier)).href;
    mod = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw new ArgmapError("ENGINE_INVALID", `cannot load the engine module: ${(error as Error).message}`, {
      input: specifier,
      cause: error,
    });
  }
  const exported = mod.default;
  const engine = isDefinition(exported) ? await exported.create(config) : exported;
  if (!isEngine(engine))
    throw new ArgmapError(
      "ENGINE_INVALID",
      "the module's default export is neither an Engine (name, extract, relate) nor an EngineDefinition (name, create).",
      { input: specifier },
    );
  return engine;
}

/**
 * The engine of this name (or plugin module path), built with `config`.
 * @example const engine = await resolveEngine("classic")
 */
export async function resolveEngine(name: string, config: EngineConfig = {}): Promise<Engine> {
  const definition = registry.get(name);
  if (definition) {
    const engine = await definition.create(config);
    if (!isEngine(engine))
      throw new ArgmapError("ENGINE_INVALID", `engine '${name}' did not build an Engine.`, { input: name });
    return engine;
  }
  if (looksLikePath(name)) return loadPlugin(name, config);
  throw new ArgmapError(
    "ENGINE_UNKNOWN",
    `no engine named '${name}'. Available: ${listEngines()
      .map((d) => d.name)
      .join(", ")} (or a path to an engine module).`,
    { input: name },
  );
}

registerEngine({
  name: "classic",
  summary: "Embedded default: wink-nlp plus small models trained in this repository; offline, no downloads.",
  capabilities: { network: false, abstractive: false },
  create: async () => (await import("./classic/index.js")).classicEngine,
});

registerEngine({
  name: "hybrid",
  summary:
    "Recommended LLM mode: classic segments and candidates, an OpenAI-compatible LLM labels them and writes theses and headlines (--base-url, --model).",
  capabilities: { network: true, abstractive: true },
  create: async (config) => (await import("./llm/index.js")).buildLlmEngine("hybrid", config),
});

registerEngine({
  name: "llm",
  summary:
    "An OpenAI-compatible LLM finds and relates the units itself, every quote aligned to the source (--base-url, --model).",
  capabilities: { network: true, abstractive: true },
  create: async (config) => (await import("./llm/index.js")).buildLlmEngine("llm", config),
});
