import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { freePort } from "../support/services.js";
import { STORE_TARGETS } from "./targets.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const THREAD = path.join(EXAMPLES, "thread-car-free-downtowns.txt");
const ESSAY = path.join(EXAMPLES, "essay-four-day-week.md");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-cli-store-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir });
  return { code, out, err };
}

const haveExamples = fs.existsSync(THREAD) && fs.existsSync(ESSAY);

describe.each(STORE_TARGETS)("corpus commands on the $name store", (target) => {
  beforeAll(async () => {
    if (!target.missing && haveExamples) await target.start();
  }, 60_000);
  afterAll(() => target.stop());
  beforeEach((ctx) => {
    if (target.missing || !haveExamples) ctx.skip();
  });

  it("adds sources once, searches them with cited spans, and removes them", async () => {
    const db = await target.fresh();
    const first = await run("add", THREAD, ESSAY, "--db", db);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^added thread-car-free-downtowns\.txt/m);
    expect(first.out).toMatch(/^added essay-four-day-week\.md/m);
    const again = await run("add", THREAD, "--db", db);
    expect(again.out).toMatch(/^unchanged thread-car-free-downtowns\.txt/m);

    const listed = await run("list", "--db", db, "-f", "json");
    const sources = JSON.parse(listed.out) as { name: string; id: string }[];
    expect(sources.map((s) => s.name)).toEqual(["thread-car-free-downtowns.txt", "essay-four-day-week.md"]);

    const found = await run(
      "search",
      "parking",
      "--db",
      db,
      "-f",
      "json",
      "--source",
      "thread-car-free-downtowns.txt",
    );
    const hits = JSON.parse(found.out) as { id: string; span: [number, number]; snippet: string }[];
    expect(hits.length).toBeGreaterThan(0);
    const text = fs.readFileSync(THREAD, "utf8");
    for (const h of hits) {
      expect(h.snippet).toMatch(/\[park\w*\]/i);
      expect(text.slice(h.span[0], h.span[1]).toLowerCase()).toContain("park");
    }
    const shown = await run("show", hits[0]!.id, "--db", db);
    expect(JSON.parse(shown.out)).toMatchObject({ item: { id: hits[0]!.id } });

    const exported = await run("export", "--db", db, "--source", "essay-four-day-week.md");
    expect((JSON.parse(exported.out) as { sources: { name: string }[] }).sources.map((s) => s.name)).toEqual([
      "essay-four-day-week.md",
    ]);

    expect((await run("rm", "essay-four-day-week.md", "--db", db)).code).toBe(0);
    expect((await run("rm", "essay-four-day-week.md", "--db", db)).code).toBe(2);
    const after = JSON.parse((await run("list", "--db", db, "-f", "json")).out) as { name: string }[];
    expect(after.map((s) => s.name)).toEqual(["thread-car-free-downtowns.txt"]);
  });

  it("maps the stored corpus with map --db, the same as mapping the files directly", async () => {
    const db = await target.fresh();
    expect((await run("add", THREAD, ESSAY, "--db", db)).code).toBe(0);
    const stored = await run(
      "map",
      "--db",
      db,
      "--format",
      "json",
      "--source",
      "thread-car-free-downtowns.txt",
    );
    expect(stored.code, stored.err).toBe(0);
    const direct = await run("map", THREAD, "--format", "json");
    const a = JSON.parse(stored.out) as { units: { id: string }[]; arguments: { thesis: string }[] };
    const b = JSON.parse(direct.out) as { units: { id: string }[]; arguments: { thesis: string }[] };
    expect(a.units.map((u) => u.id)).toEqual(b.units.map((u) => u.id));
    expect(a.arguments.map((x) => x.thesis)).toEqual(b.arguments.map((x) => x.thesis));
    const both = await run("map", "--db", db, "--format", "argdown");
    expect(both.code).toBe(0);
    expect(both.out).toMatch(/^\[.+\]: /m);
    expect((await run("map", THREAD, "--db", db)).code).toBe(2);
  });

  it("keeps key point ids stable when the corpus grows and map --db runs again", async () => {
    const db = await target.fresh();
    expect((await run("add", THREAD, "--db", db)).code).toBe(0);
    const first = JSON.parse((await run("map", "--db", db, "--format", "json")).out) as {
      keyPoints: { id: string }[];
    };
    expect(first.keyPoints.length).toBeGreaterThan(0);
    expect((await run("add", ESSAY, "--db", db)).code).toBe(0);
    const second = JSON.parse((await run("map", "--db", db, "--format", "json")).out) as {
      keyPoints: { id: string }[];
      sources: unknown[];
    };
    expect(second.sources).toHaveLength(2);
    const ids = new Set(second.keyPoints.map((k) => k.id));
    for (const k of first.keyPoints) expect(ids.has(k.id), k.id).toBe(true);
    // The stored whole-corpus map's key points are searchable.
    const texts = second.keyPoints.map((k) => (k as unknown as { text: string }).text);
    const word = texts.join(" ").match(/[A-Za-z]{6,}/)![0];
    const hits = JSON.parse(
      (await run("search", word, "--db", db, "-f", "json", "--kind", "key-point")).out,
    ) as { id: string }[];
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(ids.has(h.id)).toBe(true);
  });
});

describe.skipIf(!haveExamples)("corpus commands", () => {
  it("refuses a non-database --db with exit 2 and leaves the file alone", async () => {
    fs.writeFileSync(path.join(dir, "notes.txt"), "just some notes\n".repeat(10));
    const before = fs.readFileSync(path.join(dir, "notes.txt"));
    const result = await run("add", THREAD, "--db", "notes.txt");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not a SQLite database/);
    expect(fs.readFileSync(path.join(dir, "notes.txt")).equals(before)).toBe(true);
  });

  it("answers an unreachable postgres:// --db and hostile queries with exit 2 or results, never a stack trace", async () => {
    const port = await freePort();
    for (const args of [
      ["list", "--db", `postgres://me:pw@127.0.0.1:${port}/argmap`],
      ["map", "--db", `postgresql://127.0.0.1:${port}/argmap`],
      ["add", THREAD, "--db", `postgres://me:pw@127.0.0.1:${port}/argmap`],
    ]) {
      const r = await run(...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(
        new RegExp(`^argmap: postgres(ql)?://(\\*\\*\\*@)?127\\.0\\.0\\.1:${port}/argmap: .*ECONNREFUSED`),
      );
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).not.toContain("pw@");
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    expect((await run("add", THREAD, "--db", "c.db")).code).toBe(0);
    for (const query of ['"parking NEAR(', "text:parking", "*", "parking OR"]) {
      const r = await run("search", query, "--db", "c.db");
      expect(r.code, `${query}: ${r.err}`).toBe(0);
    }
    const long = await run("search", "parking ".repeat(200), "--db", "c.db");
    expect(long.code).toBe(2);
    expect(long.err).toMatch(/^argmap: .*the most is/);
    expect(long.err).not.toMatch(/\n\s+at /);
  });
});
