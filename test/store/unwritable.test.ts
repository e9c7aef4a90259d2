/**
 * The corpus on a file system that refuses writes: a read-only file, a read-only folder, a file
 * size limit (a full disk). Runs the built CLI as a user would; as root (where permissions do not
 * bind) the child runs without the capabilities that bypass them (`setpriv`), so it still reads
 * the checkout wherever it is (a fresh clone in a private temp folder is not readable by `nobody`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

const THREAD = path.join(repoRoot, "examples", "thread-car-free-downtowns.txt");
const ESSAY = path.join(repoRoot, "examples", "essay-four-day-week.md");
const asRoot = process.getuid?.() === 0;
const DROP_DAC = [
  "--bounding-set=-dac_override,-dac_read_search",
  "--inh-caps=-dac_override,-dac_read_search",
];
const posix = process.platform !== "win32";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-unwritable-"));
  fs.chmodSync(dir, 0o777);
});
afterEach(() => {
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Run the CLI; `unprivileged` drops root so file permissions apply; `shell` prefixes a ulimit. */
function cli(args: string[], opts: { unprivileged?: boolean; fileLimitKiB?: number } = {}) {
  const node = [process.execPath, path.join(repoRoot, "bin", "argmap.js"), ...args];
  const argv = opts.unprivileged && asRoot ? ["setpriv", ...DROP_DAC, ...node] : node;
  const options = { cwd: dir, encoding: "utf8" as const, timeout: 120_000 };
  const result =
    opts.fileLimitKiB !== undefined
      ? spawnSync("/bin/sh", ["-c", `ulimit -f ${opts.fileLimitKiB} && exec "$0" "$@"`, ...argv], options)
      : spawnSync(argv[0]!, argv.slice(1), options);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function expectCleanUserError(r: { code: number; stderr: string }, ...mentions: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^argmap: /);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  for (const m of mentions) expect(r.stderr).toContain(m);
}

describe.skipIf(!posix || !fs.existsSync(THREAD) || !fs.existsSync(ESSAY))(
  "a corpus the disk will not write",
  () => {
    it("refuses add on a read-only corpus file with a clear exit-2 error and leaves it unchanged", () => {
      const db = path.join(dir, "c.db");
      expect(cli(["add", THREAD, "--db", db]).code).toBe(0);
      fs.chmodSync(db, 0o444);
      const before = fs.readFileSync(db);
      const r = cli(["add", ESSAY, "--db", db], { unprivileged: true });
      expectCleanUserError(r, db, "read-only");
      expect(fs.readFileSync(db).equals(before)).toBe(true);
    });

    it("lists, searches and maps a read-only corpus in a read-only folder", () => {
      const db = path.join(dir, "c.db");
      expect(cli(["add", THREAD, "--db", db]).code).toBe(0);
      fs.chmodSync(db, 0o444);
      fs.chmodSync(dir, 0o555);
      const list = cli(["list", "--db", db], { unprivileged: true });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain("thread-car-free-downtowns.txt");
      const search = cli(["search", "parking", "--db", db], { unprivileged: true });
      expect(search.code, search.stderr).toBe(0);
      expect(search.stdout.length).toBeGreaterThan(0);
      const map = cli(["map", "--db", db, "-f", "json"], { unprivileged: true });
      expect(map.code, map.stderr).toBe(0);
      expect((JSON.parse(map.stdout) as { sources: unknown[] }).sources).toHaveLength(1);
      expect(fs.readdirSync(dir)).toEqual(["c.db"]); // nothing was created next to it
      expectCleanUserError(cli(["add", ESSAY, "--db", db], { unprivileged: true }), db, "read-only");
    });

    it("reports a write the disk refuses (file size limit) as a clear exit-2 error and keeps the stored sources", () => {
      const db = path.join(dir, "c.db");
      // --no-map: no stored map whose freed pages the next source could be written into.
      expect(cli(["add", THREAD, "--db", db, "--no-map"]).code).toBe(0);
      const size = Math.ceil(fs.statSync(db).size / 1024);
      // The file may not grow (nor its -wal file pass this size): the next source cannot be written.
      const r = cli(["add", ESSAY, "--db", db], { fileLimitKiB: size });
      expectCleanUserError(r, db, "intact");
      const list = cli(["list", "--db", db]);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain("thread-car-free-downtowns.txt");
      expect(list.stdout).not.toContain("essay-four-day-week.md");
    });
  },
);
