/**
 * `argmap eval <task> --engine hybrid` for every task of the harness, against a real local
 * OpenAI-compatible server that labels every unit a claim, every candidate relation and every
 * reply an attack, and names key points "Named point kN". The engine row's scores must follow
 * from those answers, and a second run must be served from the cache.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readCdcp } from "../../src/datasets/cdcp.js";
import { readStanceCorpora } from "../../src/datasets/stance.js";
import { startServer, type TestServer } from "./llm-server.js";

const fixture = (name: string) => new URL(`../../src/eval/fixtures/${name}`, import.meta.url).pathname;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Row {
  system: string;
  metrics: Record<string, number>;
  details?: Record<string, unknown>;
}

async function evalHybrid(
  task: string,
  data: string,
  systems: string[],
  cache: string,
  extra: string[] = [],
) {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough();
  const err = new PassThrough();
  out.on("data", (c: Buffer) => (stdout += c.toString()));
  err.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await main(
    [
      "eval",
      task,
      "--data",
      data,
      ...systems.flatMap((s) => ["--system", s]),
      "--engine",
      "hybrid",
      "--base-url",
      `${server!.url}/v1`,
      "--model",
      "test",
      "--llm-cache",
      cache,
      "--json",
      ...extra,
    ],
    { stdout: out, stderr: err, stdin: new PassThrough(), env: {}, cwd: tmpdir() },
  );
  expect(code, stderr).toBe(0);
  const rows = (JSON.parse(stdout) as { rows: Row[] }).rows;
  return { rows, row: (name: string) => rows.find((r) => r.system === name)!.metrics, stderr, rows_: rows };
}

const freshCache = () => join(mkdtempSync(join(tmpdir(), "argmap-eval-cache-")), "llm.jsonl");

describe("eval --engine hybrid runs every task", () => {
  it("stance: the reply-to-parent stance is the LLM's (attack everywhere), and a re-run costs no call", async () => {
    server = await startServer();
    const cache = freshCache();
    const first = await evalHybrid("stance", fixture("stance-mini"), ["majority", "engine:hybrid"], cache);
    const calls = server.seen.length;
    expect(calls).toBeGreaterThan(0);
    // Every held-out reply is predicted "attack": accuracy is the share of attack among them.
    for (const corpus of readStanceCorpora(fixture("stance-mini"))) {
      const held = corpus.folds.flatMap((f) => f.test.map((i) => corpus.pairs[i]!.label));
      const attacks = held.filter((l) => l === "attack").length;
      expect(first.row("engine:hybrid")[`${corpus.name}_acc`]).toBeCloseTo(attacks / held.length, 12);
    }
    expect(first.stderr).toMatch(/llm label: [1-9]\d* calls/);
    const second = await evalHybrid("stance", fixture("stance-mini"), ["engine:hybrid"], cache);
    expect(server.seen.length).toBe(calls);
    expect(second.row("engine:hybrid")).toEqual(first.row("engine:hybrid"));
  });

  it("cdcp: every proposition a claim (value), no support link (all candidates attack)", async () => {
    server = await startServer();
    const { row } = await evalHybrid("cdcp", fixture("cdcp-mini"), ["engine:hybrid"], freshCache(), [
      "--folds",
      "3",
    ]);
    const docs = readCdcp(fixture("cdcp-mini"));
    const types = docs.flatMap((d) => d.props.map((p) => p.type));
    const m = row("engine:hybrid");
    expect(m.typeAccuracy).toBeCloseTo(types.filter((t) => t === "value").length / types.length, 12);
    expect(m.reasonR).toBe(0);
    expect(server.seen.length).toBeGreaterThan(0);
  });

  it("argkp: the hybrid engine's matcher is the classic one; the pipeline's key points carry the LLM's names", async () => {
    server = await startServer();
    const cache = freshCache();
    const kp = await evalHybrid("argkp", fixture("argkp-mini"), ["kp-shipped", "engine:hybrid"], cache);
    expect(kp.row("engine:hybrid").mapStrict).toBeCloseTo(kp.row("kp-shipped").mapStrict!, 12);
    const pipe = await evalHybrid("argkp-pipeline", fixture("argkp-mini"), ["engine:hybrid"], cache);
    const groups = (
      pipe.rows.find((r) => r.system === "engine:hybrid")!.details as {
        groups: { keyPoints: string[] }[];
      }
    ).groups;
    const names = groups.flatMap((g) => g.keyPoints);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^Named point k\d+$/);
    expect(server.seen.some((s) => s.prompt.includes("<key-points>"))).toBe(true);
  });
});
