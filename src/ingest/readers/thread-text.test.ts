import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Post, SourceDoc } from "../../model/index.js";
import { readSource } from "../read-source.js";

const root = new URL("../../../", import.meta.url);
const fixture = (name: string): Uint8Array => readFileSync(new URL(`test/fixtures/${name}`, root));
const seedUrl = new URL("../shared/seeds/000_d93e3034b168a14c.txt", root);
const hasSeed = existsSync(seedUrl);

function read(name: string, bytes: Uint8Array = fixture(name)): ReturnType<typeof readSource> {
  return readSource({ name, bytes }, { format: "thread-text" });
}

const body = (doc: SourceDoc, post: Post): string =>
  post.bodySpans.map((s) => doc.text.slice(s[0], s[1])).join("\n\n");
const postStarting = (doc: SourceDoc, prefix: string): Post | undefined =>
  doc.posts.find((p) => body(doc, p).startsWith(prefix));
const postContaining = (doc: SourceDoc, fragment: string): Post | undefined =>
  doc.posts.find((p) => body(doc, p).includes(fragment));

describe("thread-text reader", () => {
  const { doc, diagnostics } = read("ingest-thread-basic.txt");

  it("starts a new post at a short reaction like 'Exactly.' or 'Nope.'", () => {
    expect(postStarting(doc, "Exactly. Flat output")).toBeDefined();
    expect(postStarting(doc, "Nope. None of that")).toBeDefined();
    expect(postStarting(doc, "Hard disagree.")).toBeDefined();
  });

  it("links a reply to the comment it quotes and keeps the quote out of the body", () => {
    const parent = postStarting(doc, "Hard disagree.") as Post;
    const reply = postContaining(doc, "Mentoring can be scheduled") as Post;
    expect(reply.parentId).toBe(parent.id);
    expect(body(doc, reply)).not.toContain("Junior staff learn");
    expect(reply.quotes[0]?.text).toBe("Junior staff learn by overhearing how seniors handle problems.");
    const target = reply.quotes[0]?.targetSpan;
    expect(target && doc.text.slice(target[0], target[1])).toBe(
      "Junior staff learn by overhearing how seniors handle problems.",
    );
  });

  it("keeps a point-by-point reply to the same parent as one post", () => {
    const reply = postContaining(doc, "Mentoring can be scheduled") as Post;
    expect(reply.quotes).toHaveLength(2);
    expect(body(doc, reply)).toContain("We meet in person one day a week");
    expect(reply.quotes.every((q) => q.targetPostId === reply.parentId)).toBe(true);
  });

  it("keeps footnote definitions and the paragraphs between with the post citing them", () => {
    const post = postStarting(doc, "Productivity numbers back this up.") as Post;
    const text = body(doc, post);
    expect(text).toContain("However, the same survey");
    expect(text).toContain("[1] https://example.org/remote-work-survey-2023");
    expect(text).toContain("[2] https://example.org/remote-work-promotions");
  });

  it("keeps a list introduced by a colon in the post that introduces it", () => {
    const post = postStarting(doc, "There are three things") as Post;
    expect(post.bodySpans).toHaveLength(4);
    expect(body(doc, post)).toContain("3. Make managers accountable");
  });

  it("leaves posts without quotes without a parent", () => {
    expect(postStarting(doc, "Exactly. Flat output")?.parentId).toBeUndefined();
    expect(diagnostics.filter((d) => d.rule === "thread-text/quote-unmatched")).toHaveLength(0);
  });

  it("warns about a quote that matches nothing and gives its post no parent", () => {
    const r = read("ingest-unmatched-quote.txt");
    const warning = r.diagnostics.find((d) => d.rule === "thread-text/quote-unmatched");
    expect(warning?.severity).toBe("warning");
    const post = r.doc.posts.find((p) => p.quotes.length > 0) as Post;
    expect(post.parentId).toBeUndefined();
    expect(post.quotes[0]?.targetPostId).toBeUndefined();
    expect(warning?.span).toEqual(post.quotes[0]?.span);
  });

  it("reads a thread with one post", () => {
    const r = read("ingest-single-post.txt");
    expect(r.doc.posts).toHaveLength(1);
    expect(r.doc.posts[0]?.parentId).toBeUndefined();
  });

  it("matches a quote that was re-typed with different punctuation", () => {
    const text = [
      "The committee's plan is a half-baked, rushed mess by people who never ride the bus.",
      "Buses are fine.",
      "> The committees plan is a half baked rushed mess by people who never ride the bus",
      "It was drafted over two years.",
    ].join("\n\n");
    const r = read("t.txt", new TextEncoder().encode(text));
    const reply = r.doc.posts[r.doc.posts.length - 1] as Post;
    expect(reply.parentId).toBe(r.doc.posts[0]?.id);
    expect(reply.quotes[0]?.score).toBeGreaterThan(0.7);
  });

  it("flags guessed boundaries as info diagnostics with a span", () => {
    const text =
      "Trains are faster than buses.\n\n> Trains are faster than buses.\n\nNot in traffic-free towns, you forget that.\n\nYou also forget the cost of track, which is why you see so few lines outside big cities.";
    const r = read("t.txt", new TextEncoder().encode(text));
    const guesses = r.diagnostics.filter((d) => d.rule === "thread-text/uncertain-boundary");
    expect(guesses.length).toBeGreaterThan(0);
    for (const g of guesses) {
      expect(g.severity).toBe("info");
      expect(g.span).toBeDefined();
    }
  });
});

