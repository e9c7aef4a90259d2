/**
 * The queue when Redis misbehaves (issue 26), with the built CLI against a real redis-server: a
 * worker stops within seconds of SIGTERM/SIGINT while Redis is down, idle or busy, and a
 * database number the server lacks is refused instead of silently using database 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers.js";
import { servicesMissing, startRedis } from "../support/services.js";

const missing = servicesMissing(["redis"]);
if (missing) console.warn(`skipping the queue fault tests: ${missing}`);
const tmp = mkdtempSync(join(tmpdir(), "argmap-queue-faults-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run a worker; resolves with its exit code, or "still running" when it outlives `ms` (then it is killed). */
function workerUntil(
  args: string[],
  onLine: (line: string, kill: (s: NodeJS.Signals) => void) => void,
  ms: number,
) {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "argmap.js"), "worker", ...args], {
    cwd: tmp,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let timer: NodeJS.Timeout | undefined;
  return new Promise<{ code: number | string | null; err: string }>((resolve) => {
    const kill = (s: NodeJS.Signals) => {
      child.kill(s);
      timer ??= setTimeout(() => {
        child.kill("SIGKILL");
        resolve({ code: "still running", err });
      }, ms);
    };
    child.stderr.on("data", (d: Buffer) => {
      const text = d.toString();
      err += text;
      for (const line of text.split("\n")) if (line) onLine(line, kill);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

describe.skipIf(missing !== undefined)("the queue under Redis faults", () => {
  it.each([
    ["idle", "SIGTERM"],
    ["idle", "SIGINT"],
    ["busy", "SIGTERM"],
  ] as const)(
    "a %s worker exits within seconds of %s while Redis is down",
    async (state, signal) => {
      const redis = await startRedis();
      const queue = ["--queue", redis.url, "--queue-name", `faults-${state}-${signal}`];
      if (state === "busy") {
        const thread = readFileSync(join(repoRoot, "examples", "thread-car-free-downtowns.txt"), "utf8");
        const files = [1, 2, 3].map((i) => {
          const file = join(tmp, `${state}-${signal}-${i}.txt`);
          writeFileSync(
            file,
            `${thread.repeat(20)}\n\nReader ${i}: buses must run every ${i + 4} minutes.\n`,
          );
          return file;
        });
        expect(runCli(["add", ...queue, ...files], { cwd: tmp }).code).toBe(0);
      }
      let stopped = false;
      const ready = state === "busy" ? /^processing / : /^worker on /;
      const result = await workerUntil(
        [...queue, "--db", join(tmp, `${state}-${signal}.db`)],
        (line, kill) => {
          if (stopped || !ready.test(line)) return;
          stopped = true;
          // Redis goes away, then the signal comes (twice, as an impatient user would for a busy one).
          void redis.stop().then(() => {
            kill(signal);
            if (state === "busy") setTimeout(() => kill(signal), 500);
          });
        },
        20_000,
      );
      expect(stopped).toBe(true);
      expect(result.code, result.err).toBe(0);
      expect(result.err).toMatch(/worker stopped: .*(Redis does not answer|stopped by force)/);
    },
    60_000,
  );

  it("refuses a Redis database number the server does not have, with exit 2", async () => {
    const redis = await startRedis();
    try {
      const file = join(tmp, "db42.txt");
      writeFileSync(file, "Cities should build bike lanes, because they save lives.\n");
      const r = runCli(["add", "--queue", `${redis.url}/42`, file], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^argmap: the Redis queue at ${redis.url}/42 has no database 42 \\(ERR DB index is out of range\\)`,
        ),
      );
      expect(r.stdout).not.toMatch(/enqueued/);
      expect(runCli(["add", "--queue", `${redis.url}/15`, file], { cwd: tmp }).code).toBe(0);
    } finally {
      await redis.stop();
    }
  }, 60_000);
});
