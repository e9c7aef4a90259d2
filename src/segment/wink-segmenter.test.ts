import { describe, expect, it } from "vitest";
import { learnedWords, MAX_LEARNED_WORDS, winkSegmenter } from "./wink-segmenter.js";

function segment(text: string): string[] {
  winkSegmenter.beginDocument?.();
  return winkSegmenter
    .sentences(text, [0, text.length])
    .map((s) => s.tokens.map((t) => `${t.value}/${t.pos}/${t.lemma}`).join(" "));
}

describe("winkSegmenter", () => {
  it("starts wink afresh after it learned too many words, and segments the same", () => {
    const probe = "Someone else's view isn't mine. We met at 10:30 in Zqville, didn't we?";
    const before = segment(probe);
    // One document of made-up words, 20 to a line: wink learns every one of them.
    const lines: string[] = [];
    for (let i = 0; i <= MAX_LEARNED_WORDS * 1.05; i += 20)
      lines.push(Array.from({ length: 20 }, (_, k) => `zq${(i + k).toString(36)}x`).join(" ") + ".");
    segment(lines.join("\n"));
    expect(learnedWords()).toBeGreaterThan(MAX_LEARNED_WORDS);
    expect(segment(probe)).toEqual(before);
    expect(learnedWords()).toBeLessThan(50);
  });
});
