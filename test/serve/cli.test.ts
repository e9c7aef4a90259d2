/** `argmap serve` as a user runs it (built CLI): it listens, answers, and stops on SIGTERM with exit 0. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers.js";
import { openCorpus } from "../../src/store/index.js";
import { generatedPosts, SYNTHETIC_RUN, syntheticAnalysis } from "../store/synthetic.js";
import { request } from "./http.js";

/** Start `argmap serve` with these arguments; resolves to its URL and a stop that returns the exit code. */
async function startCli(
  args: string[],
): Promise<{ url: string; stop(): Promise<number | null>; stderr(): string }> {
  const child = spawn(process.execPath, [`${repoRoot}bin/argmap.js`, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    url,
    stderr: () => stderr,
    stop: () => {
      child.kill("SIGTERM");
      return exit;
    },
  };
}

describe("argmap serve", () => {
  it("maps the files, prints its address, serves them and stops cleanly on SIGTERM", async () => {
    const cli = await startCli([`${repoRoot}examples/thread-car-free-downtowns.txt`]);
    const url = cli.url;
    const res = await request(url, "/api/maps");
    expect(res.status).toBe(200);
    expect(res.json<{ maps: { name: string }[] }>().maps[0]!.name).toBe("thread-car-free-downtowns.txt");
    expect(await cli.stop()).toBe(0);
    expect(cli.stderr()).toContain("stopped");
  });

  it("serves a corpus with --db, searching it in worker threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-serve-cli-"));
    try {
      const db = join(dir, "c.db");
      const store = await openCorpus(db);
      const analysis = syntheticAnalysis("thread.txt", generatedPosts(7, 5));
      await store.putAnalysis(analysis, SYNTHETIC_RUN);
      await store.close();
      const cli = await startCli(["--db", db]);
      const word = analysis.units[2]!.text.match(/\d+x\d+x\d+/)![0];
      const res = await request(cli.url, `/api/search?q=${word}`);
      const body = res.json<{ engine: string; hits: { text: string }[] }>();
      expect(body.engine).toBe("store");
      expect(body.hits.length).toBeGreaterThan(0);
      expect(body.hits.every((h) => h.text.includes(word))).toBe(true);
      // No stored map: a small corpus gets one built at start-up.
      const maps = (await request(cli.url, "/api/maps")).json<{ maps: { name: string }[] }>().maps;
      expect(maps.map((m) => m.name)).toEqual(["corpus"]);
      expect(await cli.stop()).toBe(0);
      expect(cli.stderr()).not.toContain("no search workers");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to start with nothing to serve, a short token or a bad port (exit 2, one line)", () => {
    for (const args of [
      ["serve"],
      ["serve", "x.txt", "--host", "0.0.0.0", "--token", "short"],
      ["serve", "x.txt", "--port", "http"],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^argmap: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
