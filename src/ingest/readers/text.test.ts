import { describe, expect, it } from "vitest";
import { readSource } from "../index.js";
import { paragraphSpans } from "./text.js";

const para = (n: number, topic: string) =>
  Array.from(
    { length: n },
    (_, i) => `Sentence ${i + 1} about ${topic} goes on for a while to make the line long.`,
  ).join(" ");

describe("paragraphs of plain text", () => {
  it("finds the paragraphs of an essay that separates them with single newlines", () => {
    const text = ["Should cities ban cars?", para(3, "the thesis"), para(4, "noise"), para(3, "cost")].join(
      "\n",
    );
    const spans = paragraphSpans(text);
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(text.split("\n"));
    const { doc } = readSource({ name: "essay.txt", bytes: new TextEncoder().encode(text) });
    expect(doc.posts[0]!.bodySpans).toHaveLength(4);
  });

  it("keeps a hard-wrapped paragraph whole, even where a line ends a sentence", () => {
    const wrapped =
      "Cars are loud and they fill the streets of every city we\nhave. They also cost a lot.\nThe end of the paragraph comes here.";
    expect(paragraphSpans(`${wrapped}\n\nNext paragraph.`)).toHaveLength(2);
  });

  it("lets a long line that stops mid-sentence run on into the next line", () => {
    const text = `${para(2, "buses")} and then the sentence\ncontinues here.\n${para(2, "trams")}`;
    const spans = paragraphSpans(text);
    expect(spans).toHaveLength(2);
    expect(text.slice(spans[0]![0], spans[0]![1])).toContain("continues here.");
  });

  it("finds single-newline paragraphs in Markdown too", () => {
    const text = `# Cars\n${para(3, "parking")}\n${para(3, "safety")}\n`;
    const { doc } = readSource({ name: "essay.md", bytes: new TextEncoder().encode(text) });
    expect(doc.posts[0]!.bodySpans).toHaveLength(3);
  });
});
