/**
 * Flattened thread reader: comments one after another, separated by blank lines, no authors;
 * replies quote their parent with `> ` lines. Groups paragraphs into posts from general cues,
 * links each quote to the earlier post and passage it quotes (fuzzy), and reports guesses as
 * `thread-text/uncertain-boundary` diagnostics and unmatched quotes as
 * `thread-text/quote-unmatched`.
 *
 * Cost: linear in the text. Quote search looks only at the rarest tokens of a quote and at a
 * bounded number of the most recent earlier paragraphs holding each of them.
 */
import { provenance, type Diagnostic, type Post, type Quote, type Span } from "../../model/index.js";
import {
  linesSpan,
  quoteDepth,
  quoteText,
  splitLines,
  trigramDice,
  wordNorms,
  wordTokens,
  type Line,
  type Token,
} from "../lines.js";
import {
  ADDENDUM,
  ATTRIBUTION_LEAD_IN,
  BARE_URL,
  FENCE,
  FOOTNOTE_DEF,
  LIST_ITEM,
  QUOTE_LINE,
  REACTION,
  STRONG_CONNECTIVE,
  WEAK_CONNECTIVE,
} from "./thread-cues.js";
import { pushAll } from "../../util/array.js";
import type { ReadResult, Reader } from "./reader.js";

const STAGE = "ingest";
/** Minimum score for a quote to be linked to a target. */
export const QUOTE_MATCH_THRESHOLD = 0.5;
/** How many of a quote's rarest tokens are looked up. */
const RARE_TOKENS = 8;
/** How many earlier paragraphs per token are inspected (most recent first). */
const POSTINGS_PER_TOKEN = 64;
/** Candidate paragraphs kept per quote. */
const CANDIDATES = 5;
/** How far a lead-in ("To quote X:") looks ahead for the link that closes the quoted material. */
const LEAD_IN_REACH = 15;
/** How far back a footnote definition looks for the paragraph citing it. */
const FOOTNOTE_REACH = 40;
/** Second-person address: a cue that a paragraph answers the same person as the one before. */
const SECOND_PERSON = /\b(?:you|your|you're|you've|yours)\b/i;

type BlockKind = "prose" | "quote" | "code" | "footnotes" | "url";

interface Block {
  kind: BlockKind;
  lines: Line[];
  span: Span;
  text: string;
}

interface QuoteRun {
  depth: number;
  lines: Line[];
}

