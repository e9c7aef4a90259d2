/**
 * Queue-mode benchmark: posts/s through `argmap add --queue` + `argmap worker` with 1 and 2 worker
 * processes against a throwaway Redis, next to plain `argmap add` (one process, no queue) on the
 * same sources in the same run. Needs `npm run build` (it runs the real CLI) and `redis-server`.
 *
 * Sources are threads built from the shipped example thread, each with a post of its own (new
 * content, so nothing is skipped as unchanged). The store is a parameter: `--store sqlite`
 * (default) or `--store postgres` (a throwaway server from `startPostgres()`; reported as skipped
 * while `openCorpus` has no PostgreSQL store).
 *
 *   npx tsx bench/queue.ts [--sources 40] [--workers 1,2] [--store sqlite|postgres]
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { openCorpus } from "../src/store/index.js";
import { servicesMissing, startPostgres, startRedis, type Service } from "../test/support/services.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(repo, "bin", "argmap.js");

export interface QueueBenchRow {
  mode: string;
  workers: number;
  seconds: number;
  postsPerSecond: number;
  /** Wall time including worker start-up (engine load) and the idle check at the end. */
  wallSeconds: number;
  /** Redis memory in use after this step (`used_memory`), in MB. */
  redisMB?: number;
}

export interface QueueBenchResult {
  store: string;
  sources: number;
  posts: number;
  rows: QueueBenchRow[];
  skipped?: string;
}

function writeSources(dir: string, count: number): string[] {
  const thread = fs
    .readFileSync(path.join(repo, "examples", "thread-car-free-downtowns.txt"), "utf8")
    .trimEnd();
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = path.join(dir, `thread-${i}.txt`);
    fs.writeFileSync(
      file,
      `${thread}\n\nReader ${i}: the buses must run every ${i} minutes or nobody will ride.\n`,
    );
    files.push(file);
  }
  return files;
}

/** Posts stored, from `add`'s "added <name> (<id>): N posts" lines. */
function postsIn(addOutput: string): number {
  let posts = 0;
  for (const m of addOutput.matchAll(/^added .*: (\d+) posts/gm)) posts += Number(m[1]);
  return posts;
}

function run(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`argmap ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Run `count` workers until the queue is empty; seconds from the first job start to the last result. */
async function runWorkers(
  count: number,
  args: string[],
  cwd: string,
): Promise<{ seconds: number; wall: number }> {
  const t0 = performance.now();
  let firstStart = Infinity;
  let lastDone = 0;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [cli, "worker", ...args, "--until-empty"], { cwd });
          child.stderr.on("data", (d: Buffer) => {
            if (/^processing /m.test(d.toString())) firstStart = Math.min(firstStart, performance.now());
          });
          child.stdout.on("data", (d: Buffer) => {
            if (/^(added|replaced) /m.test(d.toString())) lastDone = Math.max(lastDone, performance.now());
          });
          child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
        }),
    ),
  );
  return { seconds: (lastDone - firstStart) / 1000, wall: (performance.now() - t0) / 1000 };
}

/** Redis `used_memory` in MB: what the queue's jobs hold (completed jobs keep only a marker). */
async function redisMegabytes(port: number): Promise<number> {
  const queue = new Queue("bench-probe", { connection: { host: "127.0.0.1", port } });
  try {
    const info = await (await queue.client).info();
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN) / 1e6;
  } finally {
    await queue.close();
  }
}

export async function benchQueue(
  options: { sources?: number; workers?: number[]; store?: "sqlite" | "postgres" } = {},
): Promise<QueueBenchResult> {
  const storeKind = options.store ?? "sqlite";
  const count = options.sources ?? 40;
  const missing = servicesMissing();
  if (missing) return { store: storeKind, sources: count, posts: 0, rows: [], skipped: missing };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-bench-queue-"));
  const services: Service[] = [];
  try {
    const files = writeSources(dir, count);
    const redis = await startRedis();
    services.push(redis);
    let pg: Service | undefined;
    if (storeKind === "postgres") {
      pg = await startPostgres();
      services.push(pg);
      // Until the PostgreSQL store is in openCorpus, its placeholder refuses: report, not fail.
      try {
        await (await openCorpus(pg.url)).close();
      } catch (error) {
        const why = `the PostgreSQL store cannot be opened: ${(error as Error).message}`;
        return { store: storeKind, sources: count, posts: 0, rows: [], skipped: why };
      }
    }
    /** A fresh, empty corpus per run: a SQLite file, or a new PostgreSQL database. */
    const target = async (label: string): Promise<string> => {
      if (!pg) return path.join(dir, `${label}.db`);
      const { default: pgClient } = await import("pg");
      const client = new pgClient.Client({ connectionString: pg.url });
      await client.connect();
      await client.query(`CREATE DATABASE "${label}"`);
      await client.end();
      return pg.url.replace(/\/[^/]*$/, `/${label}`);
    };
    const rows: QueueBenchRow[] = [];

    const t0 = performance.now();
    const posts = postsIn(run(["add", "--db", path.join(dir, "plain.db"), ...files], dir));
    const plain = (performance.now() - t0) / 1000;
    rows.push({
      mode: "add (no queue)",
      workers: 1,
      seconds: plain,
      postsPerSecond: posts / plain,
      wallSeconds: plain,
    });

    for (const w of options.workers ?? [1, 2]) {
      const queue = ["--queue", redis.url, "--queue-name", `bench-${w}`];
      const t1 = performance.now();
      run(["add", ...queue, ...files], dir);
      const enqueue = (performance.now() - t1) / 1000;
      rows.push({
        mode: "enqueue",
        workers: 0,
        seconds: enqueue,
        postsPerSecond: posts / enqueue,
        wallSeconds: enqueue,
        redisMB: await redisMegabytes(redis.port),
      });
      const r = await runWorkers(w, [...queue, "--db", await target(`workers_${w}`)], dir);
      rows.push({
        mode: "worker",
        workers: w,
        seconds: r.seconds,
        postsPerSecond: posts / r.seconds,
        wallSeconds: r.wall,
        redisMB: await redisMegabytes(redis.port),
      });
    }
    return { store: storeKind, sources: count, posts, rows };
  } finally {
    for (const s of services.reverse()) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { sources: { type: "string" }, workers: { type: "string" }, store: { type: "string" } },
  });
  const store = values.store === "postgres" ? "postgres" : "sqlite";
  const result = await benchQueue({
    ...(values.sources ? { sources: Number(values.sources) } : {}),
    ...(values.workers ? { workers: values.workers.split(",").map(Number) } : {}),
    store,
  });
  console.log(JSON.stringify(result));
}
