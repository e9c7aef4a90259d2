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
import type { Diagnostic } from "../../model/index.js";
import { quoteText, splitLines, wordNorms, wordTokens } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";
import { buildBlocks, ParagraphIndex } from "./thread-blocks.js";
import { groupPosts } from "./thread-boundaries.js";
import { QUOTE_LINE, REACTION } from "./thread-cues.js";
import { buildPosts } from "./thread-quotes.js";

export { QUOTE_MATCH_THRESHOLD } from "./thread-quotes.js";

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
    const groups = groupPosts(blocks, index, sourceId, diagnostics);
    const posts = buildPosts(text, sourceId, blocks, groups, index, threadTextReader, diagnostics);
    return { posts, diagnostics };
  },
};