describe("thread-text reader on the torture fixture", () => {
  const { doc, diagnostics } = read("torture-thread.txt");

  it("links the quotes of a nested-quote post and reports the unmatched quote of a quote", () => {
    const post = postContaining(doc, "Nested quoting aside") as Post;
    expect(post.parentId).toBe(doc.posts[0]?.id);
    const nested = post.quotes.find((q) => q.text.startsWith("This is a quote of a quote"));
    expect(nested?.targetPostId).toBeUndefined();
    expect(diagnostics.some((d) => d.rule === "thread-text/quote-unmatched")).toBe(true);
  });

  it("keeps a quote-only post with an empty body and a parent", () => {
    const quoteOnly = doc.posts.find((p) => p.bodySpans.length === 0 && p.quotes.length > 0) as Post;
    expect(quoteOnly).toBeDefined();
    const parent = doc.posts.find((p) => p.id === quoteOnly.parentId) as Post;
    expect(body(doc, parent)).toContain("Tunnels are 3-5x the cost of viaducts");
  });

  it("keeps code blocks out of the body but inside the post", () => {
    const post = postStarting(doc, "Here is the cost model") as Post;
    expect(body(doc, post)).not.toContain("25_000_000");
    expect(doc.text.slice(post.span[0], post.span[1])).toContain("25_000_000");
  });

  it("does not split inside abbreviations, amounts or ranges", () => {
    const quote = postContaining(doc, "Nested quoting aside")?.quotes.find((q) =>
      q.text.startsWith("A $500B"),
    );
    const span = quote?.targetSpan;
    expect(span && doc.text.slice(span[0], span[1])).toBe(
      "A $500B program over 10 years is small next to highway spending",
    );
  });
});

describe("thread-text reader on the seed thread", () => {
  const seed = hasSeed ? readSource({ name: "seed.txt", bytes: readFileSync(seedUrl) }) : undefined;

  it.skipIf(!hasSeed)("detects the seed as a thread", () => {
    expect(seed?.doc.format).toBe("thread-text");
  });

  it.skipIf(!hasSeed)("links the reply quoting 'Nope. If China were not banned…' to the 'Nope.' post", () => {
    const doc = seed?.doc as SourceDoc;
    const parent = postStarting(doc, "Nope. If China were not banned") as Post;
    const reply = doc.posts.find((p) =>
      p.quotes.some((q) => q.text.startsWith("Nope. If China were not banned")),
    ) as Post;
    expect(reply.parentId).toBe(parent.id);
    const q = reply.quotes.find((x) => x.text.startsWith("Nope.")) as Post["quotes"][number];
    const span = q.targetSpan as [number, number];
    expect(doc.text.slice(span[0], span[1])).toBe(q.text);
    expect(span[0]).toBe(parent.bodySpans[0]?.[0]);
  });

  it.skipIf(!hasSeed)(
    "links the reply quoting the re-typed 'dumbf-ck' passage to 'This was a dumb move…'",
    () => {
      const doc = seed?.doc as SourceDoc;
      const parent = postStarting(doc, "This was a dumb move by the US") as Post;
      const reply = doc.posts.find((p) =>
        p.quotes.some((q) => q.text.includes("dumbf-ck aristocratic")),
      ) as Post;
      expect(reply.parentId).toBe(parent.id);
      const q = reply.quotes[0] as Post["quotes"][number];
      const span = q.targetSpan as [number, number];
      const target = doc.text.slice(span[0], span[1]);
      expect(target.startsWith("This was a dumb move by the US.")).toBe(true);
      expect(target.endsWith("they don't have to...")).toBe(true);
      expect(target).toContain("dumbf*ck");
      expect(q.score).toBeGreaterThan(0.8);
    },
  );

  it.skipIf(!hasSeed)("reads a ~1 MB thread in linear time", () => {
    const text = readFileSync(seedUrl, "utf8");
    const big = Array.from({ length: Math.ceil(1_000_000 / text.length) }, () => text).join("\n\n");
    const bytes = new TextEncoder().encode(big);
    readSource({ name: "warm-up.txt", bytes: new TextEncoder().encode(text) }, { format: "thread-text" });
    const t0 = performance.now();
    const { doc } = readSource({ name: "big.txt", bytes }, { format: "thread-text" });
    const seconds = (performance.now() - t0) / 1000;
    expect(doc.posts.length).toBeGreaterThan(2000);
    // Typically 4-6 MB/s; the bound is loose for busy CI machines but fails if the quote search
    // turns quadratic in the number of posts (thousands of posts here).
    expect(bytes.length / 1e6 / seconds).toBeGreaterThan(0.25);
  });
});
