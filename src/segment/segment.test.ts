import { describe, expect, it } from "vitest";
import { collectingContext, type SourceDoc } from "../model/index.js";
import { segmentSources, splitClauses, winkSegmenter } from "./index.js";

function doc(text: string, id = "src-t"): SourceDoc {
  return {
    id,
    name: `${id}.txt`,
    format: "text",
    text,
    posts: [
      {
        id: `${id}:p0`,
        sourceId: id,
        index: 0,
        span: [0, text.length],
        bodySpans: [[0, text.length]],
        quotes: [],
        by: { stage: "test", version: "1", engine: "classic" },
      },
    ],
  };
}

const segment = (...docs: SourceDoc[]) => segmentSources(docs, winkSegmenter, collectingContext());

describe("segmentation", () => {
  it("keeps abbreviations, money and ranges inside their sentence, with exact offsets", () => {
    const text =
      "The U.S. spent $500B on chips, e.g. for fabs. China is 2-4 years behind.\n\nSee https://example.com/a?b=1 now.";
    const { segments, tokens } = segment(doc(text));
    expect(segments.map((s) => s.text)).toEqual([
      "The U.S. spent $500B on chips, e.g. for fabs.",
      "China is 2-4 years behind.",
      "See https://example.com/a?b=1 now.",
    ]);
    for (const s of segments) {
      expect(text.slice(s.span[0], s.span[1])).toBe(s.text);
      for (const t of tokens.get(s.id)!) expect(text.slice(t.start, t.end)).toBe(t.value);
    }
  });

  it("splits a claim from its reason at a discourse marker, but not where the marker starts a phrase", () => {
    const clauses = (text: string) => {
      const [sentence] = winkSegmenter.sentences(text, [0, text.length]);
      return splitClauses(sentence!).map((c) => text.slice(c.span[0], c.span[1]));
    };
    expect(clauses("We should ban cars from the old town because the streets are far too narrow.")).toEqual([
      "We should ban cars from the old town",
      "because the streets are far too narrow.",
    ]);
    expect(clauses("Prices have risen a lot since 2020 in most of the big cities.")).toHaveLength(1);
    expect(clauses("The plan failed and that is because nobody funded the buses.")).toHaveLength(1);
  });

  it("segments a document the same whatever was segmented before it", () => {
    const probe = doc("Someone else's idea is not my idea. It is theirs.", "src-probe");
    const alone = segment(probe);
    const after = segment(
      doc("Whose is it? It is else's, they say: else's and someone else's.", "src-first"),
      probe,
    );
    const probeTokens = (r: ReturnType<typeof segment>) =>
      r.segments
        .filter((s) => s.sourceId === "src-probe")
        .map((s) => r.tokens.get(s.id)!.map((t) => t.value));
    expect(probeTokens(after)).toEqual(probeTokens(alone));
  });
});
