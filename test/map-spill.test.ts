/**
 * `argmap map --spill` as a user runs it (the built CLI, a real SQLite corpus in a temporary
 * folder): the same output as the in-memory map while the sample holds every unit, the temporary
 * folder gone after a run, a failure and an interrupt, the same diagnostics, and formats that
 * need the whole map refused up front.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticJsonl } from "../bench/synthetic.js";
import { parseMap } from "../src/export/index.js";
import { repoRoot, runCli } from "./helpers.js";

let dir: string;
let comments: string;
/** A fresh TMPDIR per run, so a leftover temporary folder shows. */
let runs = 0;
const scratch = (): string => {
  const t = join(dir, `tmp-${runs++}`);
  mkdirSync(t);
  return t;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "argmap-spill-cli-"));
  comments = join(dir, "comments.jsonl");
  await writeSyntheticJsonl(comments, { posts: 300 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// --max-size 16000 reads the file in parts of 16 kB, as a big file is read in parts of 4 MiB.
const PARTS = ["--max-size", "16000"];

describe("argmap map --spill", () => {
  it("writes the in-memory map's JSON and cards while the sample holds every unit, and leaves no temporary files", () => {
    for (const format of ["json", "cards", "md"]) {
      const inMemory = runCli(["map", comments, ...PARTS, "-f", format, "-q"]);
      const tmp = scratch();
      const streamed = runCli(["map", comments, ...PARTS, "-f", format, "-q", "--spill"], {
        env: { TMPDIR: tmp },
      });
      expect(inMemory.code).toBe(0);
      expect(streamed.stderr).toBe("");
      expect(streamed.code).toBe(0);
      expect(streamed.stdout).toBe(inMemory.stdout);
      expect(readdirSync(tmp)).toEqual([]);
    }
  });

  it("counts units outside the sample in its key points (ARGMAP_SPILL_SAMPLE_UNITS)", () => {
    const r = runCli(["map", comments, ...PARTS, "-f", "json", "-q"], {
      env: { ARGMAP_SPILL: "1", ARGMAP_SPILL_SAMPLE_UNITS: "30", TMPDIR: scratch() },
    });
    expect(r.code).toBe(0);
    const map = parseMap(r.stdout);
    const members = map.keyPoints.flatMap((k) => k.unitIds);
    expect(map.keyPoints.length).toBeGreaterThan(0);
    expect(members.length).toBeGreaterThan(30); // at most 30 of them were in the sample
  });

  it("removes its temporary folder after a failed run", () => {
    const tmp = scratch();
    const r = runCli(["map", comments, "--spill", "-f", "json", "-o", join(dir, "missing", "map.json")], {
      env: { TMPDIR: tmp },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^argmap: .*map\.json/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("removes its temporary folder when interrupted", async () => {
    const tmp = scratch();
    const child = spawn(process.execPath, [`${repoRoot}bin/argmap.js`, "map", comments, "--spill", "-q"], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Interrupt once the run has made its folder (it lives for the whole run).
    for (let i = 0; i < 600 && readdirSync(tmp).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(tmp)).toHaveLength(1);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("reports a bad JSONL line as the in-memory map does", () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(
      bad,
      [
        '{"id":"1","author":"ana","text":"We should ban cars downtown because they pollute the air."}',
        "not json",
        '{"id":"2","parent":"1","author":"bo","text":"No, cars are needed for deliveries and for disabled people."}',
      ].join("\n"),
    );
    const inMemory = runCli(["map", bad, "-f", "json", "-q"]);
    const streamed = runCli(["map", bad, "-f", "json", "-q", "--spill"], { env: { TMPDIR: scratch() } });
    expect(streamed.stderr).toMatch(/line 2 is not a JSON object; skipped\. \[table\/bad-line\]/);
    expect(streamed.stderr).toBe(inMemory.stderr);
    expect(streamed.code).toBe(inMemory.code);
    expect(streamed.stdout).toBe(inMemory.stdout);
  });

  it("refuses, before any work, a format that needs the whole map", () => {
    const tmp = scratch();
    const r = runCli(["map", comments, "--spill", "-f", "dot"], { env: { TMPDIR: tmp } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--format dot needs the whole map in memory.*--format json/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("maps a stored corpus with --db --spill as it maps the files", () => {
    const db = join(dir, "corpus.db");
    // --no-map: a corpus with no earlier map, whose key points the streamed map would start from.
    expect(runCli(["add", comments, ...PARTS, "--db", db, "-q", "--no-map"]).code).toBe(0);
    const fromDb = runCli(["map", "--db", db, "--spill", "-f", "json", "-q"], { env: { TMPDIR: scratch() } });
    const fromFiles = runCli(["map", comments, ...PARTS, "-f", "json", "-q"]);
    expect(fromDb.code).toBe(0);
    const a = parseMap(fromDb.stdout);
    const b = parseMap(fromFiles.stdout);
    expect(a.keyPoints).toEqual(b.keyPoints);
    expect(a.arguments).toEqual(b.arguments);
  });
});
