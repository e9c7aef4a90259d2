import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../test/helpers.js";
import { SCRATCH_DIR_PATTERN, withScratchDir } from "./spill.js";
import { processAlive, removeStale } from "./temp-files.js";

/** The id of a process that has exited (and so owns nothing any more). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

/** Run an ES module body in a fresh Node process (TypeScript through tsx); its exit code. */
function runScript(dir: string, body: string): { code: number | null; stderr: string } {
  const file = join(dir, "script.mts");
  writeFileSync(file, body);
  const r = spawnSync(process.execPath, ["--import", "tsx", file], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

const src = (path: string) => pathToFileURL(`${repoRoot}src/${path}`).href;

describe("temporary files of a run", () => {
  it("removes what a killed run left behind, and never what a running one owns", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-temp-"));
    const dead = deadPid();
    expect(processAlive(dead)).toBe(false);
    mkdirSync(join(dir, `argmap-map-${dead}-abcdef`));
    mkdirSync(join(dir, `argmap-map-${process.pid}-ghijkl`));
    writeFileSync(join(dir, "argmap-map-notes.txt"), "");
    const removed = removeStale(dir, SCRATCH_DIR_PATTERN);
    expect(removed).toEqual([join(dir, `argmap-map-${dead}-abcdef`)]);
    expect(readdirSync(dir).sort()).toEqual([`argmap-map-${process.pid}-ghijkl`, "argmap-map-notes.txt"]);
  });

  it("removes a scratch folder a killed run left, when the next one starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-temp-"));
    const stale = join(dir, `argmap-map-${deadPid()}-abcdef`);
    mkdirSync(stale);
    writeFileSync(join(stale, "corpus.sqlite"), "x");
    const seen = await withScratchDir(
      async (scratch) => readdirSync(dir).filter((n) => join(dir, n) !== scratch),
      dir,
    );
    expect(seen).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes the -o temporary file on SIGTERM and keeps the old output", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-temp-"));
    const target = join(dir, "map.json");
    writeFileSync(target, "old map");
    const r = runScript(
      dir,
      `import { writeFileAtomic } from ${JSON.stringify(src("cli/output.ts"))};
async function* pieces() {
  yield "x".repeat(1 << 21);
  process.kill(process.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  yield "never";
}
await writeFileAtomic(${JSON.stringify(target)}, pieces());
`,
    );
    expect(r.code).toBe(143);
    expect(readdirSync(dir).sort()).toEqual(["map.json", "script.mts"]);
    expect(readFileSync(target, "utf8")).toBe("old map");
  });

  it("removes the spill folder on SIGINT", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-temp-"));
    const parent = join(dir, "tmp");
    mkdirSync(parent);
    const r = runScript(
      dir,
      `import { writeFileSync } from "node:fs";
import { withScratchDir } from ${JSON.stringify(src("cli/spill.ts"))};
await withScratchDir(async (scratch) => {
  writeFileSync(scratch + "/corpus.sqlite", "x");
  process.kill(process.pid, "SIGINT");
  await new Promise((resolve) => setTimeout(resolve, 20_000));
}, ${JSON.stringify(parent)});
`,
    );
    expect(r.code).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("has the next 'map -o' to the same file remove the temporary file of a killed one", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-temp-"));
    const target = join(dir, "map.md");
    const stale = join(dir, `.map.md.${deadPid()}.0badf00d.tmp`);
    const other = join(dir, `.other.md.${deadPid()}.0badf00d.tmp`);
    writeFileSync(stale, "half a map");
    writeFileSync(other, "not ours");
    const r = spawnSync(
      process.execPath,
      [
        `${repoRoot}bin/argmap.js`,
        "map",
        `${repoRoot}examples/essay-four-day-week.md`,
        "-f",
        "md",
        "-q",
        "-o",
        target,
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(target, "utf8")).toMatch(/^#/);
  });
});
