/**
 * The default Segmenter: wink-nlp (tokens, sentence boundaries, POS, negation) over paragraphs.
 * wink-nlp is lossless (token values plus preceding spaces rebuild the text), which is what lets
 * us compute exact character offsets without searching.
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span } from "../model/index.js";
import type { Segmenter } from "./segmenter.js";
import type { Token, TokenizedSpan } from "./tokens.js";

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;
/** True once the current instance has read text (and may have learned words from it). */
let used = false;

function getNlp(): Nlp {
  nlp ??= winkNLP(model, ["sbd", "negation", "pos"]);
  used = true;
  return nlp;
}

/** Split a text range into blocks that never share a sentence: paragraphs, list items, headings. */
export function splitBlocks(text: string, range: Span): Span[] {
  const blocks: Span[] = [];
  const lineBreak = /\r?\n|\r/g;
  lineBreak.lastIndex = range[0];
  let start = range[0];
  const push = (end: number) => {
    if (/\S/.test(text.slice(start, end))) blocks.push([start, end]);
  };
  for (let m = lineBreak.exec(text); m && m.index < range[1]; m = lineBreak.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const line = text.slice(Math.max(lineStart, range[0]), m.index);
    const nextEnd = text.indexOf("\n", m.index + m[0].length);
    const next = text.slice(m.index + m[0].length, nextEnd < 0 || nextEnd > range[1] ? range[1] : nextEnd);
    if (startsNewBlock(line, next)) {
      push(m.index);
      start = m.index + m[0].length;
    }
  }
  push(range[1]);
  return blocks;
}

const LIST_OR_HEADING = /^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#{1,6}\s|>|\[\d+\]|```|\|)/;

function startsNewBlock(line: string, next: string): boolean {
  if (!/\S/.test(line) || !/\S/.test(next)) return true; // blank line: paragraph break
  if (LIST_OR_HEADING.test(next) || LIST_OR_HEADING.test(line)) return true;
  // A line that ends a sentence (or introduces a list) closes the block; hard-wrapped prose does not.
  return /[.!?:;)"'”’]\s*$/.test(line) || line.trim().length < 40;
}

/** Tokenize one block and cut it into sentences, offsets relative to the whole text. */
function sentencesOfBlock(text: string, block: Span): TokenizedSpan[] {
  const nlp = getNlp();
  const doc = nlp.readDoc(text.slice(block[0], block[1]));
  const its = nlp.its;
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const types = tokens.out(its.type) as string[];
  const pos = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as never) as unknown as string[];
  const normals = tokens.out(its.normal) as string[];
  const negations = tokens.out(its.negationFlag) as unknown as boolean[];

  const all: Token[] = [];
  // Start offset of every wink token (whitespace tokens included), for the sentence ends below.
  const tokenStarts = new Array<number>(values.length);
  let offset = block[0];
  for (let i = 0; i < values.length; i++) {
    offset += (spaces[i] ?? "").length;
    const value = values[i] ?? "";
    const start = offset;
    tokenStarts[i] = start;
    offset += value.length;
    const type = types[i] ?? "word";
    if (type === "tabCRLF" || /^\s*$/.test(value)) continue;
    all.push({
      start,
      end: offset,
      value,
      normal: normals[i] ?? value.toLowerCase(),
      lemma: (lemmas[i] ?? value).toLowerCase(),
      pos: pos[i] ?? "X",
      type,
      negated: negations[i] === true,
    });
  }
  const out: TokenizedSpan[] = [];
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  // Map wink token indices (which include whitespace tokens) to our filtered tokens by offset.
  let next = 0;
  for (const [, last] of spans) {
    const e = (tokenStarts[last] ?? block[0]) + (values[last] ?? "").length;
    const first = next;
    while (next < all.length && all[next]!.end <= e) next++;
    if (next === first) continue;
    const sentenceTokens = all.slice(first, next);
    out.push({
      span: [sentenceTokens[0]!.start, sentenceTokens[sentenceTokens.length - 1]!.end],
      tokens: sentenceTokens,
    });
  }
  return out;
}

/** wink-nlp sentences over paragraph blocks. */
export const winkSegmenter: Segmenter = {
  name: "wink-nlp",
  // wink-nlp adds out-of-vocabulary words to its lexicon as it reads, and a learned word changes
  // later tokenisation ("else's" stays whole once seen). A fresh instance per document (≈80 ms)
  // keeps every source's segmentation independent of what was read before it.
  beginDocument() {
    if (used) nlp = undefined;
    used = false;
  },
  sentences(text: string, range: Span): TokenizedSpan[] {
    return splitBlocks(text, range).flatMap((block) => sentencesOfBlock(text, block));
  },
};
