/**
 * Make source text safe to show, one rule for every human-facing export (cards, Markdown, HTML,
 * Argdown, DOT, Mermaid): control characters (which could smuggle terminal escape sequences) and
 * bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 * U+200E/U+200F marks, U+061C Arabic letter mark — "Trojan Source" reordering) become spaces, and
 * whitespace runs collapse to one space. Data exports (JSON, AIF, GraphML, CSV) keep the text as
 * it is, so spans still match the source.
 */

/** The characters `toDisplayText` neutralises. */
export const UNSAFE_DISPLAY_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Source text as it may be shown: controls and bidi controls as spaces, whitespace collapsed.
 *
 * @example
 * toDisplayText("abc\u202Edef\n\nghi"); // "abc def ghi"
 */
export function toDisplayText(text: string): string {
  return text.replace(UNSAFE_DISPLAY_CHARS, " ").replace(/\s+/g, " ").trim();
}
