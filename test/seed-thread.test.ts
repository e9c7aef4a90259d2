/** The seed thread: a real flattened discussion. These tests check general behaviour on it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import type { ArgumentMap, Post } from "../src/model/index.js";
import { hasSeed, seedThread } from "./helpers.js";

describe.skipIf(!hasSeed)("seed thread (skipped when ../shared/seeds is absent)", () => {
  let map: ArgumentMap;
  const text = hasSeed ? readFileSync(seedThread, "utf8") : "";

  function postStartingWith(prefix: string): Post {
    const post = map.sources[0]!.posts.find((p) => text.slice(p.bodySpans[0]![0]).startsWith(prefix));
    expect(post, `post starting with ${prefix}`).toBeDefined();
    return post!;
  }

  function quotingPost(prefix: string): Post {
    const post = map.sources[0]!.posts.find((p) => p.quotes.some((q) => q.text.startsWith(prefix)));
    expect(post, `post quoting ${prefix}`).toBeDefined();
    return post!;
  }

  it("maps into at least five argument cards", async () => {
    map = await mapSources([seedThread]);
    expect(map.arguments.length).toBeGreaterThanOrEqual(5);
  });

  it("links the reply quoting 'Nope. If China were not banned…' to that post as an attack", () => {
    const target = postStartingWith("Nope. If China were not banned");
    const reply = quotingPost("Nope. If China were not banned");
    const relation = map.relations.find(
      (r) => r.level === "post" && r.from === reply.id && r.to === target.id && r.kind === "attack",
    );
    expect(relation).toBeDefined();
  });

  it("links the reply quoting 'This was a dumb move by the US…' to that post as an attack", () => {
    const target = postStartingWith("This was a dumb move by the US");
    const reply = quotingPost("This was a dumb move by the US");
    const relation = map.relations.find(
      (r) => r.level === "post" && r.from === reply.id && r.to === target.id && r.kind === "attack",
    );
    expect(relation).toBeDefined();
  });

  it("gives every unit a span that slices exactly to its text", () => {
    for (const unit of map.units) expect(text.slice(unit.span[0], unit.span[1])).toBe(unit.text);
  });
});
