import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import type { MapDiff } from "../diff/index.js";
import { openCorpus } from "../store/index.js";
import { main } from "./main.js";

/** The diff fixture thread as Hacker News (Algolia) item trees of its first n posts. */
const lines = readFileSync(new URL("../../test/fixtures/diff-thread.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; parent?: string; author: string; text: string });
/** Whether a post among fixture posts [from, to) replies below the post holding `text`. */
function repliedBelow(text: string, from: number, to: number): boolean {
  const top = lines.find((p) => p.text.includes(text))?.id;
  const parentOf = new Map(lines.map((p) => [p.id, p.parent]));
  return lines.slice(from, to).some((p) => {
    for (let at = p.parent; at !== undefined; at = parentOf.get(at)) if (at === top) return true;
    return false;
  });
}
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const numeric = (id: string) => 9000 + Number(id.slice(1));

function hnThread(n: number): string {
  const items = lines.slice(0, n).map((l) => ({
    id: numeric(l.id),
    type: l.parent ? "comment" : "story",
    author: l.author,
    created_at: `2026-01-01T10:${String(Number(l.id.slice(1))).padStart(2, "0")}:00.000Z`,
    created_at_i: 1767261600 + 60 * Number(l.id.slice(1)),
    story_id: 9001,
    ...(l.parent
      ? { text: escapeHtml(l.text).replace(/\n/g, "<p>") }
      : { title: l.text.split("\n")[0], text: escapeHtml(l.text.split("\n").slice(1).join("\n")) }),
    parent_id: l.parent ? numeric(l.parent) : null,
    children: [] as unknown[],
  }));
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const i of items) if (i.parent_id !== null) byId.get(i.parent_id)!.children.push(i);
  return JSON.stringify(items[0]);
}

/** A thread server whose answers are scripted per request: a thread size, a status, or 304 when unchanged. */
type Answer = number | { status: 429 | 500 };
let server: Server;
let base: string;
let script: Answer[] = [];
let requests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    const answer = script[Math.min(requests.length, script.length) - 1]!;
    if (typeof answer !== "number") {
      res.writeHead(answer.status, answer.status === 429 ? { "retry-after": "0" } : {});
      return res.end("busy");
    }
    const etag = `"posts-${answer}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/json", etag });
    res.end(hnThread(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/item.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "argmap-watch-"));
  requests = [];
  return () => rmSync(dir, { recursive: true, force: true });
});

const FAST = ["--every", "50ms", "--backoff", "10ms", "--quiet", "--jobs", "1"];

async function watch(args: string[]) {
  const { io, out } = captureIo(dir);
  const errors: Buffer[] = [];
  io.stderr.on("data", (c: Buffer) => errors.push(c));
  const run = main(["watch", base, "--db", "c.db", ...FAST, ...args], io);
  return { run, out, err: () => Buffer.concat(errors).toString("utf8") };
}

const postTexts = (n: number, from = 0) =>
  lines.slice(from, n).map((l) => (l.parent ? l.text : l.text.split("\n").slice(1).join("\n")));

describe("argmap watch", () => {
  it("stores one map per round that brought new posts and prints a digest naming only them, surviving a 500 and a 429", async () => {
    script = [12, 22, 22, { status: 500 }, { status: 429 }, 32];
    const w = await watch(["--rounds", "4", "--format", "json"]);
    expect(await w.run, w.err()).toBe(0);
    const rounds = w
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as MapDiff);
    expect(rounds).toHaveLength(3);
    expect(rounds.map((r) => r.posts.added.length)).toEqual([12, 10, 10]);
    expect(rounds[0]!.old.label).toBe("an empty corpus");
    for (const [r, [from, to]] of [
      [rounds[1]!, [12, 22]],
      [rounds[2]!, [22, 32]],
    ] as const) {
      expect(r.posts.added.map((p) => p.text).sort()).toEqual(postTexts(to, from).sort());
      expect(r.posts.removed).toEqual([]);
      expect(r.posts.changed).toEqual([]);
      const fresh = new Set(r.posts.added.map((p) => p.id));
      // A new argument's thesis is a new post's, or an old post's that new posts reply below
      // (a position its grown sub-debate made).
      for (const a of r.arguments.added)
        expect(fresh.has(a.thesis.postId) || repliedBelow(a.thesis.text, from, to), a.thesis.text).toBe(true);
      const named = [
        ...r.claims.map((c) => c.unit),
        ...r.objections.added.map((o) => o.objection),
        ...r.objections.answered.flatMap((o) => o.rebuttals),
        ...r.keyPoints.grew.flatMap((k) => k.newQuotes),
      ];
      expect(named.length).toBeGreaterThan(0);
      for (const u of named) expect(fresh.has(u.postId), u.text).toBe(true);
    }
    // Round 3 asked conditionally and got a 304; round 4 was retried after a 500 and a 429.
    expect(requests[2]!["if-none-match"]).toBe('"posts-22"');
    expect(requests).toHaveLength(6);
    const store = await openCorpus(join(dir, "c.db"), { readonly: true });
    try {
      const maps = await store.listMaps();
      expect(maps.map((m) => m.name ?? m.historyOf)).toEqual(["corpus", "corpus", "corpus"]);
      expect((await store.getMap("corpus"))!.sources[0]!.posts).toHaveLength(32);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("says in the digest what the new posts added, and resumes from the corpus after Ctrl-C", async () => {
    script = [12];
    const first = await watch(["--every", "1h"]);
    for (let i = 0; i < 600 && !first.out().includes("Since"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(first.out()).toMatch(/^Since an empty corpus: 12 new posts by \d+ authors/);
    process.emit("SIGINT");
    expect(await first.run).toBe(0);

    script = [22];
    const again = await watch(["--rounds", "1"]);
    expect(await again.run, again.err()).toBe(0);
    expect(again.out()).toMatch(/^Since map 1 \([^)]+\): 10 new posts by \d+ authors, 0 edited, 0 removed/);
    // The quotes listed under a change (new rebuttals, objections' answers, joined key points) are new posts' words.
    const quoted = [...again.out().matchAll(/^ {6}"(.+?)" — \S+$/gm)].map((m) => m[1]!.replace(/…$/, ""));
    expect(quoted.length).toBeGreaterThan(0);
    const fresh = postTexts(22, 12);
    for (const q of quoted)
      expect(
        fresh.some((t) => t.includes(q)),
        q,
      ).toBe(true);
  }, 120_000);

  it("refuses the local server with --no-private-network, in one line, storing nothing", async () => {
    script = [12];
    const w = await watch(["--rounds", "1", "--no-private-network"]);
    expect(await w.run).toBe(2);
    expect(w.err().trim().split("\n")).toEqual([
      expect.stringMatching(/127\.0\.0\.1.*private or local address/),
    ]);
    expect(requests).toHaveLength(0);
    const store = await openCorpus(join(dir, "c.db"), { readonly: true });
    try {
      expect(await store.listMaps()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
