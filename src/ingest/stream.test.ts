import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic, SourceDoc } from "../model/index.js";
import { isStreamableJsonl, readJsonlParts } from "./stream.js";

const dir = mkdtempSync(join(tmpdir(), "argmap-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

const row = (i: number, extra: Record<string, string> = {}) =>
  JSON.stringify({
    id: `c${i}`,
    author: `u${i % 7}`,
    text: `Comment ${i} says that cities should plant more trees.`,
    ...extra,
  });

async function collect(path: string, partBytes: number, maxLineBytes = 1 << 20) {
  const diagnostics: Diagnostic[] = [];
  const docs: SourceDoc[] = [];
  for await (const doc of readJsonlParts(path, {
    partBytes,
    maxLineBytes,
    report: (d) => diagnostics.push(d),
  }))
    docs.push(doc);
  return { docs, diagnostics };
}

describe("streamed JSONL", () => {
  it("reads a JSONL file in parts of about the given size, every row once, in order", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => row(i));
    const path = write("rows.jsonl", lines);
    const { docs } = await collect(path, 2000);
    const lineBytes = lines[0]!.length + 1;
    expect(docs.length).toBe(Math.ceil(200 / Math.ceil(2000 / lineBytes)));
    expect(docs.map((d) => d.name)).toEqual(docs.map((_, i) => `rows.jsonl [part ${i + 1}]`));
    const texts = docs.flatMap((d) => d.posts.map((p) => d.text.slice(p.span[0], p.span[1])));
    expect(texts).toEqual(lines.map((l) => (JSON.parse(l) as { text: string }).text));
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    expect(docs.every((d) => d.format === "jsonl")).toBe(true);
  });

  it("keeps replies inside a part and reports those whose parent is in an earlier part", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => row(i, i > 0 ? { parent: `c${i - 1}` } : {}));
    const { docs, diagnostics } = await collect(write("replies.jsonl", lines), 1000);
    expect(docs.length).toBeGreaterThan(2);
    const withParent = docs.reduce((n, d) => n + d.posts.filter((p) => p.parentId !== undefined).length, 0);
    const orphans = diagnostics.filter((d) => d.rule === "table/unknown-parent").length;
    expect(orphans).toBe(docs.length - 1); // the first row of each later part
    expect(withParent + orphans).toBe(39);
  });

  it("skips lines over the line budget or not JSON objects, and a part without a comment, with warnings", async () => {
    const lines = [
      row(0),
      JSON.stringify({ id: "big", text: "x ".repeat(5000) }),
      "[1, 2]",
      row(1),
      "not json",
      "{ broken",
    ];
    const { docs, diagnostics } = await collect(write("bad.jsonl", lines), 10, 2000);
    expect(docs.flatMap((d) => d.posts).length).toBe(2);
    expect(diagnostics.find((d) => d.rule === "ingest/line-too-long")?.message).toMatch(
      /line 2 is 10\d\d\d bytes/,
    );
    expect(diagnostics.filter((d) => d.rule === "table/bad-line").map((d) => d.message)).toEqual([
      "bad.jsonl: line 3 is not a JSON object; skipped.",
      "bad.jsonl: line 5 is not a JSON object; skipped.",
    ]);
    // "{ broken" alone in the last part: the part has no comment object.
    expect(diagnostics.filter((d) => d.rule === "ingest/part-skipped")).toHaveLength(1);
  });

  it("streams only local JSONL files larger than the size limit", async () => {
    const path = write("small.jsonl", [row(0), row(1)]);
    expect(await isStreamableJsonl(path, 10, undefined)).toBe(true);
    expect(await isStreamableJsonl(path, 1 << 20, undefined)).toBe(false);
    const csv = write("rows.csv", ["id,text", ...Array.from({ length: 50 }, (_, i) => `${i},hello there`)]);
    expect(await isStreamableJsonl(csv, 10, undefined)).toBe(false);
    expect(await isStreamableJsonl(csv, 10, "jsonl")).toBe(true);
    expect(await isStreamableJsonl(join(dir, "absent.jsonl"), 10, undefined)).toBe(false);
    expect(await isStreamableJsonl("-", 10, "jsonl")).toBe(false);
  });
});
