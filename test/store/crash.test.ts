/**
 * The store under real processes: SIGKILL at random moments while adding, and two processes
 * adding at once. The child is `add-driver.ts` (run with tsx), so these tests do not depend on
 * the CLI.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { seededRandom } from "./synthetic.js";

const DRIVER = fileURLToPath(new URL("./add-driver.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-crash-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Child {
  lines: string[];
  loaded: Promise<void>;
  ready: Promise<void>;
  go(): void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
}

function startDriver(
  db: string,
  prefix: string,
  first: number,
  count: number,
  opts: { names?: number; wait?: boolean } = {},
): Child {
  const args = [
    "--import",
    "tsx",
    DRIVER,
    db,
    prefix,
    String(first),
    String(count),
    ...(opts.names ? [String(opts.names)] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ARGMAP_DRIVER_WAIT: opts.wait ? "1" : "0" },
  });
  const lines: string[] = [];
  let buffer = "";
  let stderr = "";
  let onReady: () => void = () => {};
  let onLoaded: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const loaded = new Promise<void>((resolve) => (onLoaded = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      if (line === "ready") onReady();
      else if (line === "loaded") onLoaded();
      else lines.push(line);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) =>
      child.on("close", (code, signal) => {
        onLoaded();
        onReady();
        resolve({ code, signal, stderr });
      }),
  );
  return { lines, loaded, ready, done, go: () => child.stdin.end("go\n"), kill: () => child.kill("SIGKILL") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Check a corpus file the way the next `argmap add` would meet it; returns source id by name. */
async function checkCorpus(file: string): Promise<Map<string, string>> {
  // Opening through the store runs WAL recovery and its own quick_check.
  await (await openSqliteStore(file)).close();
  const db = new Database(file);
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    for (const fts of ["posts_fts", "units_fts", "key_points_fts"]) {
      expect(() => db.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`).run()).not.toThrow();
    }
    const sources = db.prepare("SELECT row, id, name, text FROM sources").all() as {
      row: number;
      id: string;
      name: string;
      text: string;
    }[];
    const count = (table: string, row: number) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE source_row = ?`).get(row) as { n: number }).n;
    const byName = new Map<string, string>();
    for (const s of sources) {
      // The driver's sources have posts separated by a blank line, 3 sentences each.
      const posts = s.text.split("\n\n").length;
      expect([
        s.name,
        count("posts", s.row),
        count("segments", s.row),
        count("units", s.row),
        count("relations", s.row),
      ]).toEqual([s.name, posts, 3 * posts, 3 * posts, posts - 1]);
      byName.set(s.name, s.id);
    }
    const stray = db
      .prepare(
        `SELECT (SELECT count(*) FROM posts WHERE source_row NOT IN (SELECT row FROM sources))
              + (SELECT count(*) FROM units WHERE source_row NOT IN (SELECT row FROM sources)) AS n`,
      )
      .get() as { n: number };
    expect(stray.n).toBe(0);
    return byName;
  } finally {
    db.close();
  }
}

describe("the SQLite store under crashes and concurrent writers", () => {
  it("stays consistent, with every source whole or absent, after 30 SIGKILLs at random moments", async () => {
    const file = path.join(dir, "crash.db");
    const rand = seededRandom(20260105);
    const acked = new Map<string, string[]>(); // name → ids acknowledged as committed, in order
    let killedWhileWriting = 0;
    // Each child is started (and loads its code) while the previous one runs; it opens the
    // corpus only when told to go.
    let next = startDriver(file, "crash", 0, 100_000, { names: 15, wait: true });
    for (let k = 0; k < 30; k++) {
      const child = next;
      await child.loaded;
      child.go();
      if (k < 29) next = startDriver(file, "crash", (k + 1) * 1000, 100_000, { names: 15, wait: true });
      // Most kills land while sources are being written; every sixth while opening the corpus.
      if (k % 6 === 5) await sleep(rand() * 40);
      else {
        await child.ready;
        await sleep(rand() * 350);
      }
      child.kill();
      const result = await child.done;
      expect(result.signal, result.stderr).toBe("SIGKILL");
      for (const line of child.lines) {
        const [, name, id] = line.split(" ");
        acked.set(name!, [...(acked.get(name!) ?? []), id!]);
      }
      if (child.lines.length > 0) killedWhileWriting++;

      const stored = await checkCorpus(file);
      for (const [name, ids] of acked) {
        const id = stored.get(name);
        // A name once committed is never lost: it holds the last acknowledged version or a newer
        // one whose acknowledgement the kill cut off, never an older one.
        expect(id, `${name} vanished after kill ${k}`).toBeDefined();
        expect(ids.slice(0, -1).filter((old) => old !== ids.at(-1))).not.toContain(id);
      }
    }
    expect(killedWhileWriting).toBeGreaterThanOrEqual(15);
  }, 120_000);

  it("loses nothing when two processes add sources at the same time", async () => {
    const file = path.join(dir, "concurrent.db");
    const n = 40;
    const a = startDriver(file, "left", 0, n);
    const b = startDriver(file, "right", 10_000, n);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, rb.code], ra.stderr + rb.stderr).toEqual([0, 0]);
    expect(a.lines).toHaveLength(n);
    expect(b.lines).toHaveLength(n);
    const stored = await checkCorpus(file);
    expect(stored.size).toBe(2 * n);
    for (const line of [...a.lines, ...b.lines]) {
      const [, name, id] = line.split(" ");
      expect(stored.get(name!)).toBe(id);
    }
  }, 60_000);
});
