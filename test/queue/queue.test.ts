/**
 * The job queue end to end: the real CLI (`bin/argmap.js`, built) against a throwaway Redis,
 * several worker processes writing one corpus. Every store-writing test runs once per store
 * target, so the same checks cover each backend.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Queue } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers.js";
import { freePort, servicesMissing, startPostgres, startRedis, type Service } from "../support/services.js";

/** A store the workers write to: `db` is what `--db` takes. */
interface StoreTarget {
  name: string;
  /** A fresh, empty corpus for one test. */
  create(label: string): Promise<{ db: string; dispose(): Promise<void> }>;
}

const tmp = mkdtempSync(join(tmpdir(), "argmap-queue-"));

let postgres: Service | undefined;

/** The store targets the queue tests run against: a SQLite file, and a new PostgreSQL database per test when PostgreSQL is installed. */
const allTargets: StoreTarget[] = [
  {
    name: "sqlite",
    create: (label) => Promise.resolve({ db: join(tmp, `${label}.db`), dispose: () => Promise.resolve() }),
  },
  {
    name: "postgres",
    async create(label) {
      postgres ??= await startPostgres();
      const name = `q_${label.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return { db: postgres.url.replace(/\/postgres$/, `/${name}`), dispose: () => Promise.resolve() };
    },
  },
];

const missing = servicesMissing(["redis"]);
if (missing) console.warn(`skipping the queue tests: ${missing}`);
const noPostgres = servicesMissing(["postgres"]);
if (noPostgres && !missing) console.warn(`queue tests store into SQLite only: ${noPostgres}`);
const targets = allTargets.filter((t) => t.name !== "postgres" || !noPostgres);

/** Distinct sources built from the shipped examples: each a thread with one post of its own. */
function writeSources(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const thread = readFileSync(join(repoRoot, "examples", "thread-car-free-downtowns.txt"), "utf8").trimEnd();
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(dir, `thread-${i}.txt`);
    const own = `Reader ${i}: I think the buses must run every ${i + 4} minutes, because people will not wait longer.`;
    writeFileSync(file, `${thread}\n\n${own}\n`);
    files.push(file);
  }
  return files;
}

/** A worker process, its output collected as it comes. */
interface WorkerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal) when it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function startWorker(args: string[]): WorkerProcess {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "argmap.js"), "worker", ...args], {
    cwd: tmp,
    env: { ...process.env, NO_COLOR: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = err.match(waiters[i]!.pattern);
      if (m) waiters.splice(i, 1)[0]!.resolve(m);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) => {
      const m = err.match(pattern);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker did not print ${String(pattern)} within ${timeoutMs} ms: ${err}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (match) => {
            clearTimeout(timer);
            resolve(match);
          },
        });
      });
    },
  };
}

interface StatusJson {
  queue: string;
  queued: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
  failedJobs: { id: string; name: string; reason: string; attempts: number }[];
}

describe.skipIf(missing !== undefined)("the job queue (Redis + BullMQ)", () => {
  let redis: Service;
  let queueCount = 0;
  /** A queue of its own for each test, on the one Redis. */
  const freshQueue = () => ["--queue", redis.url, "--queue-name", `q${++queueCount}`];
  const status = (queue: string[]): StatusJson => {
    const r = runCli(["status", ...queue, "--json"], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as StatusJson;
  };
  const storedIds = (db: string): string[] => {
    const r = runCli(["list", "--db", db, "--format", "json"], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { id: string }[]).map((s) => s.id);
  };

  beforeAll(async () => {
    redis = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    await postgres?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("enqueues one job per source, keyed by content, and never the same content twice", () => {
    const queue = freshQueue();
    const files = writeSources(join(tmp, "idempotent"), 3);
    const first = runCli(["add", ...queue, ...files], { cwd: tmp });
    expect(first.code, first.stderr).toBe(0);
    const queued = [...first.stdout.matchAll(/^queued thread-\d\.txt \((src-[0-9a-f]+)\)$/gm)].map(
      (m) => m[1],
    );
    expect(queued).toHaveLength(3);
    expect(new Set(queued).size).toBe(3);
    // The same files again, and a copy of one under another name: same content, same job.
    const copy = join(tmp, "idempotent", "copy-of-1.txt");
    writeFileSync(copy, readFileSync(files[0]!));
    const again = runCli(["add", ...queue, ...files, copy], { cwd: tmp });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/^queued/m);
    expect(again.stdout.match(/^already queued /gm)).toHaveLength(4);
    expect(again.stdout).toContain(`(${queued[0]!})`);
    const s = status(queue);
    expect([s.queued, s.active, s.completed, s.failed]).toEqual([3, 0, 0, 0]);
  });

  describe.each(targets)("storing into $name", (target) => {
    it("survives a worker killed mid-job: every source stored exactly once, the same map as one process", async () => {
      const queue = freshQueue();
      const files = writeSources(join(tmp, `kill-${target.name}`), 8);
      const enqueued = runCli(["add", ...queue, ...files], { cwd: tmp });
      expect(enqueued.code, enqueued.stderr).toBe(0);
      const store = await target.create(`kill-${target.name}`);
      try {
        const args = [...queue, "--db", store.db, "--lock-ms", "2000", "--until-empty"];
        const victim = startWorker(args);
        const survivor = startWorker(args);
        // Kill the first worker as soon as it starts analysing a source.
        const [, killedId] = await victim.waitFor(/^processing \S+ \((src-[0-9a-f]+)\)/m);
        victim.child.kill("SIGKILL");
        expect((await victim.exited).signal).toBe("SIGKILL");
        const end = await survivor.exited;
        expect(end.code, survivor.stderr()).toBe(0);
        // The survivor took the dead worker's job over after its lock expired.
        expect(survivor.stdout() + survivor.stderr()).toContain(`(${killedId!})`);

        const s = status(queue);
        expect([s.queued, s.delayed, s.active, s.completed, s.failed]).toEqual([0, 0, 0, 8, 0]);
        const ids = storedIds(store.db);
        expect(ids).toHaveLength(8);
        expect(new Set(ids).size).toBe(8);
        // Completed jobs keep their id and a marker, not the source's text: Redis does not grow
        // with the corpus.
        const raw = new Queue(queue[3]!, { connection: { host: "127.0.0.1", port: redis.port } });
        try {
          for (const id of ids) {
            const job = await raw.getJob(id);
            expect(job?.data).toEqual({
              stored: true,
              source: { id, name: expect.stringMatching(/^thread-\d\.txt$/) as string },
              posts: expect.any(Number) as number,
            });
            expect(JSON.stringify(job?.data)).not.toContain("buses must run");
          }
        } finally {
          await raw.close();
        }

        // One process, the same sources in the order the workers stored them.
        const byId = new Map<string, string>();
        for (const m of enqueued.stdout.matchAll(/^queued (\S+) \((src-[0-9a-f]+)\)$/gm))
          byId.set(m[2]!, join(tmp, `kill-${target.name}`, m[1]!));
        const reference = join(tmp, `kill-${target.name}-reference.db`);
        const single = runCli(["add", "--db", reference, ...ids.map((id) => byId.get(id)!)], { cwd: tmp });
        expect(single.code, single.stderr).toBe(0);
        expect(storedIds(reference)).toEqual(ids);
        const exported = (db: string) => {
          const r = runCli(["export", "--db", db, "--format", "json"], { cwd: tmp });
          expect(r.code, r.stderr).toBe(0);
          return JSON.parse(r.stdout) as unknown;
        };
        expect(exported(store.db)).toEqual(exported(reference));
      } finally {
        await store.dispose();
      }
    }, 180_000);

    it.each(["SIGTERM", "SIGINT"] as const)(
      "on %s finishes the job in hand, exits 0 and leaves the rest queued",
      async (signal) => {
        const queue = freshQueue();
        const files = writeSources(join(tmp, `${signal}-${target.name}`), 4);
        expect(runCli(["add", ...queue, ...files], { cwd: tmp }).code).toBe(0);
        const store = await target.create(`${signal}-${target.name}`);
        try {
          const worker = startWorker([...queue, "--db", store.db]);
          const [, id] = await worker.waitFor(/^processing \S+ \((src-[0-9a-f]+)\)/m);
          worker.child.kill(signal);
          const end = await worker.exited;
          expect(end.code, worker.stderr()).toBe(0);
          expect(worker.stdout()).toMatch(new RegExp(`^added \\S+ \\(${id!}\\)`, "m"));
          const s = status(queue);
          const done = storedIds(store.db);
          expect(done).toContain(id);
          expect(s.completed).toBe(done.length);
          expect(s.active).toBe(0);
          expect(s.queued).toBe(4 - done.length);
          expect(s.queued).toBeGreaterThan(0); // it stopped instead of emptying the queue
        } finally {
          await store.dispose();
        }
      },
      120_000,
    );

    it("puts a source that fails every attempt on the failed list with its reason, and re-queues it on request", async () => {
      const queue = freshQueue();
      const dir = join(tmp, `dead-${target.name}`);
      const [good] = writeSources(dir, 1);
      const poison = join(dir, "poison.txt");
      writeFileSync(poison, "This post mentions POISON, which the test engine refuses to read.\n");
      const engine = join(dir, "refusing-engine.mjs");
      const toy = pathToFileURL(join(repoRoot, "test", "engines", "toy-engine.mjs")).href;
      writeFileSync(
        engine,
        `import { toyEngine } from ${JSON.stringify(toy)};\n` +
          `export default {\n` +
          `  ...toyEngine,\n` +
          `  name: "refusing",\n` +
          `  async extract(input, ctx) {\n` +
          `    if (input.sources.some((s) => s.text.includes("POISON"))) throw new Error("refusing engine: cannot read POISON");\n` +
          `    return toyEngine.extract(input, ctx);\n` +
          `  },\n` +
          `};\n`,
      );
      const added = runCli(["add", ...queue, "--attempts", "3", "--backoff", "50", good!, poison], {
        cwd: tmp,
      });
      expect(added.code, added.stderr).toBe(0);
      const poisonId = /^queued poison\.txt \((src-[0-9a-f]+)\)$/m.exec(added.stdout)![1]!;
      // A job some other producer put there that is not an analysis job: no retry can fix it.
      const raw = new Queue(queue[3]!, { connection: { host: "127.0.0.1", port: redis.port } });
      await raw.add("analyse", { hello: "world" }, { jobId: "not-a-source", attempts: 3 });
      // A job whose data was already slimmed to the stored marker (its worker died right after)
      // completes without work.
      const marker = { stored: true, source: { id: "src-0123456789ab", name: "gone.txt" }, posts: 2 };
      await raw.add("analyse", marker, { jobId: "src-0123456789ab", attempts: 3 });
      await raw.close();
      const store = await target.create(`dead-${target.name}`);
      try {
        const worker = startWorker([...queue, "--db", store.db, "--engine", engine, "--until-empty"]);
        const end = await worker.exited;
        expect(end.code, worker.stderr()).toBe(0);
        expect(worker.stderr().match(/^will retry poison\.txt/gm)).toHaveLength(2);
        expect(worker.stderr()).toMatch(
          /^failed poison\.txt .* after attempt 3: refusing engine: cannot read POISON$/m,
        );

        expect(worker.stdout()).toMatch(/^unchanged gone\.txt \(src-0123456789ab\)/m);
        const s = status(queue);
        expect([s.queued, s.delayed, s.active, s.completed, s.failed]).toEqual([0, 0, 0, 2, 2]);
        expect(s.failedJobs.find((j) => j.id === "not-a-source")).toMatchObject({
          reason: expect.stringMatching(
            /^job not-a-source is not an argmap analysis job: source: /,
          ) as string,
          attempts: 1,
        });
        expect(s.failedJobs.filter((j) => j.id !== "not-a-source")).toEqual([
          {
            id: poisonId,
            name: "poison.txt",
            reason: "refusing engine: cannot read POISON",
            attempts: 3,
            failedAt: expect.any(String) as string,
          },
        ]);
        expect(storedIds(store.db)).toHaveLength(1);
        const text = runCli(["status", ...queue], { cwd: tmp });
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/^completed\s+2$/m);
        expect(text.stdout).toMatch(/^failed\s+2$/m);
        expect(text.stdout).toContain(
          `${poisonId} poison.txt: refusing engine: cannot read POISON (3 attempts`,
        );

        const again = runCli(["add", ...queue, good!, poison], { cwd: tmp });
        expect(again.stdout).toMatch(/^already done thread-1\.txt/m);
        expect(again.stdout).toMatch(
          /^requeued poison\.txt .*: it had failed \(refusing engine: cannot read POISON\)$/m,
        );
        const after = status(queue);
        expect([after.queued + after.delayed, after.failed]).toEqual([1, 1]);
      } finally {
        await store.dispose();
      }
    }, 120_000);
  });

  it("reports an unreachable Redis in one line, password redacted, exit 2, without hanging", async () => {
    const port = await freePort(); // nothing listens there
    const url = `redis://someone:s3cret-pw@127.0.0.1:${port}`;
    const files = writeSources(join(tmp, "unreachable"), 1);
    for (const args of [
      ["status", "--queue", url],
      ["add", "--queue", url, ...files],
      ["worker", "--queue", url, "--db", join(tmp, "unreachable.db")],
    ]) {
      const t0 = Date.now();
      const r = runCli(args, { cwd: tmp });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(
        `argmap: cannot reach the Redis queue at redis://***@127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). ` +
          "Is redis-server running there, and is the URL right?\n",
      );
      expect(r.stdout).toBe("");
      expect(Date.now() - t0).toBeLessThan(60_000); // bounded by the connect timeout, not forever
    }
    const bad = runCli(["status", "--queue", "http://127.0.0.1:6379"], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^argmap: --queue 'http:\/\/127\.0\.0\.1:6379' is not a Redis URL/);
    const none = runCli(["worker", "--db", "x.db"], { cwd: tmp });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("needs --queue");
  }, 120_000);
});
