/**
 * `--jobs` and streamed JSONL through the built CLI: the map is byte-for-byte the same on one and
 * on two worker threads, for a folder of sources and for a large JSONL thread read in parts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { documentFixtures, repoRoot, runCli } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "argmap-jobs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Workers start at any amount of text here (the default waits for 1 MiB).
const POOL_ANY = { ARGMAP_POOL_MIN_BYTES: "1" };

/** A comment thread as JSONL, from the example thread's sentences recombined (deterministic). */
function writeThreadJsonl(path: string, rows: number): void {
  const sentences = readFileSync(`${repoRoot}examples/thread-car-free-downtowns.txt`, "utf8")
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 25 && !s.startsWith(">") && !s.includes("\n"));
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const text = [sentences[i % sentences.length], sentences[(i * 7 + 3) % sentences.length]].join(" ");
    const parent = i % 3 === 0 ? undefined : `c${i - 1 - (i % 5)}`;
    lines.push(
      JSON.stringify({ id: `c${i}`, ...(parent && i > 5 ? { parent } : {}), author: `u${i % 40}`, text }),
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

describe("argmap map --jobs", () => {
  it("maps a folder on two workers to the same JSON as on one", () => {
    const folder = join(dir, "folder");
    const files = documentFixtures();
    expect(files.length).toBeGreaterThan(5);
    mkdirSync(folder);
    files.forEach((f, i) =>
      copyFileSync(f, join(folder, `${String(i).padStart(2, "0")}-${f.split("/").pop()}`)),
    );
    const one = runCli(["map", folder, "--format", "json", "--jobs", "1"], { env: POOL_ANY });
    const two = runCli(["map", folder, "--format", "json", "--jobs", "2"], { env: POOL_ANY });
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(one.stdout).sources.length).toBe(files.length);
    expect(two.stdout).toBe(one.stdout);
  }, 180_000);

  it("streams a JSONL over --max-size in parts and maps it the same on one and two workers", () => {
    const path = join(dir, "thread.jsonl");
    writeThreadJsonl(path, 1500);
    const args = ["map", path, "--format", "json", "--max-size", "0.05"];
    const one = runCli([...args, "--jobs", "1"], { env: POOL_ANY });
    const two = runCli([...args, "--jobs", "2"], { env: POOL_ANY });
    expect(one.code, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const map = JSON.parse(one.stdout) as {
      sources: { name: string; posts: unknown[] }[];
      diagnostics: { rule: string }[];
    };
    // ≈ 200 KB in parts of ≤ 50 KiB: several sources, every row a post.
    expect(map.sources.length).toBeGreaterThan(3);
    expect(map.sources.every((s, i) => s.name === `thread.jsonl [part ${i + 1}]`)).toBe(true);
    expect(map.sources.reduce((n, s) => n + s.posts.length, 0)).toBe(1500);
    expect(map.diagnostics.map((d) => d.rule)).toContain("ingest/streamed");
  }, 180_000);

  it("refuses a --jobs that is not a whole number of at least 1", () => {
    for (const bad of ["0", "-2", "1.5", "many"]) {
      const out = runCli(["map", `${repoRoot}examples/thread-car-free-downtowns.txt`, `--jobs=${bad}`]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`--jobs must be a whole number from 1 to 1024 (got '${bad}')`);
      expect(out.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});

describe("argmap add --jobs", () => {
  it("stores each part of a streamed JSONL once, in order, and finds them unchanged the second time", () => {
    const path = join(dir, "add.jsonl");
    writeThreadJsonl(path, 600);
    const db = join(dir, "corpus.db");
    const args = ["add", path, "--db", db, "--max-size", "0.03", "--jobs", "2", "--quiet"];
    const first = runCli(args, { env: POOL_ANY });
    expect(first.code, first.stderr).toBe(0);
    const added = first.stdout.trim().split("\n");
    expect(added.length).toBeGreaterThan(2);
    added.forEach((line, i) => expect(line).toMatch(new RegExp(`^added add\\.jsonl \\[part ${i + 1}\\] `)));
    const second = runCli(args, { env: POOL_ANY });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim().split("\n")).toEqual(
      added.map((l) => l.replace(/^added (.*?\)):.*$/, "unchanged $1")),
    );
  }, 180_000);
});
