/**
 * Token-length guard in front of the tokenizer. Some of wink-nlp's token regexes are quadratic
 * in the token length, so a run of text without spaces longer than `MAX_TOKEN_LENGTH` is never
 * handed to it: the segmenter keeps such a run as one opaque token, and the segment stage reports
 * it as a diagnostic.
 */
import type { Span } from "../model/index.js";

/**
 * Longest run of non-space characters handed to wink-nlp. Some of its token regexes are
 * quadratic in the token length (a 256 KiB token took 42 s); prose words are far shorter, and a
 * longer run (base64, a pasted hash, a line of punctuation) becomes one opaque token.
 */
export const MAX_TOKEN_LENGTH = 200;

/** Spans of the runs of non-space characters in `range` longer than `MAX_TOKEN_LENGTH`. */
export function findLongTokens(text: string, range: Span): Span[] {
  const runs: Span[] = [];
  // Scan a copy of the range: a regex started at `range[0]` of the whole text would search on
  // past `range[1]`, once per range (quadratic over the many short posts of a big thread).
  const part = text.slice(range[0], range[1]);
  const re = new RegExp(`\\S{${MAX_TOKEN_LENGTH + 1},}`, "g");
  for (let m = re.exec(part); m; m = re.exec(part)) {
    runs.push([range[0] + m.index, range[0] + m.index + m[0].length]);
  }
  return runs;
}
