import { describe, expect, it } from "vitest";
import { collectingContext, type SourceDoc } from "../model/index.js";
import { INVISIBLE_ONLY, segmentSources, splitClauses, winkSegmenter } from "./index.js";

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

  it("keeps a bracketed aside with a question mark inside its sentence", () => {
    const text =
      "If AI (somehow? I doubt it) does not pay off, the chips can be used for other things. Fabs matter (really).";
    const sentences = winkSegmenter.sentences(text, [0, text.length]).map((s) => text.slice(...s.span));
    expect(sentences).toEqual([
      "If AI (somehow? I doubt it) does not pay off, the chips can be used for other things.",
      "Fabs matter (really).",
    ]);
    // An unclosed bracket does not swallow the sentences after it.
    const open = "He left (for good. She stayed. They argued about it later.";
    expect(winkSegmenter.sentences(open, [0, open.length])).toHaveLength(3);
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

describe("invisible characters", () => {
  // wink-nlp drops U+FEFF, U+3000, U+2028 and other spaces its splitter does not know, so offsets
  // taken from its token values and preceding spaces drifted: a later sentence's span slid onto a
  // space. A lone format character (U+FEFF, a bidi isolate, a zero-width space) became a sentence.
  const invisible = [
    "\ufeff",
    "\u3000",
    "\u2028",
    "\u2029",
    "\u000b",
    "\u2000",
    "\u2067",
    "\u200b",
    "\u00ad",
  ];

  it("keeps exact offsets after every space wink-nlp drops", () => {
    for (const c of invisible) {
      const text = `Cars pollute the air.${c} ${c}Ban them now. They are loud${c}. Shops need them.`;
      const { segments, tokens } = segment(doc(text));
      for (const s of segments)
        for (const t of tokens.get(s.id)!)
          expect(text.slice(t.start, t.end), `U+${c.codePointAt(0)!.toString(16)}`).toBe(t.value);
      expect(segments.map((s) => s.text)).toContain("Shops need them.");
    }
  });

  it("never makes a segment of invisible characters alone", () => {
    for (const c of invisible) {
      const text = `Cars pollute the air. ${c} \n\n${c}\n\nBan them. ${c}${c}. ${c}`;
      const { segments } = segment(doc(text));
      const hex = `U+${c.codePointAt(0)!.toString(16)}`;
      for (const s of segments)
        expect(INVISIBLE_ONLY.test(s.text), `${hex}: ${JSON.stringify(s.text)}`).toBe(false);
      expect(
        segments.map((s) => s.text.replace(c, "")),
        hex,
      ).toContain("Cars pollute the air.");
    }
  });
});

describe("over-long tokens", () => {
  const withToken = (size: number) =>
    `Short words come first. Then a blob ${"a".repeat(size / 2)}.${"b".repeat(size / 2 - 1)} ends here.\n\n` +
    `![img](data:image/png;base64,${"QUJD".repeat(size / 4)}) And prose goes on.`;

  it("keeps a run without spaces as one token, losslessly, and reports it", () => {
    const text = withToken(16 * 1024);
    const ctx = collectingContext();
    const { segments, tokens } = segmentSources([doc(text)], winkSegmenter, ctx);
    for (const s of segments) {
      expect(text.slice(...s.span)).toBe(s.text);
      for (const t of tokens.get(s.id)!) expect(text.slice(t.start, t.end)).toBe(t.value);
    }
    const long = segments.flatMap((s) => tokens.get(s.id)!).filter((t) => t.value.length > 200);
    expect(long.map((t) => t.value.length)).toEqual([16 * 1024, 16 * 1024 + 29 + 1]);
    expect(ctx.diagnostics).toEqual([
      expect.objectContaining({
        rule: "segment/long-token",
        sourceId: "src-t",
        span: [long[0]!.start, long[0]!.end],
      }),
    ]);
    expect(segments.map((s) => s.text)).toContain("Short words come first.");
  });

  it("segments a 256 KiB token in linear time (wink's regexes are quadratic on it)", () => {
    // Unguarded, a 64 KiB token took 3.4 s and a 256 KiB one 42 s; guarded, both take milliseconds.
    const small = withToken(16 * 1024);
    const big = withToken(256 * 1024);
    const t0 = performance.now();
    const a = winkSegmenter.sentences(small, [0, small.length]);
    const t1 = performance.now();
    const b = winkSegmenter.sentences(big, [0, big.length]);
    const t2 = performance.now();
    expect(b.map((s) => s.tokens.length)).toEqual(a.map((s) => s.tokens.length));
    // A very generous bound (16× the input for 16× + 5 s of slack), not a race.
    expect(t2 - t1).toBeLessThan(16 * (t1 - t0) + 5000);
  });
});
