import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import { main } from "../../src/cli/main.js";
import { resolveEngine } from "../../src/engines/registry.js";
import { alignQuote, fileCache, memoryCache, type LlmEngine } from "../../src/engines/llm/index.js";
import { planBatches } from "../../src/engines/llm/batches.js";
import { renderLabelThread } from "../../src/engines/llm/prompts/label-thread.js";
import { renderNameKeyPoints } from "../../src/engines/llm/prompts/name-key-points.js";
import { renderMarkdown } from "../../src/export/markdown.js";
import type { ArgumentMap } from "../../src/model/index.js";
import { defaultScript, startServer, wellFormed, type TestServer } from "./llm-server.js";

const THREAD = readFileSync(new URL("../fixtures/ingest-thread-basic.txt", import.meta.url), "utf8");
const KEY = "sk-test-SECRET-4242";
let server: TestServer | undefined;

/** The labelling calls a server saw, and how many segments the i-th one asked about. */
function labelling(seenBy: TestServer) {
  const labelCalls = seenBy.seen.filter((s) => s.prompt.includes("<candidates>"));
  const segmentsIn = (i: number) => labelCalls[i]!.prompt.split("\n").filter((l) => /^s\d+: /.test(l)).length;
  return { labelCalls, segmentsIn };
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(
  engine: string,
  config: Record<string, unknown>,
): Promise<{ map: ArgumentMap; engine: LlmEngine; delays: number[] }> {
  const delays: number[] = [];
  const built = (await resolveEngine(engine, {
    baseUrl: `${server!.url}/v1`,
    model: "test",
    apiKey: KEY,
    backoffMs: 1,
    timeoutMs: 2000,
    sleep: (ms: number) => {
      delays.push(ms);
      return new Promise((r) => setTimeout(r, 1));
    },
    ...config,
  })) as LlmEngine;
  const map = await mapSources([{ name: "thread.txt", text: THREAD, format: "thread-text" }], {
    engine: built,
  });
  return { map, engine: built, delays };
}

const rules = (map: ArgumentMap) => map.diagnostics.map((d) => d.rule);

describe("hybrid engine against an OpenAI-compatible server", () => {
  it("labels units, relations and reply stances, and writes grounded headlines", async () => {
    server = await startServer();
    const { map, engine } = await run("hybrid", {});
    expect(server.seen[0]!.body!.temperature).toBe(0);
    expect((server.seen[0]!.body!.response_format as { type: string }).type).toBe("json_schema");
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    // Every segment was labelled "claim" by the server.
    expect(map.units.every((u) => u.kind === "claim" && u.signals.includes("llm:claim"))).toBe(true);
    const stanced = map.relations.filter((r) => r.signals.includes("llm:reply-stance"));
    expect(stanced.length).toBeGreaterThan(0);
    expect(stanced.every((r) => r.kind === "attack")).toBe(true);
    const abstracts = map.arguments.filter((a) => a.abstract);
    expect(abstracts.length).toBeGreaterThan(0);
    const unitIds = new Set(map.units.map((u) => u.id));
    for (const a of abstracts) {
      // The invented "u999" headline is dropped; the others cite real units with their spans.
      expect(a.abstract!.headlines.map((h) => h.text)).not.toContain(expect.stringContaining("Invented"));
      for (const h of a.abstract!.headlines)
        for (const [i, id] of h.unitIds.entries()) {
          expect(unitIds.has(id)).toBe(true);
          const unit = map.units.find((u) => u.id === id)!;
          expect(map.sources[0]!.text.slice(...h.spans[i]!.span)).toBe(unit.text);
        }
    }
    expect(rules(map)).toContain("llm/ungrounded");
    expect(engine.usageReport()).toMatch(/llm label: 1 calls, 0 cached, 0 retries/);
  });

  it("answers a second run from the cache file without a request", async () => {
    server = await startServer();
    const path = join(mkdtempSync(join(tmpdir(), "argmap-llm-")), "llm.jsonl");
    await run("hybrid", { cache: fileCache(path) });
    const calls = server.seen.length;
    const second = await run("hybrid", { cache: fileCache(path) });
    expect(server.seen.length).toBe(calls);
    expect(second.engine.usageReport()).toMatch(/llm label: 0 calls, 1 cached/);
    expect(readFileSync(path, "utf8")).not.toContain(KEY);
  });

  it("waits at least Retry-After on a 429 and retries, and retries 500s and timeouts", async () => {
    server = await startServer((seen, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "3" } }
        : n === 2
          ? { status: 500 }
          : n === 3
            ? { delayMs: 400, content: wellFormed(seen.prompt) }
            : defaultScript(seen, n),
    );
    const { map, engine, delays } = await run("hybrid", { timeoutMs: 200, maxDelayMs: 60_000 });
    expect(delays[0]).toBeGreaterThanOrEqual(3000);
    expect(delays.length).toBe(3);
    expect(delays[2]).toBeGreaterThan(delays[1]! * 0.99 > 0 ? 0 : -1);
    expect(engine.usageReport()).toMatch(/llm label: 1 calls, 0 cached, 3 retries/);
    expect(map.units.every((u) => u.kind === "claim")).toBe(true);
  });

  it("keeps classic labels with a diagnostic when a batch fails after its retries", async () => {
    server = await startServer((seen, n) =>
      seen.prompt.includes("<candidates>") && seen.prompt.includes("s1:") && n < 10
        ? { status: 503 }
        : defaultScript(seen, n),
    );
    const { map } = await run("hybrid", { retries: 2, batchTokens: 150 });
    expect(rules(map)).toContain("llm/call-failed");
    expect(map.units.some((u) => u.signals.includes("llm:claim"))).toBe(true);
    expect(map.units.some((u) => !u.signals.some((s) => s.startsWith("llm:")))).toBe(true);
  });

  it("asks again alone for items a malformed or incomplete answer left out, then drops them", async () => {
    server = await startServer((seen, n) => {
      if (!seen.prompt.includes("<candidates>")) return defaultScript(seen, n);
      if (n === 1) return { content: 'Sure! ```json\n{"units": [ oops' };
      const answer = wellFormed(seen.prompt) as { units: { id: string; kind?: string }[] };
      delete answer.units[0]!.kind; // a missing field, in every answer
      return { content: answer };
    });
    const { map } = await run("hybrid", {});
    const { labelCalls, segmentsIn } = labelling(server);
    // Malformed: every item is missing, so the whole batch is asked again; s1 then stays invalid.
    expect(labelCalls.length).toBe(2);
    expect(segmentsIn(1)).toBe(segmentsIn(0));
    expect(map.diagnostics.find((d) => d.rule === "llm/invalid-item")?.message).toMatch(/^1 /);
  });

  it("asks again for the posts of an invalid item only", async () => {
    server = await startServer((seen, n) => {
      if (!seen.prompt.includes("<candidates>")) return defaultScript(seen, n);
      const answer = wellFormed(seen.prompt) as { units: { id: string; kind?: string }[] };
      delete answer.units[0]!.kind;
      return { content: answer };
    });
    const { map } = await run("hybrid", {});
    const { labelCalls, segmentsIn } = labelling(server);
    expect(labelCalls.length).toBe(2);
    expect(segmentsIn(1)).toBeLessThan(segmentsIn(0));
    expect(map.units.filter((u) => !u.signals.includes("llm:claim")).length).toBe(1);
  });

  it("stops at --max-calls and keeps classic labels for the rest", async () => {
    server = await startServer();
    const { map, engine } = await run("hybrid", { maxCalls: 2, batchTokens: 120 });
    expect(server.seen.length).toBe(2);
    expect(rules(map)).toContain("llm/budget");
    expect(engine.usageReport()).toContain("budget reached");
  });

  it("plans calls in a dry run without a request", async () => {
    server = await startServer();
    const { map, engine } = await run("hybrid", { dryRun: true });
    expect(server.seen.length).toBe(0);
    expect(rules(map)).toContain("llm/dry-run");
    expect(engine.usageReport()).toMatch(/llm dry run label: 1 calls planned/);
  });
});

