import type { Span } from "../model/index.js";
import type { TokenizedSpan } from "./tokens.js";

/**
 * The segmentation port: cut a range of a text into sentences with tokens and exact offsets.
 * The default implementation is wink-nlp (`winkSegmenter`); another language or tokenizer slots
 * in here without touching the stages that consume segments.
 */
export interface Segmenter {
  readonly name: string;
  /** Sentences inside `range` of `text`, in order, trimmed, never empty. */
  sentences(text: string, range: Span): TokenizedSpan[];
  /**
   * Start a new document: forget whatever the tokenizer learned from earlier ones, so a source
   * segments the same whatever was segmented before it (analyses are cached by content hash).
   */
  beginDocument?(): void;
}
