import { describe, expect, it } from "vitest";
import { collectingContext, type SourceFormat } from "../model/index.js";
import { buildThread } from "../../test/support/thread.js";
import { ADJACENCY_CONFIDENCE, relateThread } from "./thread.js";

const thread = buildThread([
  { body: "Remote work makes teams less productive. Offices build trust." },
  { body: "Commuting wastes two hours a day for many people." },
  {
    quotes: [{ of: 0, text: "Remote work makes teams less productive.", score: 0.8 }],
    body: "Our team shipped more after going remote.",
  },
]);

describe("relateThread", () => {
  const relations = relateThread([thread], collectingContext());

  it("links a quoting post to the post it quotes with the quote's span and score", () => {
    const quote = relations.find((r) => r.kind === "quote");
    expect(quote).toMatchObject({
      from: "src-test:p2",
      to: "src-test:p0",
      confidence: 0.8,
      level: "post",
      id: "r:quote:src-test:p2->src-test:p0",
    });
    expect(thread.text.slice(quote!.span[0], quote!.span[1])).toBe(
      "> Remote work makes teams less productive.",
    );
  });

  it("adds a reply relation for a post with a parent, as confident as its quote", () => {
    const reply = relations.find((r) => r.kind === "reply" && r.from === "src-test:p2");
    expect(reply).toMatchObject({ to: "src-test:p0", confidence: 0.8, signals: ["quote"] });
  });

  it("takes a post without a parent as a low-confidence reply to the post before it", () => {
    const reply = relations.find((r) => r.kind === "reply" && r.from === "src-test:p1");
    expect(reply).toMatchObject({
      to: "src-test:p0",
      confidence: ADJACENCY_CONFIDENCE,
      signals: ["adjacency"],
    });
    expect(reply!.confidence).toBeLessThan(0.5);
    expect(relations.some((r) => r.from === "src-test:p0")).toBe(false);
  });

  it("records the stage and engine that produced every relation, with unique ids", () => {
    expect(relations.every((r) => r.by.stage === "relate-thread" && r.by.engine === "classic")).toBe(true);
    expect(new Set(relations.map((r) => r.id)).size).toBe(relations.length);
  });

  it("does not chain the paragraphs of a plain-text essay by adjacency", () => {
    const essay = buildThread(
      [{ body: "First paragraph here." }, { body: "Second paragraph here." }],
      "text",
    );
    expect(relateThread([essay], collectingContext())).toEqual([]);
  });

  it("numbers repeated quotes of the same post instead of reusing an id", () => {
    const twice = buildThread([
      { body: "Taxes are too high. Services are too poor." },
      {
        quotes: [
          { of: 0, text: "Taxes are too high." },
          { of: 0, text: "Services are too poor." },
        ],
        body: "Both are true in my town.",
      },
    ]);
    const ids = relateThread([twice], collectingContext())
      .filter((r) => r.kind === "quote")
      .map((r) => r.id);
    expect(ids).toEqual(["r:quote:src-test:p1->src-test:p0", "r:quote:src-test:p1->src-test:p0#2"]);
  });

  it("guesses adjacency replies only in conversations without a recorded tree", () => {
    const specs = [{ body: "Cities should ban cars downtown." }, { body: "Shops would lose customers." }];
    const adjacency = (format: SourceFormat) =>
      relateThread([buildThread(specs, format)], collectingContext()).filter((r) =>
        r.signals.includes("adjacency"),
      );
    for (const format of ["thread-text", "chat", "vtt", "srt"] as const)
      expect(adjacency(format)).toHaveLength(1);
    for (const format of ["text", "markdown", "html", "csv", "jsonl", "hn", "reddit"] as const)
      expect(adjacency(format)).toHaveLength(0);
  });
});
