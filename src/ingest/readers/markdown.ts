/**
 * Markdown reader: an essay or article in Markdown. One post; its body spans are prose
 * paragraphs, list items and headings (heading text without `#`). Code blocks (fenced or
 * indented), front matter, HTML comments, thematic breaks and link reference definitions are
 * skipped; blockquotes become the post's quotes. Inline markup stays in the text (spans index the
 * source as written).
 */
import { provenance, type Quote, type Span } from "../../model/index.js";
import { linesSpan, quoteText, splitLines, trimmed, type Line } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";
import { lineParagraphs } from "./text.js";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_COMMENT = /^ {0,3}<!--/;
const INDENTED = /^(?: {4}|\t)/;
const ATX = /^( {0,3}#{1,6})(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINK_DEF = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const QUOTE = /^ {0,3}>/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;

const MARKDOWN_SYNTAX = /^(?: {0,3}#{1,6}[ \t]+\S| {0,3}(?:```|~~~)|.*\[[^\]]+\]\([^)]+\))/m;

export const markdownReader: Reader = {
  format: "markdown",
  name: "ingest/markdown",
  version: "1.0.0",
  extensions: [".md", ".markdown"],
  mimeTypes: ["text/markdown", "text/x-markdown"],
  detect: ({ text }) => MARKDOWN_SYNTAX.test(text),
  read(text: string, sourceId: string): ReadResult {
    const lines = splitLines(text);
    const bodySpans: Span[] = [];
    const quotes: Quote[] = [];
    let title: string | undefined;
    let i = 0;

    // Front matter: a `---` (YAML) or `+++` (TOML) block on the very first line.
    const firstText = lines[0]?.text.trim();
    if (firstText === "---" || firstText === "+++") {
      for (let j = 1; j < lines.length; j++) {
        const t = (lines[j] as Line).text.trim();
        if (t === firstText || (firstText === "---" && t === "...")) {
          i = j + 1;
          break;
        }
      }
    }

    let para: Line[] = [];
    let paraStart = 0;
    let inList = false;
    let blankBefore = true;
    const push = (span: Span): void => {
      if (span[1] > span[0]) bodySpans.push(span);
    };
    // A paragraph that is not hard-wrapped puts one paragraph on each line (`lineParagraphs`).
    const flush = (): void => {
      lineParagraphs(para).forEach((lines, k) => {
        const last = lines[lines.length - 1];
        if (last) push(trimmed(text, k === 0 ? paraStart : lines[0]!.start, last.end));
      });
      para = [];
    };

    for (; i < lines.length; i++) {
      const line = lines[i] as Line;
      const t = line.text;
      if (line.blank) {
        flush();
        blankBefore = true;
        continue;
      }
      const fence = FENCE.exec(t);
      if (fence) {
        flush();
        const marker = fence[1] as string;
        const close = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
        let j = i + 1;
        while (j < lines.length && !close.test((lines[j] as Line).text)) j++;
        i = j;
        blankBefore = false;
        continue;
      }
      if (HTML_COMMENT.test(t)) {
        flush();
        const from = t.indexOf("<!--") + 4;
        let j = i;
        let rest = t.slice(from);
        while (!rest.includes("-->") && j + 1 < lines.length) {
          j++;
          rest = (lines[j] as Line).text;
        }
        i = j;
        continue;
      }
      if (para.length === 0 && !inList && blankBefore && INDENTED.test(t)) continue; // indented code
      const atx = ATX.exec(t);
      if (atx) {
        flush();
        let end = line.end;
        const content = t.slice(atx[0].length).replace(/[ \t]+#+[ \t]*$|^#+[ \t]*$/, "");
        end = line.start + atx[0].length + content.length;
        const span = trimmed(text, line.start + atx[0].length, end);
        push(span);
        if (title === undefined && span[1] > span[0]) title = text.slice(span[0], span[1]);
        inList = false;
        blankBefore = false;
        continue;
      }
      if (para.length > 0 && SETEXT.test(t) && !inList) {
        const first = para[0] as Line;
        const last = para[para.length - 1] as Line;
        const span = trimmed(text, first.start, last.end);
        para = [];
        push(span);
        if (title === undefined && span[1] > span[0]) title = text.slice(span[0], span[1]);
        blankBefore = false;
        continue;
      }
      if (THEMATIC.test(t)) {
        flush();
        inList = false;
        blankBefore = false;
        continue;
      }
      if (para.length === 0 && LINK_DEF.test(t)) continue;
      if (QUOTE.test(t)) {
        flush();
        inList = false;
        const block: Line[] = [line];
        while (
          i + 1 < lines.length &&
          !(lines[i + 1] as Line).blank &&
          QUOTE.test((lines[i + 1] as Line).text)
        ) {
          block.push(lines[++i] as Line);
        }
        const span = linesSpan(text, block);
        const qt = quoteText(block);
        if (span[1] > span[0] && qt.length > 0) quotes.push({ span, text: qt, score: 0 });
        blankBefore = false;
        continue;
      }
      const item = LIST_ITEM.exec(t);
      if (item) {
        flush();
        para = [line];
        paraStart = line.start + item[0].length;
        inList = true;
        blankBefore = false;
        continue;
      }
      if (para.length === 0) {
        if (blankBefore && !/^[ \t]/.test(t)) inList = false;
        paraStart = line.start;
      }
      para.push(line);
      blankBefore = false;
    }
    flush();

    const all: Span[] = [...bodySpans, ...quotes.map((q) => q.span)];
    if (all.length === 0) return { posts: [], diagnostics: [], ...(title !== undefined ? { title } : {}) };
    const start = all.reduce((m, s) => Math.min(m, s[0]), Number.POSITIVE_INFINITY);
    const end = all.reduce((m, s) => Math.max(m, s[1]), 0);
    return {
      posts: [
        {
          id: `${sourceId}:p0`,
          sourceId,
          index: 0,
          span: [start, end],
          bodySpans,
          quotes,
          by: provenance(markdownReader, "classic"),
        },
      ],
      ...(title !== undefined ? { title } : {}),
      diagnostics: [],
    };
  },
};