function buildBlocks(text: string): Block[] {
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

function quoteRuns(block: Block): QuoteRun[] {
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
class ParagraphIndex {
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

function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Longest chain of (quote token, post token) matches in order, cleaned of far-off stragglers. */
function alignTokens(
  quote: readonly Token[],
  positions: ReadonlyMap<string, number[]>,
): { q: number; p: number }[] {
  const pairs: { q: number; p: number }[] = [];
  for (let q = 0; q < quote.length; q++) {
    const ps = positions.get((quote[q] as Token).norm);
    if (!ps) continue;
    // Walk positions in descending order so one quote token matches at most once in the chain.
    for (let k = ps.length - 1, n = 0; k >= 0 && n < 64; k--, n++) pairs.push({ q, p: ps[k] as number });
  }
  if (pairs.length === 0) return [];
  // Longest strictly increasing subsequence on p (pairs are in q order, p descending within q).
  const tails: number[] = [];
  const prev = new Array<number>(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    const p = (pairs[i] as { p: number }).p;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as { p: number }).p < p) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const chain: { q: number; p: number }[] = [];
  for (let i = tails[tails.length - 1] as number; i >= 0; i = prev[i] as number)
    chain.push(pairs[i] as { q: number; p: number });
  chain.reverse();
  // Split the chain where it jumps far in the post relative to the quote; keep the largest piece.
  let best: { q: number; p: number }[] = [];
  let piece: { q: number; p: number }[] = [];
  for (const m of chain) {
    const last = piece[piece.length - 1];
    if (last && m.p - last.p > 3 * (m.q - last.q) + 8) {
      if (piece.length > best.length) best = piece;
      piece = [];
    }
    piece.push(m);
  }
  if (piece.length > best.length) best = piece;
  // Drop stray matches at either end: a quote is contiguous, so the post gap should not exceed
  // the quote gap by more than a word.
  let lo = 0;
  let hi = best.length - 1;
  while (hi - lo >= 1) {
    const a = best[lo] as { q: number; p: number };
    const b = best[lo + 1] as { q: number; p: number };
    if (b.p - a.p > b.q - a.q + 1) lo++;
    else break;
  }
  while (hi - lo >= 1) {
    const a = best[hi - 1] as { q: number; p: number };
    const b = best[hi] as { q: number; p: number };
    if (b.p - a.p > b.q - a.q + 1) hi--;
    else break;
  }
  return best.slice(lo, hi + 1);
}

interface PostDraft {
  blocks: number[];
}

interface Decision {
  newPost: boolean;
  /** A guess worth reporting, with the reason. */
  uncertain?: string;
}

function firstLine(block: Block): string {
  return (block.lines[0] as Line).text.trim();
}

function isListItem(block: Block | undefined): boolean {
  return block !== undefined && block.kind === "prose" && LIST_ITEM.test(firstLine(block));
}

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

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

const CONVERSATIONAL = /\b(?:you|your|you're|i|i'm|i've|i'd|my|me)\b|\?\s*$/i;
/**
 * Whether prose reads like a flattened comment thread: a quote repeats earlier prose (a reply
 * quoting its parent), or many short paragraphs with reactions and conversational words.
 */
export function looksLikeThread(head: string): boolean {
  const paras = paragraphs(head);
  if (repeatedQuotes(paras) >= 1) return true;
  const prose = paras.filter((p) => !p.quote);
  if (prose.length < 6) return false;
  const short = prose.filter((p) => p.text.length < 400).length / prose.length;
  const reactions = prose.filter((p) => REACTION.test(p.text.trim())).length;
  const conversational = prose.filter((p) => CONVERSATIONAL.test(p.text)).length / prose.length;
  return (
    short >= 0.7 && (reactions >= 2 || (reactions >= 1 && conversational >= 0.3) || conversational >= 0.5)
  );
}

export const threadTextReader: Reader = {
  format: "thread-text",
  name: "ingest/thread-text",
  version: "1.0.0",
  extensions: [],
  mimeTypes: [],
  detect: ({ head }) => looksLikeThread(head),
  read(text: string, sourceId: string): ReadResult {
    const diagnostics: Diagnostic[] = [];
    const blocks = buildBlocks(text);
    // Only words that occur in some quote can help find what a quote quotes: index just those.
    const quoteVocabulary = new Set<string>();
    for (const b of blocks)
      if (b.kind === "quote") for (const w of wordNorms(quoteText(b.lines))) quoteVocabulary.add(w);
    const index = new ParagraphIndex();
    if (quoteVocabulary.size > 0) {
      blocks.forEach((b, i) => {
        if (b.kind === "prose")
          index.add(
            i,
            wordNorms(b.text).filter((w) => quoteVocabulary.has(w)),
          );
      });
    }
    const quoteTokens = (b: Block): string[] => wordNorms(quoteText(b.lines));

    // Pass 1: decide where posts start.
    const postOf = new Array<number>(blocks.length).fill(0);
    const drafts: PostDraft[] = [];
    let quoteTarget: number | undefined; // post the current post's quotes answer
    let currentHasQuote = false;
    let leadInEnd = -1;
    const uncertain = (block: Block, reason: string): void => {
      diagnostics.push({
        rule: "thread-text/uncertain-boundary",
        stage: STAGE,
        severity: "info",
        message: `Guessed post boundary at "${excerpt(block.text)}": ${reason}.`,
        sourceId,
        span: block.span,
      });
    };

    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as Block;
      const prev = blocks[i - 1];
      let d: Decision;
      let target: number | undefined;
      if (!prev) d = { newPost: true };
      else if (b.kind === "footnotes" || b.kind === "url" || b.kind === "code") d = { newPost: false };
      else if (b.kind === "quote") {
        const found = index.search(quoteTokens(b), i)[0];
        target = found && found.coverage >= 0.5 ? postOf[found.block] : undefined;
        if (prev.kind === "quote") d = { newPost: false };
        else if (
          currentHasQuote &&
          target !== undefined &&
          target === quoteTarget &&
          target !== drafts.length - 1
        ) {
          d = { newPost: false };
        } else d = { newPost: true };
      } else {
        const first = firstLine(b);
        const prevText = prev.text.trimEnd();
        if (i <= leadInEnd) d = { newPost: false };
        else if (prev.kind === "quote") d = { newPost: false };
        else if (REACTION.test(first)) d = { newPost: true };
        else if (prev.kind === "code")
          d = { newPost: false, uncertain: "took the paragraph after a code block as more of the same post" };
        else if (prev.kind === "prose" && prevText.endsWith(":")) d = { newPost: false };
        else if (isListItem(b) && isListItem(prev)) d = { newPost: false };
        else if (ADDENDUM.test(first)) d = { newPost: false };
        else if (STRONG_CONNECTIVE.test(first)) d = { newPost: false };
        else if (WEAK_CONNECTIVE.test(first))
          d = {
            newPost: false,
            uncertain: "continued the previous post because the paragraph opens with a connective",
          };
        else if (b.text.length <= 160 && ATTRIBUTION_LEAD_IN.test(b.text)) {
          d = { newPost: false, uncertain: "continued the previous post with a lead-in to quoted material" };
        } else if (isListItem(prev)) {
          d = {
            newPost: false,
            uncertain: "took the paragraph after a list as the list author's closing remark",
          };
        } else if (currentHasQuote && SECOND_PERSON.test(b.text) && SECOND_PERSON.test(prev.text)) {
          d = {
            newPost: false,
            uncertain: "took a paragraph addressing the same person as more of the same quote-reply",
          };
        } else d = { newPost: true };
        // A lead-in like "To quote X:" carries the material after it up to the link that cites it.
        if (b.kind === "prose" && ATTRIBUTION_LEAD_IN.test(b.text) && b.text.length <= 160) {
          for (let j = i + 1; j < blocks.length && j <= i + LEAD_IN_REACH; j++) {
            const c = blocks[j] as Block;
            if (c.kind === "quote" || (c.kind === "prose" && REACTION.test(firstLine(c)))) break;
            const lastLine = (c.lines[c.lines.length - 1] as Line).text;
            if (c.kind === "url" || (c.kind === "prose" && BARE_URL.test(lastLine))) {
              if (j > i + 1) {
                leadInEnd = j;
                uncertain(
                  blocks[j] as Block,
                  `grouped ${j - i} paragraphs after the lead-in "${excerpt(b.text)}" up to the cited link as one post`,
                );
              }
              break;
            }
          }
        }
      }
      if (d.uncertain) uncertain(b, d.uncertain);
      if (d.newPost) {
        drafts.push({ blocks: [] });
        currentHasQuote = false;
        quoteTarget = undefined;
      }
      const draft = drafts[drafts.length - 1] as PostDraft;
      draft.blocks.push(i);
      postOf[i] = drafts.length - 1;
      if (b.kind === "quote") {
        if (!currentHasQuote) quoteTarget = target;
        currentHasQuote = true;
      }
    }

    // Footnote definitions belong to the post that cites them: merge everything in between.
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as Block;
      if (b.kind !== "footnotes") continue;
      let from = i;
      for (const line of b.lines) {
        const n = (FOOTNOTE_DEF.exec(line.text) as RegExpExecArray)[1] as string;
        const cite = new RegExp(`\\S\\s*\\[${n}\\]`);
        for (let k = i - 1; k >= 0 && k >= i - FOOTNOTE_REACH; k--) {
          const c = blocks[k] as Block;
          if (c.kind === "prose" && cite.test(c.text)) {
            from = Math.min(from, k);
            break;
          }
        }
      }
      if (from < i) for (let k = from + 1; k <= i; k++) postOf[k] = postOf[from] as number;
    }
    // Renumber posts after merges.
    const groups: number[][] = [];
    for (let i = 0; i < blocks.length; i++) {
      if (i === 0 || postOf[i] !== postOf[i - 1]) groups.push([]);
      (groups[groups.length - 1] as number[]).push(i);
    }
    const finalPostOf = new Array<number>(blocks.length).fill(0);
    groups.forEach((g, p) => g.forEach((i) => (finalPostOf[i] = p)));

    // Pass 2: build posts and link quotes to earlier posts.
    const by = provenance(threadTextReader, "classic");
    const posts: Post[] = [];
    const postTokenCache = new Map<number, { tokens: Token[]; positions: Map<string, number[]> }>();
    const postTokens = (p: number): { tokens: Token[]; positions: Map<string, number[]> } => {
      let cached = postTokenCache.get(p);
      if (!cached) {
        const tokens: Token[] = [];
        for (const i of groups[p] as number[]) {
          const b = blocks[i] as Block;
          if (b.kind !== "quote" && b.kind !== "code")
            pushAll(tokens, wordTokens(text, b.span[0], b.span[1]));
        }
        const positions = new Map<string, number[]>();
        tokens.forEach((t, k) => {
          let list = positions.get(t.norm);
          if (!list) positions.set(t.norm, (list = []));
          list.push(k);
        });
        cached = { tokens, positions };
        postTokenCache.set(p, cached);
      }
      return cached;
    };

    groups.forEach((g, p) => {
      const firstBlock = blocks[g[0] as number] as Block;
      const lastBlock = blocks[g[g.length - 1] as number] as Block;
      const bodySpans: Span[] = [];
      const quotes: (Quote & { depth: number })[] = [];
      for (const i of g) {
        const b = blocks[i] as Block;
        if (b.kind === "quote") {
          for (const run of quoteRuns(b)) {
            const span = linesSpan(text, run.lines);
            const qt = quoteText(run.lines);
            if (span[1] <= span[0] || qt.length === 0) continue;
            quotes.push({ span, text: qt, score: 0, depth: run.depth, ...linkQuote(qt, g[0] as number) });
          }
        } else if (b.kind !== "code") bodySpans.push(b.span);
      }
      let parentId: string | undefined;
      const minDepth = quotes.reduce((m, q) => Math.min(m, q.depth), Number.POSITIVE_INFINITY);
      for (const q of quotes) {
        if (q.targetPostId !== undefined && q.depth === minDepth) {
          parentId = q.targetPostId;
          break;
        }
      }
      if (parentId === undefined) parentId = quotes.find((q) => q.targetPostId !== undefined)?.targetPostId;
      for (const q of quotes) {
        if (q.targetPostId === undefined) {
          diagnostics.push({
            rule: "thread-text/quote-unmatched",
            stage: STAGE,
            severity: "warning",
            message: `The quote "${excerpt(q.text)}" matches no earlier post; it is kept without a link.`,
            sourceId,
            span: q.span,
          });
        }
      }
      posts.push({
        id: `${sourceId}:p${p}`,
        sourceId,
        index: p,
        ...(parentId !== undefined ? { parentId } : {}),
        span: [firstBlock.span[0], lastBlock.span[1]],
        bodySpans,
        quotes: quotes.map(({ depth: _depth, ...q }) => q),
        by,
      });
    });
    return { posts, diagnostics };

    /** Find the earlier post and passage a quote matches best. */
    function linkQuote(quote: string, beforeBlock: number): Partial<Quote> {
      const qTokens = wordTokens(quote);
      if (qTokens.length === 0) return {};
      const candidates = index.search(
        qTokens.map((t) => t.norm),
        beforeBlock,
      );
      const tried = new Set<number>();
      let best: { post: number; span: Span; coverage: number } | undefined;
      for (const c of candidates) {
        const p = finalPostOf[c.block] as number;
        if (tried.has(p) || tried.size >= 3) continue;
        tried.add(p);
        const { tokens, positions } = postTokens(p);
        const chain = alignTokens(qTokens, positions);
        if (chain.length === 0) continue;
        // Grow the chain over neighbouring tokens that match exactly (stray ends were dropped).
        let head = chain[0] as { q: number; p: number };
        while (
          head.q > 0 &&
          head.p > 0 &&
          (tokens[head.p - 1] as Token).norm === (qTokens[head.q - 1] as Token).norm
        ) {
          head = { q: head.q - 1, p: head.p - 1 };
          chain.unshift(head);
        }
        let tail = chain[chain.length - 1] as { q: number; p: number };
        while (
          tail.q + 1 < qTokens.length &&
          tail.p + 1 < tokens.length &&
          (tokens[tail.p + 1] as Token).norm === (qTokens[tail.q + 1] as Token).norm
        ) {
          tail = { q: tail.q + 1, p: tail.p + 1 };
          chain.push(tail);
        }
        const start = (tokens[head.p] as Token).start;
        let end = (tokens[tail.p] as Token).end;
        while (end < text.length && /[.!?…"'”’)\]*]/.test(text[end] as string)) end++;
        const coverage = chain.length / qTokens.length;
        if (!best || coverage > best.coverage) best = { post: p, span: [start, end], coverage };
      }
      if (!best) return { score: 0 };
      const dice = trigramDice(quote, text.slice(best.span[0], best.span[1]));
      const score = Math.min(1, Math.max(0, 0.6 * best.coverage + 0.4 * dice));
      const rounded = Math.round(score * 1000) / 1000;
      if (score < QUOTE_MATCH_THRESHOLD) return { score: rounded };
      return { targetPostId: `${sourceId}:p${best.post}`, targetSpan: best.span, score: rounded };
    }
  },
};