describe("key point names (name-key-points@2)", () => {
  const namePrompts = (s: TestServer) => s.seen.filter((x) => x.prompt.includes("<key-points>"));

  it("names the key points the classic matcher formed, keeping their ids, members and spans", async () => {
    server = await startServer();
    const plain = await run("hybrid", { keyPointNames: 0 });
    expect(namePrompts(server)).toHaveLength(0);
    const named = await run("hybrid", {});
    expect(namePrompts(server)).toHaveLength(1);
    expect(named.map.keyPoints.length).toBeGreaterThan(0);
    for (const k of named.map.keyPoints) expect(k.label).toMatch(/^Named point k\d+$/);
    // Everything but the name is what the classic matcher made.
    expect(named.map.keyPoints.map(({ label: _label, ...k }) => k)).toEqual(plain.map.keyPoints);
    const prompt = namePrompts(server)[0]!.prompt;
    for (const q of named.map.keyPoints[0]!.quotes)
      expect(prompt).toContain(q.text.replace(/\s+/g, " ").trim().slice(0, 40));
    const md = renderMarkdown(named.map);
    expect(md).toContain(`**${named.map.keyPoints[0]!.label!}**`);
    expect(named.engine.usageReport()).toMatch(/llm name: 1 calls, 0 cached, 0 retries/);
  });

  it("asks again for points left unnamed or named invalidly, then drops them with a diagnostic", async () => {
    server = await startServer((seen, n) =>
      seen.prompt.includes("<key-points>")
        ? {
            content: {
              points: [
                { id: "k1", name: "" },
                { id: "k999", name: "An invented point" },
              ],
            },
          }
        : defaultScript(seen, n),
    );
    const { map } = await run("hybrid", {});
    expect(namePrompts(server)).toHaveLength(2);
    expect(map.keyPoints.length).toBeGreaterThan(0);
    expect(map.keyPoints.every((k) => k.label === undefined)).toBe(true);
    const d = map.diagnostics.find((x) => x.rule === "llm/invalid-item" && x.stage === "name");
    expect(d?.message).toMatch(new RegExp(`^${map.keyPoints.length} name-key-points@2 items`));
    expect(JSON.stringify(map)).not.toContain("An invented point");
  });

  it("answers the names of a second run from the cache, and counts them in dry runs and budgets", async () => {
    server = await startServer();
    const path = join(mkdtempSync(join(tmpdir(), "argmap-llm-")), "llm.jsonl");
    await run("hybrid", { cache: fileCache(path) });
    const calls = server.seen.length;
    const second = await run("hybrid", { cache: fileCache(path) });
    expect(server.seen.length).toBe(calls);
    expect(second.engine.usageReport()).toMatch(/llm name: 0 calls, 1 cached/);
    expect(second.map.keyPoints.every((k) => k.label !== undefined)).toBe(true);
    const dry = await run("hybrid", { dryRun: true });
    expect(server.seen.length).toBe(calls);
    expect(dry.engine.usageReport()).toMatch(/llm dry run name: 1 calls planned/);
    expect(dry.map.keyPoints.every((k) => k.label === undefined)).toBe(true);
    const cut = await run("hybrid", { maxCalls: 2, cache: memoryCache() });
    expect(server.seen.length).toBe(calls + 2);
    expect(cut.map.keyPoints.every((k) => k.label === undefined)).toBe(true);
    expect(cut.map.diagnostics.some((x) => x.rule === "llm/budget" && x.stage === "name")).toBe(true);
  });
});

