import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceDoc, type Span } from "../model/index.js";
import { readSource } from "./read-source.js";

const root = new URL("../../", import.meta.url);
const fixtureDir = new URL("test/fixtures/", root);
const exampleDir = new URL("examples/", root);

function files(dir: URL, match: RegExp): URL[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => match.test(f))
    .map((f) => new URL(f, dir));
}

const inputs = [...files(fixtureDir, /^(ingest|torture)-.*\.(txt|md)$/), ...files(exampleDir, /\.(txt|md)$/)];

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const valid = (text: string, s: Span): boolean => s[0] >= 0 && s[0] < s[1] && s[1] <= text.length;

function checkInvariants(doc: SourceDoc): void {
  expect(SourceDoc.safeParse(doc).success).toBe(true);
  const { text } = doc;
  const ids = new Set<string>();
  let lastEnd = 0;
  doc.posts.forEach((post, i) => {
    expect(post.index).toBe(i);
    expect(post.id).toBe(`${doc.id}:p${i}`);
    expect(valid(text, post.span)).toBe(true);
    expect(post.span[0]).toBeGreaterThanOrEqual(lastEnd);
    lastEnd = post.span[1];
    if (post.parentId !== undefined) expect(ids.has(post.parentId)).toBe(true);
    ids.add(post.id);
    let prev = post.span[0];
    for (const s of post.bodySpans) {
      expect(valid(text, s)).toBe(true);
      expect(s[0]).toBeGreaterThanOrEqual(prev);
      expect(s[1]).toBeLessThanOrEqual(post.span[1]);
      expect(text.slice(s[0], s[1]).trim()).toBe(text.slice(s[0], s[1]));
      prev = s[1];
      for (const q of post.quotes)
        expect(Math.min(s[1], q.span[1]) - Math.max(s[0], q.span[0])).toBeLessThanOrEqual(0);
    }
    for (const q of post.quotes) {
      expect(valid(text, q.span)).toBe(true);
      expect(q.span[0]).toBeGreaterThanOrEqual(post.span[0]);
      expect(q.span[1]).toBeLessThanOrEqual(post.span[1]);
      expect(q.score).toBeGreaterThanOrEqual(0);
      expect(q.score).toBeLessThanOrEqual(1);
      const sourceWords = words(text.slice(q.span[0], q.span[1])).join(" ");
      expect(sourceWords).toContain(words(q.text).join(" "));
      if (q.targetPostId !== undefined) {
        const target = doc.posts.find((p) => p.id === q.targetPostId);
        expect(target).toBeDefined();
        expect(target && target.index < post.index).toBe(true);
        expect(q.targetSpan).toBeDefined();
        if (target && q.targetSpan) {
          expect(valid(text, q.targetSpan)).toBe(true);
          expect(q.targetSpan[0]).toBeGreaterThanOrEqual(target.span[0]);
          expect(q.targetSpan[1]).toBeLessThanOrEqual(target.span[1]);
        }
      }
    }
  });
}

describe("ingest invariants on every fixture and example", () => {
  it("has fixtures to check", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(6);
  });

  for (const url of inputs) {
    const name = url.pathname.split("/").pop() as string;
    it(`reads ${name} with spans in bounds, ordered, non-empty and disjoint`, () => {
      const { doc } = readSource({ name, bytes: readFileSync(url) });
      expect(doc.posts.length).toBeGreaterThan(0);
      checkInvariants(doc);
    });

    it(`reads ${name} the same with CRLF and with lone CR line endings`, () => {
      const lf = readFileSync(url, "utf8");
      const base = readSource({ name, bytes: new TextEncoder().encode(lf) }).doc;
      for (const eol of ["\r\n", "\r"]) {
        const { doc } = readSource(
          { name, bytes: new TextEncoder().encode(lf.replace(/\n/g, eol)) },
          { format: base.format },
        );
        checkInvariants(doc);
        expect(doc.posts.length).toBe(base.posts.length);
        expect(doc.posts.map((p) => p.bodySpans.length)).toEqual(base.posts.map((p) => p.bodySpans.length));
        expect(doc.posts.map((p) => p.parentId?.split(":")[1])).toEqual(
          base.posts.map((p) => p.parentId?.split(":")[1]),
        );
      }
    });
  }
});
