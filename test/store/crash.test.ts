/**
 * Every store (SQLite and PostgreSQL, `./targets.ts`) under real processes: SIGKILL at random
 * moments while adding, and four processes adding the same and different sources at once. The
 * child is `add-driver.ts` (run with tsx), so these tests do not depend on the CLI.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "./synthetic.js";
import type { StoreTarget } from "./targets.js";
import { STORE_TARGETS } from "./targets.js";

const DRIVER = fileURLToPath(new URL("./add-driver.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));

interface Child {
  lines: string[];
  loaded: Promise<void>;
  ready: Promise<void>;
  /** Resolves at the first acknowledged commit (or when the child ends). */
  firstAck: Promise<void>;
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
  let onAck: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (onAck = resolve));
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const loaded = new Promise<void>((resolve) => (onLoaded = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      if (line === "ready") onReady();
      else if (line === "loaded") onLoaded();
      else {
        lines.push(line);
        onAck();
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) =>
      child.on("close", (code, signal) => {
        onLoaded();
        onReady();
        onAck();
        resolve({ code, signal, stderr });
      }),
  );
  return {
    lines,
    loaded,
    ready,
    firstAck,
    done,
    go: () => child.stdin.end("go\n"),
    kill: () => child.kill("SIGKILL"),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Check a corpus the way the next `argmap add` would meet it; returns source id by name. */
async function checkCorpus(target: StoreTarget, corpus: string): Promise<Map<string, string>> {
  const inspected = await target.inspect(corpus);
  expect(inspected.stray).toBe(0);
  const byName = new Map<string, string>();
  for (const s of inspected.sources) {
    // The driver's sources have posts separated by a blank line, 3 sentences each.
    const posts = s.text.split("\n\n").length;
    expect([s.name, s.posts, s.segments, s.units, s.relations]).toEqual([
      s.name,
      posts,
      3 * posts,
      3 * posts,
      posts - 1,
    ]);
    expect(byName.has(s.name), `${s.name} stored twice`).toBe(false);
    byName.set(s.name, s.id);
  }
  return byName;
}

describe.each(STORE_TARGETS)("the $name store under crashes and concurrent writers", (target) => {
  beforeAll(async () => {
    if (!target.missing) await target.start();
  }, 60_000);
  afterAll(() => target.stop());

  it.skipIf(target.missing)(
    "stays consistent, with every source whole or absent, after 30 SIGKILLs at random moments",
    async () => {
      const file = await target.fresh();
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
        // Most kills land while sources are being written (after a first commit, so a slow
        // machine's start-up does not eat the window); every sixth while opening the corpus.
        if (k % 6 === 5) await sleep(rand() * 40);
        else {
          await child.firstAck;
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

        const stored = await checkCorpus(target, file);
        for (const [name, ids] of acked) {
          const id = stored.get(name);
          // A name once committed is never lost: it holds the last acknowledged version or a newer
          // one whose acknowledgement the kill cut off, never an older one.
          expect(id, `${name} vanished after kill ${k}`).toBeDefined();
          expect(ids.slice(0, -1).filter((old) => old !== ids.at(-1))).not.toContain(id);
        }
      }
      expect(killedWhileWriting).toBeGreaterThanOrEqual(15);
    },
    240_000,
  );

  it.skipIf(target.missing)(
    "stores each source exactly once when four processes add the same and different sources at once",
    async () => {
      const file = await target.fresh();
      const n = 30;
      // Two pairs: each pair adds the same sources (same names, same content) at the same time.
      const drivers = [
        startDriver(file, "left", 0, n),
        startDriver(file, "right", 10_000, n),
        startDriver(file, "left", 0, n),
        startDriver(file, "right", 10_000, n),
      ];
      const results = await Promise.all(drivers.map((d) => d.done));
      expect(
        results.map((r) => r.code),
        results.map((r) => r.stderr).join(""),
      ).toEqual([0, 0, 0, 0]);
      for (const d of drivers) expect(d.lines).toHaveLength(n);
      const stored = await checkCorpus(target, file);
      expect(stored.size).toBe(2 * n);
      for (const d of drivers)
        for (const line of d.lines) {
          const [, name, id] = line.split(" ");
          expect(stored.get(name!)).toBe(id);
        }
      // The next add after all of them succeeds.
      const next = startDriver(file, "after", 50_000, 1);
      expect((await next.done).code).toBe(0);
      expect((await checkCorpus(target, file)).size).toBe(2 * n + 1);
    },
    240_000,
  );
});
