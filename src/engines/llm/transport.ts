/**
 * The HTTP edge of the LLM engines: one chat completion per call against an OpenAI-compatible
 * server (OpenAI, vLLM, LM Studio, Ollama's /v1), Ollama's native /api/chat or llama.cpp server,
 * each with its own way to constrain the output to a JSON Schema:
 * - `openai`: `response_format: {type: "json_schema"}`, falling back to JSON mode
 *   (`{type: "json_object"}`) and then to no constraint (the client parses tolerantly);
 * - `ollama`: `/api/chat` with `format: <schema>`;
 * - `llamacpp`: `/v1/chat/completions` with llama.cpp's `json_schema` field;
 * - `json`: JSON mode only.
 * `auto` takes `openai` for a URL ending in `/v1`, else probes `/api/version` (Ollama) and
 * `/props` (llama.cpp). Retries 429, 5xx, timeouts and dropped connections with exponential
 * backoff and jitter, honouring `Retry-After`. The API key goes in a header only: it is never in
 * an error, a diagnostic or the cache.
 */
import { ArgmapError } from "../../model/index.js";
import type { Dialect } from "./config.js";

export interface ChatRequest {
  system: string;
  prompt: string;
  schemaName: string;
  schema: Record<string, unknown>;
  maxTokens: number;
}

export interface ChatReply {
  content: string;
  /** Token counts as the server reports them (estimated at 4 characters per token when it does not). */
  usage: { prompt: number; completion: number };
  /** Attempts beyond the first. */
  retries: number;
}

export interface Transport {
  /** Where calls go, for messages (no credentials). */
  readonly label: string;
  complete(request: ChatRequest): Promise<ChatReply>;
}

/** Retries exhausted on 429/5xx/timeouts: the call failed, the run goes on without it. */
export class TransientFailure extends Error {
  constructor(
    message: string,
    readonly retries: number,
  ) {
    super(message);
    this.name = "TransientFailure";
  }
}

