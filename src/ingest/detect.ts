/**
 * Format detection: `.md`/`.markdown` → markdown; text that reads like a flattened comment
 * thread → thread-text; Markdown syntax → markdown; otherwise plain text. The caller can always
 * override (`--format`).
 */
import type { SourceFormat } from "../model/index.js";
import { splitLines, wordTokens } from "./lines.js";
import { REACTION } from "./readers/thread-cues.js";

const QUOTE_LINE = /^[ \t]{0,3}>(?:[ \t>]|$)/;
const SHINGLE = 4;

interface Paragraph {
  text: string;
  quote: boolean;
}

function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let buf: string[] = [];
  let quote = false;
  const flush = (): void => {
    if (buf.length > 0) out.push({ text: buf.join("\n"), quote });
    buf = [];
  };
  for (const line of splitLines(text)) {
    if (line.blank) {
      flush();
      continue;
    }
    const q = QUOTE_LINE.test(line.text);
    if (buf.length > 0 && q !== quote) flush();
    quote = q;
    buf.push(line.text);
  }
  flush();
  return out;
}

/** Number of quote paragraphs that repeat (at least half of their 4-word shingles) earlier prose. */
function repeatedQuotes(paras: readonly Paragraph[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const p of paras) {
    const words = wordTokens(p.text.replace(/^[ \t]*(?:>[ \t]?)+/gm, "")).map((t) => t.norm);
    const shingles: string[] = [];
    for (let i = 0; i + SHINGLE <= words.length; i++) shingles.push(words.slice(i, i + SHINGLE).join(" "));
    if (p.quote) {
      if (shingles.length > 0 && shingles.filter((s) => seen.has(s)).length * 2 >= shingles.length) repeats++;
    } else for (const s of shingles) seen.add(s);
  }
  return repeats;
}

/** Detection looks at the start of the text only: enough to decide, and cheap on large inputs. */
const SAMPLE_CHARS = 64 * 1024;

function sample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf("\n", SAMPLE_CHARS);
  return text.slice(0, cut > SAMPLE_CHARS / 2 ? cut : SAMPLE_CHARS);
}

const CONVERSATIONAL = /\b(?:you|your|you're|i|i'm|i've|i'd|my|me)\b|\?\s*$/i;
const MARKDOWN_SYNTAX = /^(?: {0,3}#{1,6}[ \t]+\S| {0,3}(?:```|~~~)|.*\[[^\]]+\]\([^)]+\))/m;

/**
 * Guess the format of a decoded text.
 *
 * @example
 * detectFormat("# Title\n\nBody.", "notes.md"); // "markdown"
 * detectFormat("Cars are loud.\n\n> Cars are loud.\n\nNot electric ones.", "thread.txt"); // "thread-text"
 */
export function detectFormat(text: string, name: string): SourceFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "markdown";
  const paras = paragraphs(sample(text));
  if (repeatedQuotes(paras) >= 1) return "thread-text";
  const prose = paras.filter((p) => !p.quote);
  if (prose.length >= 6) {
    const short = prose.filter((p) => p.text.length < 400).length / prose.length;
    const reactions = prose.filter((p) => REACTION.test(p.text.trim())).length;
    const conversational = prose.filter((p) => CONVERSATIONAL.test(p.text)).length / prose.length;
    if (
      short >= 0.7 &&
      (reactions >= 2 || (reactions >= 1 && conversational >= 0.3) || conversational >= 0.5)
    ) {
      return "thread-text";
    }
  }
  if (MARKDOWN_SYNTAX.test(text)) return "markdown";
  return "text";
}
