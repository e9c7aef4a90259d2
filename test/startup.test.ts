/**
 * Start-up loads only what the command needs: the recorder preload (`support/record-loads.mjs`)
 * logs every module the CLI resolves and every file it reads, and these tests check the log.
 * The CLI runs from its bundle (`dist/bundle/cli/`, chunks made by esbuild): each chunk it loads
 * stands for the source modules esbuild put in it (from the bundle's `meta.json`), so the checks
 * name modules, not chunks. No timing here: how long start-up takes is measured by `npm run bench`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "argmap-startup-"));
let runs = 0;

const BUNDLE = `${repoRoot}dist/bundle/cli/`;
/** Chunk file → the modules bundled into it (paths as the recorder logs them). */
const chunkInputs = new Map<string, string[]>(
  Object.entries(
    (
      JSON.parse(readFileSync(`${BUNDLE}meta.json`, "utf8")) as {
        outputs: Record<string, { inputs: Record<string, unknown> }>;
      }
    ).outputs,
  ).map(([out, { inputs }]) => [`${repoRoot}${out}`, Object.keys(inputs).map((i) => `${repoRoot}${i}`)]),
);

/** A logged module, or the modules of a logged bundle chunk. */
function modulesOf(logged: string): string[] {
  const path = logged.startsWith("file://") ? fileURLToPath(logged) : logged;
  return chunkInputs.get(path) ?? [logged];
}

/** Run the built CLI under the recorder; the modules it resolved and the files it read. */
function loadsOf(args: string[]): { code: number; modules: string[]; files: string[] } {
  const log = join(tmp, `loads-${runs++}.log`);
  writeFileSync(log, "");
  const result = spawnSync(
    process.execPath,
    ["--import", `${repoRoot}test/support/record-loads.mjs`, `${repoRoot}bin/argmap.js`, ...args],
    {
      cwd: tmp,
      env: { ...process.env, NO_COLOR: "", ARGMAP_LOAD_LOG: log },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  expect(result.stderr).not.toMatch(/internal error/);
  const lines = readFileSync(log, "utf8").split("\n");
  return {
    code: result.status ?? -1,
    modules: lines.filter((l) => l.startsWith("module ")).flatMap((l) => modulesOf(l.slice(7))),
    files: lines.filter((l) => l.startsWith("file ")).map((l) => l.slice(5)),
  };
}

const PARSERS = [
  "/linkedom/",
  "/@mozilla/readability/",
  "/csv-parse/",
  "/entities/",
  "/@argdown/",
  "/better-sqlite3/",
];
const loaded = (modules: string[], part: string) => modules.some((m) => m.includes(part));

function write(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("start-up", () => {
  it("runs the CLI from its bundle, in a few chunks", () => {
    const { code, modules } = loadsOf(["--help"]);
    expect(code).toBe(0);
    expect(loaded(modules, "/dist/cli/main.js")).toBe(true); // the recorder sees the CLI itself
    expect(chunkInputs.size).toBeGreaterThan(1); // commands are split off, not one file
    // No module of ours is loaded from tsc's output directly: all come through bundle chunks.
    const log = readFileSync(join(tmp, `loads-${runs - 1}.log`), "utf8");
    expect(log).not.toMatch(/^module file:\/\/.*\/dist\/(?!bundle\/)/m);
  });

  it("argmap --help loads no schemas, NLP, engines or parsers", () => {
    const { code, modules, files } = loadsOf(["--help"]);
    expect(code).toBe(0);
    expect(loaded(modules, "/dist/cli/main.js")).toBe(true); // the recorder sees the CLI itself
    for (const part of ["/zod/", "/wink-nlp/", "/dist/engines/", "/dist/segment/", ...PARSERS])
      expect(loaded(modules, part), part).toBe(false);
    expect(files.filter((f) => f.includes("/models/"))).toEqual([]);
  });

  it("mapping a short text loads the segmenter and classic models but no format parsers, network, store or LLM code", () => {
    const input = write(
      "tiny.txt",
      "We should ban cars downtown. Because they pollute the air and kill people.\n",
    );
    const { code, modules, files } = loadsOf(["map", input]);
    expect(code).toBe(0);
    expect(loaded(modules, "/wink-nlp/")).toBe(true);
    expect(files.some((f) => f.endsWith("models/segment-classifier.json"))).toBe(true);
    for (const part of [...PARSERS, "node:https", "node:http", "/dist/engines/llm/", "/dist/store/sqlite"])
      expect(loaded(modules, part), part).toBe(false);
    // One post, no replies: the reply-stance model is not read.
    expect(files.filter((f) => f.endsWith("reply-stance.json"))).toEqual([]);
    // Each model file is read once.
    const modelReads = files.filter((f) => f.includes("/models/"));
    expect(new Set(modelReads).size).toBe(modelReads.length);
  });

  it("a thread with a reply reads the reply-stance model, once", () => {
    const input = write(
      "thread.txt",
      "Cities should ban private cars from their downtown cores. The shops do better without them.\n\n" +
        "Nope. Businesses downtown live on customers who drive in from the suburbs.\n\n" +
        "That is the claim shop owners always make, and the data keeps contradicting it.\n",
    );
    const { code, files } = loadsOf(["map", input, "--from", "thread-text"]);
    expect(code).toBe(0);
    expect(files.filter((f) => f.endsWith("reply-stance.json"))).toHaveLength(1);
  });

  it("the HTML and CSV parsers load when such a file is read", () => {
    const html = write(
      "page.html",
      `<html><head><title>Cars</title></head><body><article><p>${"Cars should be banned downtown because they pollute the air. ".repeat(4)}</p></article></body></html>`,
    );
    const csv = write(
      "comments.csv",
      "id,text\n1,Cars should be banned downtown.\n2,They pollute the air.\n",
    );
    const { code, modules } = loadsOf(["map", html, csv]);
    expect(code).toBe(0);
    expect(loaded(modules, "/linkedom/")).toBe(true);
    expect(loaded(modules, "/csv-parse/")).toBe(true);
  });

  it("import, compare and eval load no NLP, pipeline or Argdown parser until an input needs them", () => {
    for (const command of ["import", "compare", "eval"]) {
      const { code, modules } = loadsOf([command, "--help"]);
      expect(code).toBe(0);
      expect(loaded(modules, `/dist/cli/commands/${command}.js`)).toBe(true);
      for (const part of ["/@argdown/", "/lodash-es/", "/wink-nlp/", "/dist/pipeline/"])
        expect(loaded(modules, part), `${command}: ${part}`).toBe(false);
    }
    const argdown = write(
      "debate.argdown",
      "[Ban]: Cars should be banned downtown.\n  + <Air>: They pollute the air.\n",
    );
    const { code, modules } = loadsOf(["import", argdown]);
    expect(code).toBe(0);
    expect(loaded(modules, "/@argdown/")).toBe(true);
  });

  it("adding an unchanged file to a corpus does not load the segmenter", () => {
    const input = write(
      "unchanged.txt",
      "Parking minimums raise rents. They force builders to add spaces.\n",
    );
    const db = join(tmp, "corpus.db");
    const first = loadsOf(["add", input, "--db", db]);
    expect(first.code).toBe(0);
    expect(loaded(first.modules, "/wink-nlp/")).toBe(true);
    const again = loadsOf(["add", input, "--db", db]);
    expect(again.code).toBe(0);
    expect(loaded(again.modules, "/wink-nlp/")).toBe(false);
  });
});
