/**
 * LLM endpoints that misbehave (issue 26), against a real local HTTP server: answers that are not
 * JSON or not of the schema, token usage that is not a count, answers that never end, and bodies
 * too large to hold. In each case the run finishes, says what happened, and keeps classic labels.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import { resolveEngine } from "../../src/engines/registry.js";
import type { LlmEngine } from "../../src/engines/llm/index.js";
import type { ArgumentMap } from "../../src/model/index.js";
import { defaultScript, startServer, type TestServer } from "./llm-server.js";

const THREAD = readFileSync(new URL("../fixtures/ingest-thread-basic.txt", import.meta.url), "utf8");
const input = { name: "thread.txt", text: THREAD, format: "thread-text" as const };
let server: TestServer | undefined;
let classicKinds: string[];

beforeAll(async () => {
  classicKinds = (await mapSources([input])).units.map((u) => u.kind);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(
  engine: string,
  config: Record<string, unknown>,
): Promise<{ map: ArgumentMap; engine: LlmEngine }> {
  const built = (await resolveEngine(engine, {
    baseUrl: `${server!.url}/v1`,
    model: "test",
    backoffMs: 1,
    timeoutMs: 2000,
    sleep: () => new Promise((r) => setTimeout(r, 1)),
    ...config,
  })) as LlmEngine;
  return { map: await mapSources([input], { engine: built }), engine: built };
}

const rules = (map: ArgumentMap) => map.diagnostics.map((d) => d.rule);
const extractCalls = (s: TestServer) => s.seen.filter((x) => x.prompt.includes("s1: ")).length;

describe("answers that are not JSON or not of the schema", () => {
  it.each([
    ["text that is not JSON", "I am sorry, I cannot help with that."],
    ["JSON of another schema", { verdict: "claims everywhere" }],
  ])(
    "llm engine: %s is asked again, reported, and every unit keeps its classic label",
    async (_, content) => {
      server = await startServer((seen, n) =>
        seen.prompt.includes("s1: ") && !seen.prompt.includes("<arguments>")
          ? { content }
          : defaultScript(seen, n),
      );
      const { map, engine } = await run("llm", { batchTokens: 100000 });
      expect(extractCalls(server)).toBe(2); // one batch, asked twice
      expect(rules(map)).toContain("llm/invalid-answer");
      expect(map.units.map((u) => u.kind)).toEqual(classicKinds);
      expect(engine.usageReport()).toMatch(/llm extract: 2 calls, 0 cached, 0 retries, 0 failed, 2 invalid/);
    },
  );

  it("hybrid engine: a reply that is not JSON is asked again, reported as invalid, and classic labels stand", async () => {
    server = await startServer((seen, n) =>
      seen.prompt.includes("<candidates>") ? { content: "no JSON here" } : defaultScript(seen, n),
    );
    const { map, engine } = await run("hybrid", { batchTokens: 100000 });
    expect(rules(map)).toContain("llm/invalid-item");
    expect(map.units.map((u) => u.kind)).toEqual(classicKinds);
    expect(engine.usageReport()).toMatch(/llm label: 2 calls, 0 cached, 0 retries, 0 failed, 2 invalid/);
  });
});

describe("token usage that is not a count", () => {
  it("counts negative or non-numeric usage as the estimate, so --max-cost still stops the run", async () => {
    const usage = { prompt_tokens: -14_000_000, completion_tokens: "lots" };
    server = await startServer((seen, n) => {
      const content = JSON.stringify((defaultScript(seen, n).content ?? {}) as object);
      return { raw: JSON.stringify({ choices: [{ message: { role: "assistant", content } }], usage }) };
    });
    // 1 per token: each labelling call costs hundreds, so a budget of 1,500 allows only a few.
    const { map, engine } = await run("hybrid", { batchTokens: 120, pricePrompt: 1e6, maxCost: 1500 });
    expect(rules(map)).toContain("llm/budget");
    const report = engine.usageReport();
    expect(report).toContain("budget reached");
    expect(report).not.toMatch(/-\d|lots/);
    const label = /llm label: (\d+) calls.* (\d+) prompt \+ (\d+) completion/.exec(report)!;
    expect(Number(label[1])).toBeGreaterThan(0);
    expect(Number(label[2])).toBeGreaterThan(0);
  });
});

describe("answers that never end or are too large", () => {
  it("stops all calls once --llm-timeout is spent and keeps classic labels, without waiting for each call", async () => {
    server = await startServer(() => ({ delayMs: 30_000, content: {} }));
    const { map, engine } = await run("hybrid", {
      runTimeoutMs: 300,
      timeoutMs: 20_000,
      retries: 4,
      batchTokens: 120,
    });
    // Only the first calls (two at a time) were sent; every later one failed at once.
    expect(server.seen.length).toBeLessThanOrEqual(2);
    expect(rules(map)).toContain("llm/call-failed");
    expect(map.units.map((u) => u.kind)).toEqual(classicKinds);
    expect(engine.usageReport()).toMatch(/llm label: \d+ calls, 0 cached, 0 retries, [1-9]\d* failed/);
  }, 20_000);

  it("fails a call whose body is over the cap like any other failed call, and the run goes on", async () => {
    const huge = "x".repeat(1 << 20);
    server = await startServer(() => ({
      raw: JSON.stringify({ choices: [{ message: { content: huge } }] }),
    }));
    const { map } = await run("hybrid", { maxResponseBytes: 64 * 1024, batchTokens: 100000 });
    expect(rules(map)).toContain("llm/call-failed");
    expect(map.units.map((u) => u.kind)).toEqual(classicKinds);
  });

  it("takes --llm-timeout in seconds on the command line", async () => {
    const { engineConfig } = await import("../../src/cli/engine-option.js");
    const io = { cwd: "/nonexistent", env: {} } as never;
    expect(engineConfig({ "llm-timeout": "90" }, io).runTimeoutMs).toBe(90_000);
  });
});
