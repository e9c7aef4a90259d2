import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceDocViolations } from "../../test/invariant-checks.js";
import type { SourceDoc } from "../model/index.js";
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

function checkInvariants(doc: SourceDoc): void {
  expect(sourceDocViolations(doc)).toEqual([]);
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
