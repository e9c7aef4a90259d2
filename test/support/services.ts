/**
 * Test helper: throwaway PostgreSQL and Redis servers on 127.0.0.1, each on a free port with its
 * own temporary data directory, started by the test that needs them and removed afterwards.
 *
 * `.ci/run` installs Debian's `postgresql` and `redis-server`. Where they are missing (a
 * developer machine without them) `servicesMissing()` names what is missing so suites can skip
 * with that message; under CI=true a missing server is a failure, never a silent skip.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Service {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, "bin") : undefined;
}

function onPath(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** What is missing to run suites that need these servers (default both), or undefined when they are installed. */
export function servicesMissing(
  needs: readonly ("postgres" | "redis")[] = ["postgres", "redis"],
): string | undefined {
  const missing: string[] = [];
  if (needs.includes("postgres") && !postgresBin()) missing.push("postgresql (/usr/lib/postgresql/*/bin)");
  if (needs.includes("redis") && !onPath("redis-server")) missing.push("redis-server");
  if (missing.length === 0) return undefined;
  const why = `not installed: ${missing.join(", ")} (.ci/run installs them with apt-get)`;
  if (process.env.CI === "true") throw new Error(`service tests cannot run: ${why}`);
  return why;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: drop to the `postgres` user the Debian package creates. */
function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", cmd, ...args]];
}

function postgresUid(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

async function waitFor(
  check: () => boolean,
  what: string,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${log()}`);
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within 30 s: ${log()}`);
}

function stopChild(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null) return done();
    child.once("exit", done);
    child.kill("SIGINT"); // postgres: fast shutdown; redis: save nothing and exit
  });
}

/** A throwaway PostgreSQL cluster; `url` connects as superuser `postgres` to database `postgres`. */
export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error("postgresql is not installed");
  const dir = mkdtempSync(join(tmpdir(), "argmap-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asPostgresUser(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-h",
    "127.0.0.1",
    "-k",
    dir,
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
  ]);
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  await waitFor(
    () => /ready to accept connections/.test(log),
    "postgres",
    child,
    () => log,
  );
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop: () => stopChild(child, dir) };
}

/** A throwaway Redis server without persistence. */
export async function startRedis(): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), "argmap-redis-"));
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  await waitFor(
    () => /Ready to accept connections/i.test(log),
    "redis-server",
    child,
    () => log,
  );
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child, dir) };
}