describe("llm engine", () => {
  it("drops quotes that do not align to the source and keeps every unit on its span", async () => {
    server = await startServer();
    const { map } = await run("llm", {});
    const d = map.diagnostics.find((x) => x.rule === "llm/ungrounded");
    expect(d?.message).toMatch(/^\d+ passages/);
    const text = map.sources[0]!.text;
    for (const u of map.units) expect(text.slice(...u.span)).toBe(u.text);
    expect(map.units.some((u) => u.kind === "claim")).toBe(true);
    expect(JSON.stringify(map)).not.toContain("Quantum pineapples");
  });
});

describe("dialects", () => {
  it("sends Ollama's format schema to /api/chat, detected from /api/version", async () => {
    server = await startServer((seen, n) =>
      seen.method === "GET" ? { raw: '{"version":"0.5"}' } : defaultScript(seen, n),
    );
    const { map } = await run("hybrid", { baseUrl: server.url, summaries: 0, keyPointNames: 0 });
    const post = server.seen.find((s) => s.method === "POST")!;
    expect(post.path).toBe("/api/chat");
    expect((post.body!.format as { type: string }).type).toBe("object");
    expect(map.units.every((u) => u.kind === "claim")).toBe(true);
  });

  it("sends llama.cpp's json_schema field, and JSON mode for the json dialect", async () => {
    server = await startServer();
    await run("hybrid", { dialect: "llamacpp", summaries: 0, keyPointNames: 0 });
    expect(server.seen[0]!.path).toBe("/v1/chat/completions");
    expect(server.seen[0]!.body!.json_schema).toBeTypeOf("object");
    server.seen.length = 0;
    await run("hybrid", { dialect: "json", summaries: 0, keyPointNames: 0, cache: memoryCache() });
    expect(server.seen[0]!.body!.response_format).toEqual({ type: "json_object" });
  });

  it("falls back from json_schema to JSON mode when the server rejects it", async () => {
    server = await startServer((seen, n) =>
      (seen.body!.response_format as { type: string }).type === "json_schema"
        ? { status: 400 }
        : defaultScript(seen, n),
    );
    const { map } = await run("hybrid", { summaries: 0, keyPointNames: 0 });
    expect(server.seen.map((s) => (s.body!.response_format as { type: string }).type)).toEqual([
      "json_schema",
      "json_object",
    ]);
    expect(map.units.every((u) => u.kind === "claim")).toBe(true);
  });
});

