/**
 * Plain text reader: an essay or article. One post for the whole text; its body spans are the
 * paragraphs (runs of non-blank lines).
 */
import { provenance, type Span } from "../../model/index.js";
import { linesSpan, splitLines, type Line } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";

/** Paragraph spans (trimmed) of a text: runs of non-blank lines. */
export function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  let run: Line[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      const s = linesSpan(text, run);
      if (s[1] > s[0]) spans.push(s);
      run = [];
    }
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