export interface HttpOptions {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  dialect: Dialect;
  timeoutMs: number;
  /** All calls together, from the first one on: past it calls fail at once (see `LlmSettings`). */
  runTimeoutMs: number;
  /** Largest response body read; a longer one fails the call. */
  maxResponseBytes: number;
  now: () => number;
  retries: number;
  backoffMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  fetch: typeof fetch;
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** A token count the server reported, if it is one: a finite number ≥ 0 (else the caller estimates). */
export const reportedTokens = (n: unknown): number | undefined =>
  typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;

/** A response body too large to read: the call fails (no retry, the server would send it again). */
class ResponseTooLarge extends Error {}

/** The body as text, refused past `maxBytes` (declared or streamed) without holding more. */
async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new ResponseTooLarge(`the response is ${declared} bytes, over the cap of ${maxBytes}`);
  }
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLarge(`the response is over the cap of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

/** The URL as shown in messages: no user, no password, no query. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return "(invalid URL)";
  }
}

/** Seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter (half to full step), at least the server's Retry-After, capped. */
export function backoffDelay(attempt: number, options: HttpOptions, retryAfter: number | undefined): number {
  const step = options.backoffMs * 2 ** attempt * (0.5 + 0.5 * options.random());
  return Math.min(options.maxDelayMs, Math.max(step, retryAfter ?? 0));
}

type Mode = "json_schema" | "json_object" | "none";

interface Route {
  url: string;
  body(request: ChatRequest, mode: Mode): Record<string, unknown>;
  /** The reply's content and the token counts as the server sent them (checked by `reportedTokens`). */
  parse(json: unknown): { content: string; prompt?: unknown; completion?: unknown } | undefined;
  modes: Mode[];
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

function messages(request: ChatRequest) {
  return [
    { role: "system", content: request.system },
    { role: "user", content: request.prompt },
  ];
}

function parseOpenAi(json: unknown) {
  const j = json as {
    choices?: { message?: { content?: unknown } }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  const content = j?.choices?.[0]?.message?.content;
  if (typeof content !== "string") return undefined;
  return { content, prompt: j.usage?.prompt_tokens, completion: j.usage?.completion_tokens };
}

function openAiRoute(base: string, model: string, modes: Mode[], llamacpp = false): Route {
  const v1 = /\/v1$/.test(base) ? base : `${base}/v1`;
  return {
    url: `${v1}/chat/completions`,
    modes,
    body: (request, mode) => ({
      model,
      temperature: 0,
      max_tokens: request.maxTokens,
      messages: messages(request),
      ...(llamacpp ? { json_schema: request.schema } : {}),
      ...(mode === "json_schema"
        ? {
            response_format: {
              type: "json_schema",
              json_schema: { name: request.schemaName, schema: request.schema, strict: true },
            },
          }
        : mode === "json_object"
          ? { response_format: { type: "json_object" } }
          : {}),
    }),
    parse: parseOpenAi,
  };
}

function ollamaRoute(base: string, model: string): Route {
  return {
    url: `${base.replace(/\/v1$/, "")}/api/chat`,
    modes: ["json_schema"],
    body: (request) => ({
      model,
      stream: false,
      messages: messages(request),
      format: request.schema,
      options: { temperature: 0, num_predict: request.maxTokens },
    }),
    parse: (json) => {
      const j = json as {
        message?: { content?: unknown };
        prompt_eval_count?: unknown;
        eval_count?: unknown;
      };
      const content = j?.message?.content;
      if (typeof content !== "string") return undefined;
      return { content, prompt: j.prompt_eval_count, completion: j.eval_count };
    },
  };
}

function routeFor(dialect: Exclude<Dialect, "auto">, base: string, model: string): Route {
  if (dialect === "ollama") return ollamaRoute(base, model);
  if (dialect === "llamacpp") return openAiRoute(base, model, ["none"], true);
  if (dialect === "json") return openAiRoute(base, model, ["json_object", "none"]);
  return openAiRoute(base, model, ["json_schema", "json_object", "none"]);
}

/** An HTTP transport for one endpoint and model. */
export function httpTransport(options: HttpOptions): Transport & { dialect(): Promise<Dialect> } {
  const base = trimSlash(options.baseUrl);
  const label = shownUrl(base);
  let route: Promise<{ route: Route; dialect: Dialect }> | undefined;
  let modeIndex = 0;
  /** Whether the endpoint ever answered: a refused connection before that is a missing endpoint, not a hiccup. */
  let answered = false;

  const unreachable = (url: string, cause: unknown) =>
    new ArgmapError(
      "LLM_UNAVAILABLE",
      `cannot reach the LLM endpoint ${shownUrl(url)} (${describe(cause)}). Check --base-url and that the server is running.`,
      { input: label },
    );

  async function probe(path: string): Promise<boolean> {
    try {
      const res = await options.fetch(`${base}${path}`, { signal: AbortSignal.timeout(options.timeoutMs) });
      await res.body?.cancel();
      return res.ok;
    } catch (error) {
      throw unreachable(`${base}${path}`, error);
    }
  }

  async function choose(): Promise<{ route: Route; dialect: Dialect }> {
    let dialect = options.dialect;
    if (dialect === "auto") {
      if (/\/v1$/.test(base)) dialect = "openai";
      else if (await probe("/api/version")) dialect = "ollama";
      else if (await probe("/props")) dialect = "llamacpp";
      else dialect = "openai";
    }
    return { route: routeFor(dialect, base, options.model), dialect };
  }

  const headers = (): Record<string, string> => ({
    "content-type": "application/json",
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  });

  /** When the run's time for LLM calls is up (set by the first call). */
  let deadline: number | undefined;
  /** Milliseconds left of the run's time; a TransientFailure when none are. */
  function timeLeft(attempt: number): number {
    deadline ??= options.now() + options.runTimeoutMs;
    const left = deadline - options.now();
    if (left <= 0)
      throw new TransientFailure(
        `${label}: the time for LLM calls (--llm-timeout ${options.runTimeoutMs / 1000} s) is spent`,
        attempt,
      );
    return left;
  }

  /** One POST with retries on transient failures; returns the final response's status and JSON. */
  async function post(
    url: string,
    body: unknown,
  ): Promise<{ status: number; json: unknown; text: string; retries: number }> {
    let attempt = 0;
    for (;;) {
      let status = 0;
      let retryAfter: number | undefined;
      let reason: string;
      const wait = Math.min(options.timeoutMs, timeLeft(attempt));
      try {
        const res = await options.fetch(url, {
          method: "POST",
          headers: headers(),
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(wait),
        });
        const text = await readCapped(res, options.maxResponseBytes);
        answered = true;
        status = res.status;
        if (status !== 429 && status < 500) {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          return { status, json, text, retries: attempt };
        }
        retryAfter = retryAfterMs(res.headers.get("retry-after"));
        reason = `HTTP ${status}`;
      } catch (error) {
        if (error instanceof ResponseTooLarge)
          throw new TransientFailure(`${label}: ${error.message}`, attempt);
        const name = (error as Error).name;
        if (name !== "TimeoutError" && name !== "AbortError") {
          // Refused, unknown host, reset: the endpoint itself is missing when nothing ever answered.
          if (!answered || attempt >= options.retries) throw unreachable(url, error);
          reason = describe(error);
        } else reason = `no answer within ${wait} ms`;
      }
      if (attempt >= options.retries)
        throw new TransientFailure(`${label}: ${reason} after ${attempt + 1} attempts`, attempt);
      await options.sleep(Math.min(backoffDelay(attempt, options, retryAfter), timeLeft(attempt)));
      attempt++;
    }
  }

  return {
    label,
    dialect: async () => (await (route ??= choose())).dialect,
    async complete(request) {
      const { route: r } = await (route ??= choose());
      let retries = 0;
      for (;;) {
        const mode = r.modes[Math.min(modeIndex, r.modes.length - 1)]!;
        const res = await post(r.url, r.body(request, mode));
        retries += res.retries;
        if (res.status >= 200 && res.status < 300) {
          const parsed = r.parse(res.json);
          if (!parsed) throw new TransientFailure(`${label}: the reply is not a chat completion`, retries);
          return {
            content: parsed.content,
            usage: {
              prompt: reportedTokens(parsed.prompt) ?? estimateTokens(request.system + request.prompt),
              completion: reportedTokens(parsed.completion) ?? estimateTokens(parsed.content),
            },
            retries,
          };
        }
        if (res.status === 401 || res.status === 403)
          throw new ArgmapError(
            "LLM_UNAVAILABLE",
            `the LLM endpoint ${label} refused the request (HTTP ${res.status}): set ARGMAP_API_KEY (or OPENAI_API_KEY) to a valid key.`,
            { input: label },
          );
        if (res.status === 404)
          throw new ArgmapError(
            "LLM_UNAVAILABLE",
            `the LLM endpoint ${label} answered 404 for ${shownUrl(r.url)} with model '${options.model}': check --base-url, --model and --llm-dialect.`,
            { input: label },
          );
        // 400/422: the server does not take this kind of structured output; try the next one.
        if (modeIndex < r.modes.length - 1) {
          modeIndex++;
          continue;
        }
        throw new TransientFailure(`${label}: HTTP ${res.status}: ${res.text.slice(0, 200)}`, retries);
      }
    },
  };
}

function describe(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}
