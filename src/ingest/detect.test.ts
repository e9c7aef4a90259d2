import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect.js";
import { readSource } from "./read-source.js";

describe("detectFormat", () => {
  it("takes .md and .markdown files as markdown", () => {
    expect(detectFormat("Plain words.", "notes.md")).toBe("markdown");
    expect(detectFormat("Plain words.", "NOTES.MARKDOWN")).toBe("markdown");
  });

  it("takes text whose quote lines repeat earlier text as a thread", () => {
    const text =
      "Cats are better pets than dogs because they need less space.\n\n> Cats are better pets than dogs because they need less space.\n\nNot if you want a running partner.";
    expect(detectFormat(text, "t.txt")).toBe("thread-text");
  });

  it("takes many short conversational paragraphs as a thread", () => {
    const text = [
      "Is tea better than coffee?",
      "Nope. Coffee wins every time.",
      "You clearly never had good tea.",
      "Exactly, I agree with you.",
      "I drink both, honestly.",
      "What about caffeine levels?",
    ].join("\n\n");
    expect(detectFormat(text, "t.txt")).toBe("thread-text");
  });

  it("takes an essay without quotes or markup as plain text", () => {
    const text = [
      "Libraries matter.",
      "They give free access to books and computers for everyone in a town.",
      "They are also quiet public spaces.",
      "Funding them is cheap compared with the benefit.",
    ].join("\n\n");
    expect(detectFormat(text, "essay.txt")).toBe("text");
  });

  it("takes Markdown syntax in a .txt file as markdown", () => {
    expect(detectFormat("# Title\n\nSome text with a [link](https://example.org).", "x.txt")).toBe(
      "markdown",
    );
  });

  it("lets the caller override the detected format", () => {
    const bytes = new TextEncoder().encode("# Title\n\nBody.");
    expect(readSource({ name: "a.md", bytes }, { format: "text" }).doc.format).toBe("text");
  });
});

describe("readSource", () => {
  it("derives the source id from a hash of the text and post ids from it", () => {
    const bytes = new TextEncoder().encode("One paragraph.\n\nAnother.");
    const a = readSource({ name: "a.txt", bytes }).doc;
    const b = readSource({ name: "b.txt", bytes }).doc;
    expect(a.id).toMatch(/^src-[0-9a-f]{12}$/);
    expect(a.id).toBe(b.id);
    expect(a.posts[0]?.id).toBe(`${a.id}:p0`);
    expect(a.posts[0]?.by).toEqual({ stage: "ingest/text", version: "1.0.0", engine: "classic" });
  });

  it("tags decode diagnostics with the source id", () => {
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2e]); // "Café." in windows-1252
    const { doc, diagnostics } = readSource({ name: "latin.txt", bytes });
    expect(doc.text).toBe("Café.");
    expect(diagnostics[0]?.sourceId).toBe(doc.id);
  });
});
