/**
 * The `--engine` option of `map`, `add` and `eval`, the LLM engines' options, and their
 * resolution through the engine registry. LLM settings come from flags, then a config file
 * (`--config`, or `argmap.config.json` in the working directory), flags winning; the API key
 * only from `ARGMAP_API_KEY` / `OPENAI_API_KEY` (or the config file), and it is never printed.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Engine } from "../engines/engine.js";
import { resolveEngine } from "../engines/registry.js";
import { ArgmapError } from "../model/index.js";
import type { CliIO, OptionSpec, ParsedValues } from "./command.js";

export const ENGINE_OPTION: OptionSpec = {
  name: "engine",
  type: "string",
  default: "classic",
  description: "engine to run: classic, hybrid, llm (see argmap engines) or a path to an engine module",
};

/** Options of the LLM engines (`hybrid`, `llm`); also readable from the config file. */
export const LLM_OPTIONS: OptionSpec[] = [
  {
    name: "base-url",
    type: "string",
    description: "LLM engines: OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1",
  },
  { name: "model", type: "string", description: "LLM engines: model name the endpoint serves" },
  {
    name: "model-path",
    type: "string",
    description: "LLM engines: a local GGUF file (needs the optional node-llama-cpp)",
  },
  {
    name: "llm-dialect",
    type: "string",
    choices: ["auto", "openai", "ollama", "llamacpp", "json"],
    description: "LLM engines: structured-output dialect (default auto-detect)",
  },
  { name: "max-calls", type: "string", description: "LLM engines: stop calling after this many requests" },
  {
    name: "max-cost",
    type: "string",
    description: "LLM engines: stop before spending more than this (see --price-*)",
  },
  { name: "price-prompt", type: "string", description: "LLM engines: price per million prompt tokens" },
  {
    name: "price-completion",
    type: "string",
    description: "LLM engines: price per million completion tokens",
  },
  {
    name: "dry-run",
    type: "boolean",
    description: "LLM engines: print the planned calls and tokens, call nothing",
  },
  {
    name: "llm-timeout",
    type: "string",
    description:
      "LLM engines: seconds all LLM calls of the run may take together; then the rest keep classic labels (default 300)",
  },
  {
    name: "llm-cache",
    type: "string",
    description: "LLM engines: response cache file, or 'off' (default .argmap-cache/llm.jsonl)",
  },
  {
    name: "config",
    type: "string",
    description: "settings file (default argmap.config.json in the working directory)",
  },
];

/** Flag name → engine setting, and whether it is a number. */
const SETTINGS: Record<string, { key: string; number?: boolean; boolean?: boolean; scale?: number }> = {
  "base-url": { key: "baseUrl" },
  model: { key: "model" },
  "model-path": { key: "modelPath" },
  "llm-dialect": { key: "dialect" },
  "max-calls": { key: "maxCalls", number: true },
  "max-cost": { key: "maxCost", number: true },
  "price-prompt": { key: "pricePrompt", number: true },
  "price-completion": { key: "priceCompletion", number: true },
  "dry-run": { key: "dryRun", boolean: true },
  "llm-cache": { key: "cachePath" },
  "llm-timeout": { key: "runTimeoutMs", number: true, scale: 1000 },
};

function readConfig(values: ParsedValues, io: CliIO): Record<string, unknown> {
  const given = typeof values.config === "string" ? values.config : undefined;
  const path = resolve(io.cwd, given ?? "argmap.config.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (given === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ArgmapError(
      "INPUT_NOT_FOUND",
      `cannot read the config file ${path}: ${(error as Error).message}`,
      {
        input: path,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `the config file ${path} is not JSON: ${(error as Error).message}`,
      {
        input: path,
      },
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ArgmapError("INPUT_MALFORMED", `the config file ${path} must hold a JSON object.`, {
      input: path,
    });
  return json as Record<string, unknown>;
}

/** The engine settings of the command line: config file, then flags; the key from the environment. */
export function engineConfig(values: ParsedValues, io: CliIO): Record<string, unknown> {
  const config: Record<string, unknown> = { ...readConfig(values, io) };
  for (const [flag, spec] of Object.entries(SETTINGS)) {
    const v = values[flag];
    if (v === undefined) continue;
    if (spec.boolean) config[spec.key] = v === true;
    else if (spec.number) {
      const n = Number(v);
      if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n) || n < 0)
        throw new ArgmapError("USAGE", `--${flag} must be a number ≥ 0 (got '${String(v)}').`);
      config[spec.key] = n * (spec.scale ?? 1);
    } else config[spec.key] = v;
  }
  const key = io.env.ARGMAP_API_KEY ?? io.env.OPENAI_API_KEY;
  if (key) config.apiKey = key;
  return config;
}

/** The engine `--engine` names; module paths are taken relative to the command's working directory. */
export async function engineFrom(values: ParsedValues, io: CliIO): Promise<Engine> {
  const name = typeof values.engine === "string" ? values.engine : "classic";
  const plugin = /[\\/]|\.[cm]?js$/.test(name) && !name.startsWith("file:") && !isAbsolute(name);
  const config = engineConfig(values, io);
  if (name === "hybrid" || name === "llm") {
    const path = typeof config.cachePath === "string" ? config.cachePath : ".argmap-cache/llm.jsonl";
    if (path !== "off" && !config.dryRun) {
      const { fileCache } = await import("../engines/llm/cache.js");
      config.cache = fileCache(resolve(io.cwd, path));
    }
  }
  return resolveEngine(plugin ? resolve(io.cwd, name) : name, config);
}

/** After a run: the LLM engines' usage (calls, cache hits, retries, tokens, cost) on stderr. */
export function reportEngineUsage(engine: Engine, io: CliIO): void {
  const report = (engine as { usageReport?: () => string }).usageReport;
  if (typeof report === "function") io.stderr.write(report.call(engine));
}
