/**
 * The one LLM port: `generateData(prompt, schema)`. It asks for JSON matching the zod schema
 * (as JSON Schema, temperature 0), parses tolerantly, validates with zod, and answers from the
 * cache when the same model, prompt id and input were asked before. It counts calls, retries,
 * tokens and cost per stage, keeps to `maxCalls`/`maxCost` (a call that would pass them is not
 * made: the caller falls back), runs at most `concurrency` calls at once, and in a dry run makes
 * no request at all but records what it would have asked.
 */
import type { z } from "zod";
import { cacheKey, memoryCache, type LlmCache } from "./cache.js";
import type { LlmSettings } from "./config.js";
import { jsonSchemaOf, parseTolerant } from "./json.js";
import { estimateTokens, TransientFailure, type Transport } from "./transport.js";

/** A rendered prompt of a versioned prompt module. */
export interface Prompt {
  /** `name@version` of the prompt module, part of the cache key. */
  id: string;
  /** Pipeline stage the call serves (usage is counted per stage). */
  stage: string;
  system: string;
  text: string;
  /** Expected completion size in tokens, for budgets and dry runs. */
  expectTokens: number;
}

export type Generated<T> =
  | { status: "ok"; data: T; cached: boolean }
  /** JSON that does not match the schema as a whole: the caller may salvage valid items. */
  | { status: "invalid"; value: unknown; cached: boolean }
  | { status: "failed"; reason: string }
  | { status: "budget" }
  | { status: "dry-run" };

export interface StageUsage {
  calls: number;
  cached: number;
  retries: number;
  failed: number;
  /** Answers that were not JSON or not of the asked schema. */
  invalid: number;
  skipped: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
}

export interface LlmClient {
  generateData<S extends z.ZodType>(prompt: Prompt, schema: S): Promise<Generated<z.infer<S>>>;
  /** Usage per stage, in first-use order (a dry run fills `calls` and tokens with the plan). */
  usage(): ReadonlyMap<string, StageUsage>;
  readonly settings: LlmSettings;
  /** Whether a budget stopped calls. */
  stopped(): boolean;
}

const emptyUsage = (): StageUsage => ({
  calls: 0,
  cached: 0,
  retries: 0,
  failed: 0,
  invalid: 0,
  skipped: 0,
  promptTokens: 0,
  completionTokens: 0,
  cost: 0,
});

/** A semaphore: at most `n` tasks at once, in arrival order. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * A client over a transport.
 * @example
 * const client = createClient(settings, httpTransport({...}));
 * const r = await client.generateData(prompt, LabelsSchema);
 */
export function createClient(
  settings: LlmSettings,
  transport: Transport,
  cache: LlmCache = memoryCache(),
): LlmClient {
  const usage = new Map<string, StageUsage>();
  const run = limiter(settings.concurrency);
  const model = settings.model ?? settings.modelPath ?? "";
  let calls = 0;
  let cost = 0;
  let stopped = false;
  const price = (prompt: number, completion: number) =>
    (prompt * settings.pricePrompt + completion * settings.priceCompletion) / 1_000_000;
  const stageUsage = (stage: string) => {
    let u = usage.get(stage);
    if (!u) usage.set(stage, (u = emptyUsage()));
    return u;
  };

  async function generateData<S extends z.ZodType>(
    prompt: Prompt,
    schema: S,
  ): Promise<Generated<z.infer<S>>> {
    const u = stageUsage(prompt.stage);
    const jsonSchema = jsonSchemaOf(schema);
    const key = cacheKey(model, prompt.id, prompt.system + "\u0000" + prompt.text, jsonSchema);
    const check = (value: unknown, cached: boolean): Generated<z.infer<S>> => {
      const parsed = schema.safeParse(value);
      return parsed.success
        ? { status: "ok", data: parsed.data as z.infer<S>, cached }
        : { status: "invalid", value, cached };
    };
    const hit = await cache.get(key);
    if (hit !== undefined) {
      u.cached++;
      return check(hit, true);
    }
    const promptEstimate = estimateTokens(prompt.system + prompt.text);
    if (settings.dryRun) {
      u.calls++;
      u.promptTokens += promptEstimate;
      u.completionTokens += prompt.expectTokens;
      u.cost += price(promptEstimate, prompt.expectTokens);
      return { status: "dry-run" };
    }
    return run(async () => {
      const over =
        (settings.maxCalls !== undefined && calls >= settings.maxCalls) ||
        (settings.maxCost !== undefined &&
          cost + price(promptEstimate, prompt.expectTokens) > settings.maxCost);
      if (stopped || over) {
        stopped = true;
        u.skipped++;
        return { status: "budget" } as const;
      }
      calls++;
      u.calls++;
      let reply;
      try {
        reply = await transport.complete({
          system: prompt.system,
          prompt: prompt.text,
          schemaName: prompt.id.replace(/[^A-Za-z0-9_-]/g, "_"),
          schema: jsonSchema,
          maxTokens: Math.max(256, prompt.expectTokens * 2),
        });
      } catch (error) {
        if (error instanceof TransientFailure) {
          u.failed++;
          u.retries += error.retries;
          return { status: "failed", reason: error.message } as const;
        }
        throw error;
      }
      u.retries += reply.retries;
      u.promptTokens += reply.usage.prompt;
      u.completionTokens += reply.usage.completion;
      const spent = price(reply.usage.prompt, reply.usage.completion);
      u.cost += spent;
      cost += spent;
      const value = parseTolerant(reply.content);
      const result =
        value === undefined ? ({ status: "invalid", value, cached: false } as const) : check(value, false);
      // Only a valid answer is kept: an invalid one is asked again next time, not served from the cache.
      if (result.status === "ok") await cache.set(key, value);
      else u.invalid++;
      return result;
    });
  }

  return { generateData, usage: () => usage, settings, stopped: () => stopped };
}

/** Usage per stage as lines for stderr: calls, cache hits, retries, tokens, cost. */
export function formatUsage(client: LlmClient): string {
  const lines: string[] = [];
  const total = emptyUsage();
  const dry = client.settings.dryRun;
  for (const [stage, u] of client.usage()) {
    for (const k of Object.keys(total) as (keyof StageUsage)[]) total[k] += u[k];
    lines.push(line(stage, u, dry));
  }
  if (lines.length > 1) lines.push(line("total", total, dry));
  if (lines.length === 0) lines.push(line("total", total, dry));
  if (client.stopped())
    lines.push("llm: budget reached (--max-calls/--max-cost): the remaining items kept classic labels");
  return lines.join("\n") + "\n";
}

function line(stage: string, u: StageUsage, dry: boolean): string {
  const cost = u.cost > 0 ? `, cost ${u.cost.toFixed(4)}` : "";
  if (dry)
    return `llm dry run ${stage}: ${u.calls} calls planned (${u.cached} cached), ~${u.promptTokens} prompt + ~${u.completionTokens} completion tokens${cost}`;
  return `llm ${stage}: ${u.calls} calls, ${u.cached} cached, ${u.retries} retries, ${u.failed} failed, ${u.invalid} invalid, ${u.skipped} skipped by budget, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${cost}`;
}
