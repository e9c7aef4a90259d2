/**
 * Turn a text (or the tokens the segmenter already produced) into the views the classic models
 * use: normal forms, lemmas, content lemmas, POS tags and negation.
 */
import { winkSegmenter, type Token } from "../../../segment/index.js";
import { STOPWORDS } from "../../../util/words.js";

export interface Analysed {
  tokens: Token[];
  /** Lower-cased normal forms of word-like tokens (punctuation dropped). */
  words: string[];
  lemmas: string[];
  /** Lemmas of non-stop-word alphanumeric tokens. */
  content: string[];
  pos: string[];
  /** Number of tokens in the scope of a negation or that are negation cues. */
  negations: number;
}

const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Analyse tokens from the segmenter.
 * @example analyseTokens(tokensOfSegment).content
 */
export function analyseTokens(tokens: Token[]): Analysed {
  const words: string[] = [];
  const lemmas: string[] = [];
  const content: string[] = [];
  const pos: string[] = [];
  let negations = 0;
  for (const t of tokens) {
    pos.push(t.pos);
    if (t.negated || t.normal === "not" || t.normal === "n't" || t.normal === "no" || t.normal === "never")
      negations++;
    if (!WORDISH.test(t.value)) continue;
    words.push(t.normal);
    lemmas.push(t.lemma);
    if (!STOPWORDS.has(t.normal) && !STOPWORDS.has(t.lemma) && t.lemma.length > 1) content.push(t.lemma);
  }
  return { tokens, words, lemmas, content, pos, negations };
}

/**
 * Analyse a raw string with the repo's wink-nlp segmenter.
 * @example analyseText("Uniforms reduce bullying.").lemmas // ["uniform", "reduce", "bullying"]
 */
export function analyseText(text: string): Analysed {
  return analyseTokens(winkSegmenter.sentences(text, [0, text.length]).flatMap((s) => s.tokens));
}
