/**
 * The paragraphs of a flattened thread as typed blocks (prose, quote, code, footnotes, bare URL),
 * the quote runs inside a quote block, and an index of prose paragraphs by word for finding what
 * a quote quotes. Shared by the post-boundary and quote-linking passes of the thread-text reader.
 */
import type { Span } from "../../model/index.js";
import { linesSpan, quoteDepth, splitLines, type Line } from "../lines.js";
import { BARE_URL, FENCE, FOOTNOTE_DEF, LIST_ITEM, QUOTE_LINE } from "./thread-cues.js";

/** How many of a quote's rarest tokens are looked up. */
const RARE_TOKENS = 8;
/** How many earlier paragraphs per token are inspected (most recent first). */
const POSTINGS_PER_TOKEN = 64;
/** Candidate paragraphs kept per quote. */
const CANDIDATES = 5;

export type BlockKind = "prose" | "quote" | "code" | "footnotes" | "url";

export interface Block {
  kind: BlockKind;
  lines: Line[];
  span: Span;
  text: string;
}

export interface QuoteRun {
  depth: number;
  lines: Line[];
}

export function buildBlocks(text: string): Block[] {
  const lines = splitLines(text);
  const blocks: Block[] = [];
  let current: { kind: "prose" | "quote"; lines: Line[] } | undefined;
  const close = (): void => {
    if (current && current.lines.length > 0) {
      const span = linesSpan(text, current.lines);
      if (span[1] > span[0])
        blocks.push({ kind: current.kind, lines: current.lines, span, text: text.slice(span[0], span[1]) });
    }
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.blank) {
      close();
      continue;
    }
    const fence = FENCE.exec(line.text);
    if (fence && !QUOTE_LINE.test(line.text)) {
      close();
      const marker = fence[1] as string;
      const closeRe = new RegExp(`^[ \\t]{0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
      const code: Line[] = [line];
      let j = i + 1;
      while (j < lines.length) {
        code.push(lines[j] as Line);
        if (closeRe.test((lines[j] as Line).text)) break;
        j++;
      }
      i = Math.min(j, lines.length - 1);
      const span = linesSpan(text, code);
      if (span[1] > span[0])
        blocks.push({ kind: "code", lines: code, span, text: text.slice(span[0], span[1]) });
      continue;
    }
    const kind = QUOTE_LINE.test(line.text) ? "quote" : "prose";
    if (current && current.kind !== kind) close();
    if (!current) current = { kind, lines: [] };
    current.lines.push(line);
  }
  close();
  for (const b of blocks) {
    if (b.kind !== "prose") continue;
    if (b.lines.every((l) => FOOTNOTE_DEF.test(l.text))) b.kind = "footnotes";
    else if (b.lines.every((l) => BARE_URL.test(l.text))) b.kind = "url";
  }
  return blocks;
}

export function quoteRuns(block: Block): QuoteRun[] {
  const runs: QuoteRun[] = [];
  for (const line of block.lines) {
    const depth = quoteDepth(line.text);
    const content = line.text.replace(/^[ \t]*(?:>[ \t]?)+/, "").trim();
    const last = runs[runs.length - 1];
    // A bare `>` line (a paragraph break inside the quote) stays with the run around it.
    if (last && (last.depth === depth || content === "")) last.lines.push(line);
    else runs.push({ depth, lines: [line] });
  }
  return runs;
}

/** Inverted index of prose paragraphs by token, postings in paragraph order. */
export class ParagraphIndex {
  readonly postings = new Map<string, number[]>();
  readonly tokenSets = new Map<number, Set<string>>();

  add(block: number, norms: readonly string[]): void {
    const set = new Set(norms);
    this.tokenSets.set(block, set);
    for (const norm of set) {
      let list = this.postings.get(norm);
      if (!list) this.postings.set(norm, (list = []));
      list.push(block);
    }
  }

  /** Earlier paragraphs (index < before) most like the quote tokens, best first, with coverage. */
  search(quote: readonly string[], before: number): { block: number; coverage: number }[] {
    const unique = [...new Set(quote)];
    if (unique.length === 0) return [];
    const withCounts = unique
      .map((norm) => ({ norm, list: this.postings.get(norm) }))
      .filter(
        (x): x is { norm: string; list: number[] } =>
          x.list !== undefined && x.list.length > 0 && (x.list[0] as number) < before,
      )
      .sort((a, b) => a.list.length - b.list.length)
      .slice(0, RARE_TOKENS);
    const hits = new Map<number, number>();
    for (const { list } of withCounts) {
      let hi = lowerBound(list, before) - 1;
      for (let n = 0; hi >= 0 && n < POSTINGS_PER_TOKEN; hi--, n++) {
        const b = list[hi] as number;
        hits.set(b, (hits.get(b) ?? 0) + 1);
      }
    }
    const top = [...hits.entries()]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, CANDIDATES * 2)
      .map(([block]) => {
        const set = this.tokenSets.get(block) as Set<string>;
        let shared = 0;
        for (const u of unique) if (set.has(u)) shared++;
        return { block, coverage: shared / unique.length };
      });
    return top.sort((a, b) => b.coverage - a.coverage || b.block - a.block).slice(0, CANDIDATES);
  }
}

export function firstLine(block: Block): string {
  return (block.lines[0] as Line).text.trim();
}

export function isListItem(block: Block | undefined): boolean {
  return block !== undefined && block.kind === "prose" && LIST_ITEM.test(firstLine(block));
}

export function excerpt(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

export function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
