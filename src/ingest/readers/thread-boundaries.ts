/**
 * Pass 1 of the thread-text reader: where posts start. Each paragraph block continues the post
 * before it or starts a new one, from general cues (quotes answering another post, reactions,
 * connectives, lists, lead-ins to quoted material, second-person address); guesses are reported as
 * `thread-text/uncertain-boundary`. Footnote definitions then join the post that cites them.
 */
import type { Diagnostic } from "../../model/index.js";
import type { Line } from "../lines.js";
import { wordNorms, quoteText } from "../lines.js";
import { excerpt, firstLine, isListItem, type Block, type ParagraphIndex } from "./thread-blocks.js";
import {
  ADDENDUM,
  ATTRIBUTION_LEAD_IN,
  BARE_URL,
  FOOTNOTE_DEF,
  REACTION,
  STRONG_CONNECTIVE,
  WEAK_CONNECTIVE,
} from "./thread-cues.js";

const STAGE = "ingest";
/** How far a lead-in ("To quote X:") looks ahead for the link that closes the quoted material. */
const LEAD_IN_REACH = 15;
/** How far back a footnote definition looks for the paragraph citing it. */
const FOOTNOTE_REACH = 40;
/** Second-person address: a cue that a paragraph answers the same person as the one before. */
const SECOND_PERSON = /\b(?:you|your|you're|you've|yours)\b/i;

interface PostDraft {
  blocks: number[];
}

interface Decision {
  newPost: boolean;
  /** A guess worth reporting, with the reason. */
  uncertain?: string;
}

/**
 * The posts of a thread as groups of consecutive block indices, in order.
 * @example groupPosts(blocks, index, "src-1", diagnostics) // [[0], [1, 2], [3]]
 */
export function groupPosts(
  blocks: readonly Block[],
  index: ParagraphIndex,
  sourceId: string,
  diagnostics: Diagnostic[],
): number[][] {
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
  return groups;
}
