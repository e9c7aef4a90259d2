import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSource } from "../read-source.js";

const root = new URL("../../../", import.meta.url);

describe("markdown reader", () => {
  const { doc } = readSource({
    name: "ingest-essay.md",
    bytes: readFileSync(new URL("test/fixtures/ingest-essay.md", root)),
  });
  const post = doc.posts[0];
  const bodies = (post?.bodySpans ?? []).map((s) => doc.text.slice(s[0], s[1]));

  it("reads an essay as one post and takes its title from the first heading", () => {
    expect(doc.format).toBe("markdown");
    expect(doc.posts).toHaveLength(1);
    expect(doc.title).toBe("Night trains deserve a comeback");
  });

  it("keeps headings without their markers, paragraphs and list items as body", () => {
    expect(bodies).toContain("The cost problem");
    expect(bodies).toContain("Lower emissions per passenger.");
    expect(bodies).toContain("A full working day saved.");
    expect(bodies.some((b) => b.startsWith("Short flights are the least efficient"))).toBe(true);
  });

  it("skips front matter, HTML comments, code blocks and link definitions", () => {
    const all = bodies.join("\n");
    expect(all).not.toContain("tags:");
    expect(all).not.toContain("editorial note");
    expect(all).not.toContain("ticketPrice");
    expect(all).not.toContain("not a heading");
    expect(all).not.toContain("https://example.org/rail-subsidies");
  });

  it("turns blockquotes into quotes, not body", () => {
    expect(post?.quotes.map((q) => q.text)).toEqual([
      "Rail is the only mode that gets cheaper to decarbonise the more it is used.",
    ]);
    expect(bodies.join("\n")).not.toContain("Rail is the only mode");
  });
});

describe("text reader", () => {
  it("reads an essay as one post with one body span per paragraph", () => {
    const { doc } = readSource({
      name: "ingest-essay.txt",
      bytes: readFileSync(new URL("test/fixtures/ingest-essay.txt", root)),
    });
    expect(doc.format).toBe("text");
    expect(doc.posts).toHaveLength(1);
    const bodies = (doc.posts[0]?.bodySpans ?? []).map((s) => doc.text.slice(s[0], s[1]));
    expect(bodies).toHaveLength(5);
    expect(bodies[0]).toBe("Why public libraries still matter");
    expect(bodies[4]?.startsWith("Finally, librarians")).toBe(true);
  });
});
