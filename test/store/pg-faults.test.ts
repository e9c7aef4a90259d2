/**
 * PostgreSQL faults as the CLI meets them (issue 26), on a real server: a statement timeout, a
 * backend terminated mid-`add`, and an sslmode pg would warn about at length. Each ends in one
 * exit-2 line naming the store and what was kept (after a retry where that is safe), never a
 * stack or an unhandled 'error' event.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { pgQuery, STORE_TARGETS } from "./targets.js";

const target = STORE_TARGETS.find((t) => t.name === "postgres")!;
const ESSAY = fileURLToPath(new URL("../../examples/essay-four-day-week.md", import.meta.url));
const THREAD = fileURLToPath(new URL("../../examples/thread-car-free-downtowns.txt", import.meta.url));
let dir: string;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir });
  return { code, out, err };
}

/** Another session holding an exclusive lock on the schema table, so argmap's first read waits. */
async function lockSchema(url: string): Promise<pg.Client> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query("BEGIN");
  await other.query("LOCK TABLE argmap_schema IN ACCESS EXCLUSIVE MODE");
  return other;
}

/** Terminate argmap's backend once it waits for a lock; resolves when one was terminated. */
async function terminateWaitingArgmap(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await pgQuery<{ ok: boolean }>(
      url,
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE application_name = 'argmap' AND wait_event_type = 'Lock'`,
    );
    if (rows.some((r) => r.ok)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("argmap never waited for the lock");
}

const sources = async (url: string) =>
  (await pgQuery<{ n: number }>(url, "SELECT count(*)::int AS n FROM sources"))[0]!.n;

describe.skipIf(target.missing)("PostgreSQL faults in the CLI", () => {
  beforeAll(async () => {
    await target.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-pg-faults-"));
  }, 60_000);
  afterAll(async () => {
    await target.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reports a statement timeout as one exit-2 line naming the store and what was kept, after retrying", async () => {
    const url = await target.fresh();
    expect((await run("add", THREAD, "--db", url)).code).toBe(0);
    const other = await lockSchema(url);
    try {
      const { code, err } = await run("add", ESSAY, "--db", `${url}?options=-c%20statement_timeout%3D50`);
      expect(code).toBe(2);
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err).toMatch(
        /^argmap: postgres:\/\/\S+: the PostgreSQL corpus failed a statement: canceling statement due to statement timeout \(57014\)\. This change was rolled back; everything stored before it is kept/,
      );
    } finally {
      await other.end();
    }
    expect(await sources(url)).toBe(1);
  }, 60_000);

  it("retries an add whose backend was terminated, and stores the source", async () => {
    const url = await target.fresh();
    expect((await run("add", THREAD, "--db", url)).code).toBe(0);
    const other = await lockSchema(url);
    const added = run("add", ESSAY, "--db", url);
    await terminateWaitingArgmap(url);
    await other.query("COMMIT");
    await other.end();
    const { code, err } = await added;
    expect(err).not.toMatch(/internal error|Unhandled|\n\s+at /);
    expect(code).toBe(0);
    expect(await sources(url)).toBe(2);
  }, 60_000);

  it("gives up on a backend terminated again and again with one exit-2 line, keeping what was stored", async () => {
    const url = await target.fresh();
    expect((await run("add", THREAD, "--db", url)).code).toBe(0);
    const other = await lockSchema(url);
    try {
      const added = run("add", ESSAY, "--db", url);
      for (let i = 0; i < 3; i++) await terminateWaitingArgmap(url);
      const { code, err } = await added;
      expect(code).toBe(2);
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err).toMatch(
        /^argmap: postgres:\/\/\S+: lost the connection to this PostgreSQL corpus: terminating connection due to administrator command \(57P01\)\. This change was rolled back; everything stored before it is kept/,
      );
    } finally {
      await other.end();
    }
    expect(await sources(url)).toBe(1);
  }, 60_000);

  it("says in one line how sslmode=require is applied, instead of pg's SECURITY WARNING", async () => {
    const url = await target.fresh();
    const warn = vi.spyOn(process, "emitWarning");
    try {
      const { code, err } = await run("list", "--db", `${url}?sslmode=require`);
      expect(code).toBe(2);
      expect(warn.mock.calls.filter((c) => String(c[0]).includes("SECURITY WARNING"))).toEqual([]);
      const lines = err.trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^argmap: warning: postgres:\/\/\S+: sslmode=require is applied as verify-full by the pg driver/,
      );
      expect(lines[1]).toMatch(/does not support SSL/);
    } finally {
      warn.mockRestore();
    }
  }, 60_000);
});
