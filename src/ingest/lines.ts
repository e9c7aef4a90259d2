/**
 * Line and paragraph scanning with exact offsets. Copes with `\n`, `\r\n` and lone `\r` line
 * endings; offsets always index the text as given.
 */
import type { Span } from "../model/index.js";

export interface Line {
  /** Start of the line's content. */
  start: number;
  /** End of the line's content (before the line terminator). */
  end: number;
  text: string;
  blank: boolean;
}

/** Split text into lines with offsets, keeping every line ending style. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const t = text.slice(start, m.index);
    lines.push({ start, end: m.index, text: t, blank: t.trim() === "" });
    start = m.index + m[0].length;
  }
  if (start <= text.length) {
    const t = text.slice(start);
    if (t.length > 0 || lines.length === 0)
      lines.push({ start, end: text.length, text: t, blank: t.trim() === "" });
  }
  return lines;
}

/** The span of a run of lines, trimmed to non-whitespace. */
export function linesSpan(text: string, lines: readonly Line[]): Span {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (!first || !last) return [0, 0];
  return trimmed(text, first.start, last.end);
}

/** Shrink [start, end) to non-whitespace. */
export function trimmed(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  return [s, e];
}

export interface Token {
  /** Normalised form: lower case letters and digits. */
  norm: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(code: number, ch: string): boolean {
  if (code < 0x80)
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
  return WORD_CHAR.test(ch);
}

/** Word tokens of text[start, end) with offsets, lower-cased. Punctuation splits words. */
export function wordTokens(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    let code = text.charCodeAt(i);
    // Surrogate pairs (letters outside the BMP) are tested as one character.
    let width = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? 2 : 1;
    if (!isWordChar(code, text.slice(i, i + width))) {
      i += width;
      continue;
    }
    const from = i;
    i += width;
    while (i < end) {
      code = text.charCodeAt(i);
      width = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? 2 : 1;
      if (!isWordChar(code, width === 1 ? (text[i] as string) : text.slice(i, i + 2))) break;
      i += width;
    }
    out.push({ norm: text.slice(from, i).toLowerCase(), start: from, end: i });
  }
  return out;
}

/** Lower-cased word forms of a string (same words as `wordTokens`, without offsets). */
export function wordNorms(s: string): string[] {
  return s.toLowerCase().match(WORD) ?? [];
}

/** Character trigram Dice similarity of two strings after normalising to words joined by spaces. */
export function trigramDice(a: string, b: string): number {
  const na = normaliseForGrams(a);
  const nb = normaliseForGrams(b);
  if (na.length < 3 || nb.length < 3) return na === nb ? 1 : 0;
  const gram = (s: string, i: number): number =>
    s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);
  const grams = new Map<number, number>();
  for (let i = 0; i + 3 <= na.length; i++) {
    const g = gram(na, i);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i + 3 <= nb.length; i++) {
    const g = gram(nb, i);
    const c = grams.get(g);
    if (c) {
      shared++;
      grams.set(g, c - 1);
    }
  }
  return (2 * shared) / (na.length - 2 + (nb.length - 2));
}

function normaliseForGrams(s: string): string {
  return (s.toLowerCase().match(WORD) ?? []).join(" ");
}

const QUOTE_MARKERS = /^[ \t]*(?:>[ \t]?)+/;

/** Strip `>` markers (any depth) from quote lines and join them. */
export function quoteText(lines: readonly Line[]): string {
  return lines
    .map((l) => l.text.replace(QUOTE_MARKERS, ""))
    .join("\n")
    .trim();
}

/** Number of `>` markers a quote line starts with (0 for a non-quote line). */
export function quoteDepth(line: string): number {
  const m = /^[ \t]{0,3}((?:>[ \t]?)+)/.exec(line);
  if (!m) return 0;
  return ((m[1] as string).match(/>/g) ?? []).length;
}
