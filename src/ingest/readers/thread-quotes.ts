/**
 * Pass 2 of the thread-text reader: build the posts and link each quote to the earlier post and
 * passage it quotes (fuzzy: rare-token lookup, an increasing token alignment, trigram Dice);
 * unmatched quotes are reported as `thread-text/quote-unmatched`. A post's parent is the post its
 * outermost quote answers.
 */
import { provenance, type Diagnostic, type Post, type Quote, type Span } from "../../model/index.js";
import { pushAll } from "../../util/array.js";
import { linesSpan, quoteText, trigramDice, wordTokens, type Token } from "../lines.js";
import type { Reader } from "./reader.js";
import { excerpt, quoteRuns, type Block, type ParagraphIndex } from "./thread-blocks.js";

const STAGE = "ingest";
/** Minimum score for a quote to be linked to a target. */
export const QUOTE_MATCH_THRESHOLD = 0.5;

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

/**
 * The posts of a thread from its block groups, quotes linked to what they quote.
 * @example buildPosts(text, "src-1", blocks, groups, index, reader, diagnostics)
 */
export function buildPosts(
  text: string,
  sourceId: string,
  blocks: readonly Block[],
  groups: readonly number[][],
  index: ParagraphIndex,
  reader: Pick<Reader, "name" | "version">,
  diagnostics: Diagnostic[],
): Post[] {
  const finalPostOf = new Array<number>(blocks.length).fill(0);
  groups.forEach((g, p) => g.forEach((i) => (finalPostOf[i] = p)));
  // Pass 2: build posts and link quotes to earlier posts.
  const by = provenance(reader, "classic");
  const posts: Post[] = [];
  const postTokenCache = new Map<number, { tokens: Token[]; positions: Map<string, number[]> }>();
  const postTokens = (p: number): { tokens: Token[]; positions: Map<string, number[]> } => {
    let cached = postTokenCache.get(p);
    if (!cached) {
      const tokens: Token[] = [];
      for (const i of groups[p] as number[]) {
        const b = blocks[i] as Block;
        if (b.kind !== "quote" && b.kind !== "code") pushAll(tokens, wordTokens(text, b.span[0], b.span[1]));
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
  return posts;

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
}
