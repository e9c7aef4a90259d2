import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIo } from "../../../test/helpers.js";
import { diffJsonSchema } from "../../diff/index.js";
import { openCorpus } from "../../store/index.js";
import { main } from "../main.js";

const thread = readFileSync(new URL("../../../test/fixtures/diff-thread.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n");

let dir: string;
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out } = captureIo(dir);
  const errors: Buffer[] = [];
  io.stderr.on("data", (c: Buffer) => errors.push(c));
  const code = await main(argv, io);
  return { code, out: out(), err: Buffer.concat(errors).toString("utf8") };
}

/** The thread file as it was after its first n posts. */
function writeThread(n: number): void {
  writeFileSync(join(dir, "thread.jsonl"), `${thread.slice(0, n).join("\n")}\n`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "argmap-diff-cli-"));
  writeThread(12);
  expect((await run("add", "thread.jsonl", "--db", "c.db", "--jobs", "1")).code).toBe(0);
  writeThread(32);
  const grown = await run("add", "thread.jsonl", "--db", "c.db", "--jobs", "1");
  expect(grown.code, grown.err).toBe(0);
  expect(grown.err).toMatch(/stored map 2 of the corpus/);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("add, map --since and diff over a corpus", () => {
  it("keeps the map each add built, and map --since previous prints what the second add brought", async () => {
    const since = await run("map", "--db", "c.db", "--since", "previous");
    expect(since.code, since.err).toBe(0);
    expect(since.out).toMatch(/^Since map 1 \([^)]+\): 20 new posts by \d+ authors, 0 edited, 0 removed/);
    expect(since.out).toContain("Key points that grew");
    // The corpus had not changed since the add mapped it: no second copy of the same map.
    const store = await openCorpus(join(dir, "c.db"), { readonly: true });
    try {
      expect((await store.listMaps()).map((m) => [m.id, m.name ?? `history of ${m.historyOf}`])).toEqual([
        [1, "history of corpus"],
        [2, "corpus"],
      ]);
    } finally {
      await store.close();
    }
  });

  it("diffs stored maps by id or name, and map files, alike; the JSON validates against the diff schema", async () => {
    const byName = await run("diff", "previous", "latest", "--db", "c.db", "-f", "json");
    expect(byName.code, byName.err).toBe(0);
    const byId = await run("diff", "1", "2", "--db", "c.db", "-f", "json");
    expect(JSON.parse(byId.out)).toEqual(JSON.parse(byName.out));
    const diff = JSON.parse(byName.out) as { posts: { added: unknown[] } };
    expect(diff.posts.added).toHaveLength(20);
    const validate = new Ajv2020({ strict: false }).compile(diffJsonSchema());
    expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);

    expect((await run("export", "--db", "c.db", "-o", "now.json")).code).toBe(0);
    const self = await run("diff", "now.json", "now.json");
    expect(self.code).toBe(0);
    expect(self.out).toMatch(/^Since now\.json: 0 new posts, 0 edited, 0 removed\n\nNothing changed\.\n$/);
  });

  it("refuses a missing map file, an unknown stored map and a --since in a map format, in one line each", async () => {
    const missing = await run("diff", "gone.json", "now.json");
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split("\n")).toEqual([expect.stringMatching(/gone\.json: no such map file/)]);
    const unknown = await run("map", "--db", "c.db", "--since", "99");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no map '99' in the corpus: it has maps 1, 2/);
    const early = await run("diff", "previous", "1", "--db", "c.db");
    expect(early.code).toBe(2);
    expect(early.err).toMatch(/no map 'previous'/);
    const format = await run("map", "--db", "c.db", "--since", "previous", "-f", "argdown");
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/--since prints what changed as cards, md, json/);
  });
});
