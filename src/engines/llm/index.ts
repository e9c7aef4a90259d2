/**
 * The LLM engines (`llm`, `hybrid`): built from an engine config (see `config.ts`) with an HTTP
 * transport (or a local GGUF model), a response cache, and the injected clock and randomness.
 */
/** Settings as the registry passes them (see `EngineConfig` in ../registry.ts). */
type EngineConfig = Readonly<Record<string, unknown>>;
import { memoryCache, type LlmCache } from "./cache.js";
import { createClient } from "./client.js";
import { llmSettings } from "./config.js";
import { createLlmEngine, type LlmEngine, type LlmMode } from "./engine.js";
import { localTransport, type ModuleLoader } from "./local.js";
import { httpTransport } from "./transport.js";

export { createLlmEngine, type LlmEngine, type LlmMode } from "./engine.js";
export { createClient, formatUsage, type LlmClient, type Prompt, type Generated } from "./client.js";
export { LlmSettings, llmSettings, DIALECTS, type Dialect } from "./config.js";
export { fileCache, memoryCache, cacheKey, type LlmCache } from "./cache.js";
export { httpTransport, type Transport } from "./transport.js";
export { alignQuote, type Alignment } from "./align.js";
export { parseTolerant, jsonSchemaOf } from "./json.js";

const isCache = (x: unknown): x is LlmCache =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as LlmCache).get === "function" &&
  typeof (x as LlmCache).set === "function";
const fn = <T>(x: unknown): T | undefined => (typeof x === "function" ? (x as T) : undefined);

/**
 * Build an LLM engine from settings; `cache`, `sleep`, `random`, `fetch` and `loadModule` (how
 * `--model-path` imports node-llama-cpp) may ride along in the config as objects (the CLI passes
 * a file cache; tests pass a short sleep).
 * @example const engine = await buildLlmEngine("hybrid", { baseUrl: "http://127.0.0.1:11434/v1", model: "qwen2.5:7b" })
 */
export async function buildLlmEngine(mode: LlmMode, config: EngineConfig): Promise<LlmEngine> {
  const settings = llmSettings(mode, config);
  const sleep =
    fn<(ms: number) => Promise<void>>(config.sleep) ??
    ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const transport =
    settings.modelPath !== undefined && !settings.dryRun
      ? await localTransport(settings.modelPath, fn<ModuleLoader>(config.loadModule))
      : httpTransport({
          baseUrl: settings.baseUrl ?? "",
          model: settings.model ?? "",
          apiKey: settings.apiKey,
          dialect: settings.dialect,
          timeoutMs: settings.timeoutMs,
          runTimeoutMs: settings.runTimeoutMs,
          maxResponseBytes: settings.maxResponseBytes,
          now: fn<() => number>(config.now) ?? Date.now,
          retries: settings.retries,
          backoffMs: settings.backoffMs,
          maxDelayMs: settings.maxDelayMs,
          sleep,
          random: fn<() => number>(config.random) ?? Math.random,
          fetch: fn<typeof fetch>(config.fetch) ?? globalThis.fetch,
        });
  const cache = isCache(config.cache) ? config.cache : memoryCache();
  return createLlmEngine(mode, createClient(settings, transport, cache));
}
