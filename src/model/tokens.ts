import type { Span } from "./schema.js";

/** One token with its character offsets into the source text and its linguistic annotations. */
export interface Token {
  start: number;
  end: number;
  /** Surface form as in the text. */
  value: string;
  /** Lower-cased normal form. */
  normal: string;
  lemma: string;
  /** Universal POS tag (NOUN, VERB, AUX, …). */
  pos: string;
  /** Token type from the tokenizer: word, number, url, email, emoji, punctuation, currency, … */
  type: string;
  /** True when the token is in the scope of a negation. */
  negated: boolean;
}

/** A sentence or clause span together with its tokens. */
export interface TokenizedSpan {
  span: Span;
  tokens: Token[];
}
