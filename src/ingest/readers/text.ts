/**
 * Plain text reader: an essay or article. One post for the whole text; its body spans are the
 * paragraphs: runs of non-blank lines, and in a run that is not hard-wrapped (some line longer
 * than `UNWRAPPED_LINE`) each line, since such texts put one paragraph on a line.
 */
import { provenance, type Span } from "../../model/index.js";
import { linesSpan, splitLines, type Line } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";

/**
 * A line longer than this is not hard-wrapped (editors and mail wrap at 72–80 columns), so its
 * run of lines separates paragraphs with single newlines.
 */
export const UNWRAPPED_LINE = 100;

/** A line that ends a sentence (closing quotes and brackets allowed after the punctuation). */
const SENTENCE_END = /[.!?…:]["'”’)\]]*$/;

/**
 * The paragraphs of a run of non-blank lines: the whole run when it is hard-wrapped; else one per
 * line, except that a long line that stops mid-sentence runs on into the next.
 */
export function lineParagraphs(run: readonly Line[]): Line[][] {
  if (run.length < 2 || !run.some((l) => l.text.trim().length > UNWRAPPED_LINE)) return [[...run]];
  const out: Line[][] = [];
  let current: Line[] = [];
  for (const line of run) {
    current.push(line);
    const t = line.text.trim();
    if (SENTENCE_END.test(t) || t.length <= UNWRAPPED_LINE) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Paragraph spans (trimmed) of a text: runs of non-blank lines, split at single newlines when the
 * run is not hard-wrapped (`lineParagraphs`).
 *
 * @example paragraphSpans("Title\n" + "A long line. ".repeat(10) + "\nNext one.") // three spans
 */
export function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  let run: Line[] = [];
  const flush = (): void => {
    for (const lines of lineParagraphs(run)) {
      const s = linesSpan(text, lines);
      if (s[1] > s[0]) spans.push(s);
    }
    run = [];
  };
  for (const line of splitLines(text)) {
    if (line.blank) flush();
    else run.push(line);
  }
  flush();
  return spans;
}

export const textReader: Reader = {
  format: "text",
  name: "ingest/text",
  version: "1.0.0",
  extensions: [],
  mimeTypes: [],
  // The last resort: any text that no other reader claims.
  detect: () => true,
  read(text: string, sourceId: string): ReadResult {
    const bodySpans = paragraphSpans(text);
    const first = bodySpans[0];
    const last = bodySpans[bodySpans.length - 1];
    if (!first || !last) return { posts: [], diagnostics: [] };
    return {
      posts: [
        {
          id: `${sourceId}:p0`,
          sourceId,
          index: 0,
          span: [first[0], last[1]],
          bodySpans,
          quotes: [],
          by: provenance(textReader, "classic"),
        },
      ],
      diagnostics: [],
    };
  },
};