describe("errors never show the key", () => {
  it("names the URL on a refused key, without the key", async () => {
    server = await startServer(() => ({ status: 401 }));
    const error = await run("hybrid", {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(server.url);
    expect((error as Error).message).not.toContain(KEY);
  });

  it("says how to configure an engine without an endpoint or a model", async () => {
    await expect(resolveEngine("hybrid", {})).rejects.toThrow(/--base-url/);
    await expect(resolveEngine("llm", { baseUrl: "http://127.0.0.1:1/v1" })).rejects.toThrow(/--model/);
  });
});

describe("grounding", () => {
  const text = "We should tax carbon. It is “cheap”   and\nfair, economists say.";
  it("aligns exactly, then ignoring case, spaces and quote styles, then fuzzily", () => {
    expect(alignQuote(text, "tax carbon")).toEqual({ span: [10, 20], method: "exact", score: 1 });
    const n = alignQuote(text, 'it is "cheap" and fair')!;
    expect(n.method).toBe("normalized");
    expect(text.slice(...n.span)).toBe("It is “cheap”   and\nfair");
    const f = alignQuote(text, "It is cheap and fair, economists said")!;
    expect(f.method).toBe("fuzzy");
    expect(alignQuote(text, "Carbon taxes hurt the poor most")).toBeUndefined();
  });
});

describe("prompts", () => {
  it("renders label-thread@1 with tagged sections and local ids", async () => {
    const engine = await resolveEngine("classic");
    const map = await mapSources(
      [
        {
          name: "t.txt",
          text: "We should tax carbon. It is cheap.\n\nNo, it hurts the poor.",
          format: "thread-text",
        },
      ],
      { engine },
    );
    const batches = planBatches(map.sources[0]!, map.segments, 1000);
    const { prompt } = renderLabelThread(batches[0]!, map.sources[0]!.text, [
      { from: map.segments[1]!.id, to: map.segments[0]!.id },
    ]);
    expect(prompt.id).toBe("label-thread@1");
    expect(prompt.text).toMatchSnapshot();
  });

  it("renders name-key-points@2 with tagged sections, local ids and member quotes", () => {
    const { prompt, points } = renderNameKeyPoints([
      {
        id: "kp-a",
        text: "Carbon taxes are cheap.",
        members: 4,
        quotes: ["Carbon  taxes are\ncheap.", "It is cheap.", "Cheap   to run,\nreally."],
      },
      { id: "kp-b", text: "It hurts the poor.", members: 2, quotes: ["No, it hurts the poor."] },
    ]);
    expect(prompt.id).toBe("name-key-points@2");
    // The quote that is the point's own text (up to spacing) is not sent twice.
    expect(prompt.text.match(/Carbon taxes are cheap\./g)).toHaveLength(1);
    expect([...points]).toEqual([
      ["k1", "kp-a"],
      ["k2", "kp-b"],
    ]);
    expect(prompt.text).toMatchSnapshot();
  });
});

describe("CLI", () => {
  it("scores the hybrid engine end to end on web discourse and prints its usage (eval --engine)", async () => {
    server = await startServer();
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = "";
    let stderr = "";
    out.on("data", (c: Buffer) => (stdout += c.toString()));
    err.on("data", (c: Buffer) => (stderr += c.toString()));
    const data = new URL("../../src/eval/fixtures/web-discourse-mini", import.meta.url).pathname;
    const code = await main(
      [
        "eval",
        "web-discourse",
        "--data",
        data,
        "--folds",
        "3",
        "--system",
        "engine:hybrid",
        "--engine",
        "hybrid",
        "--base-url",
        `${server.url}/v1`,
        "--model",
        "test",
        "--llm-cache",
        "off",
        "--json",
      ],
      { stdout: out, stderr: err, stdin: new PassThrough(), env: {}, cwd: tmpdir() },
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { rows: { system: string; metrics: Record<string, number> }[] };
    // The server labels every segment a claim: 7 claim predictions (one inside a rebuttal discarded), 3 gold claims.
    const row = result.rows.find((r) => r.system === "engine:hybrid")!;
    expect(row.metrics.exact_Claim_P).toBeCloseTo(3 / 7, 12);
    expect(stderr).toMatch(/llm label: [1-9]\d* calls/);
  });

  it("maps a thread end to end with --engine hybrid and prints usage on stderr", async () => {
    server = await startServer();
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = "";
    let stderr = "";
    out.on("data", (c: Buffer) => (stdout += c.toString()));
    err.on("data", (c: Buffer) => (stderr += c.toString()));
    const cwd = mkdtempSync(join(tmpdir(), "argmap-cli-"));
    const file = join(cwd, "thread.txt");
    (await import("node:fs")).writeFileSync(file, THREAD);
    const code = await main(
      [
        "map",
        file,
        "--engine",
        "hybrid",
        "--base-url",
        `${server.url}/v1`,
        "--model",
        "test",
        "--format",
        "json",
      ],
      { stdout: out, stderr: err, stdin: new PassThrough(), env: { ARGMAP_API_KEY: KEY }, cwd },
    );
    expect(code).toBe(0);
    const map = JSON.parse(stdout) as ArgumentMap;
    expect(map.engine.name).toBe("hybrid");
    expect(map.arguments.some((a) => a.abstract)).toBe(true);
    expect(stderr).toMatch(/llm label: 1 calls/);
    expect(stdout + stderr).not.toContain(KEY);
    expect(readFileSync(join(cwd, ".argmap-cache/llm.jsonl"), "utf8").length).toBeGreaterThan(0);
  });
});
