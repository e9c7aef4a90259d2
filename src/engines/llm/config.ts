/**
 * Settings of the LLM engines (`llm`, `hybrid`), checked with zod. The CLI gathers them from
 * flags, the environment (the API key) and a config file; the engine never reads them itself.
 */
import { z } from "zod";
import { ArgmapError } from "../../model/index.js";
/** Settings as the registry passes them (see `EngineConfig` in ../registry.ts). */
type EngineConfig = Readonly<Record<string, unknown>>;

export const DIALECTS = ["auto", "openai", "ollama", "llamacpp", "json"] as const;
export type Dialect = (typeof DIALECTS)[number];

const positive = z.number().positive().finite();
const count = z.number().int().nonnegative();

export const LlmSettings = z.object({
  baseUrl: z.string().optional(),
  model: z.string().optional(),
  modelPath: z.string().optional(),
  apiKey: z.string().optional(),
  dialect: z.enum(DIALECTS).default("auto"),
  maxCalls: count.optional(),
  maxCost: z.number().nonnegative().finite().optional(),
  /** Prices in currency units per million prompt / completion tokens (0 for local servers). */
  pricePrompt: z.number().nonnegative().finite().default(0),
  priceCompletion: z.number().nonnegative().finite().default(0),
  dryRun: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(64).default(2),
  /** Thread text per labelling call, in estimated tokens (4 characters each). */
  batchTokens: z.number().int().min(100).default(3000),
  /** Longest wait for one attempt of one call. */
  timeoutMs: positive.default(60_000),
  /**
   * All LLM calls of a run together (`--llm-timeout`, in seconds on the command line): past it no
   * call is made or waited for, and the remaining items keep classic labels.
   */
  runTimeoutMs: positive.default(300_000),
  /** Largest response body read from the endpoint; a bigger one fails the call. */
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(16 << 20),
  retries: count.max(10).default(4),
  /** First backoff step; doubles per retry, with jitter. */
  backoffMs: z.number().nonnegative().finite().default(1000),
  /** Longest single wait (a server's Retry-After included). */
  maxDelayMs: z.number().nonnegative().finite().default(60_000),
  /** Arguments whose thesis and key-claim headlines the LLM writes (best ranked first). */
  summaries: count.default(5),
  /** Key points the LLM names (most argued first), in one call per `batchTokens`. */
  keyPointNames: count.default(20),
});
export type LlmSettings = z.infer<typeof LlmSettings>;

/** Settings of an engine config (the registry's `create(config)`), with a clear error for bad ones. */
export function llmSettings(engine: string, config: EngineConfig): LlmSettings {
  const parsed = LlmSettings.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArgmapError(
      "USAGE",
      `engine '${engine}': setting '${issue.path.join(".")}' is invalid: ${issue.message}.`,
    );
  }
  const s = parsed.data;
  if (s.modelPath === undefined) {
    if (s.baseUrl === undefined || s.baseUrl === "")
      throw new ArgmapError(
        "USAGE",
        `engine '${engine}' needs an endpoint: --base-url (e.g. http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:8080/v1 for llama.cpp server) or --model-path <file.gguf>.`,
      );
    if (!/^https?:\/\//i.test(s.baseUrl))
      throw new ArgmapError("USAGE", `--base-url must be an http(s) URL (got '${s.baseUrl}').`);
    if (s.model === undefined || s.model === "")
      throw new ArgmapError(
        "USAGE",
        `engine '${engine}' needs --model (the model name the server at ${s.baseUrl} serves).`,
      );
  }
  return s;
}
