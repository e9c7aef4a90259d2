/**
 * Cues for grouping the paragraphs of a flattened thread into posts. Data, not logic: general
 * English discourse cues, nothing specific to one thread.
 */

/** A paragraph opening with one of these reacts to someone: it starts a new post. */
export const REACTION_OPENERS: readonly string[] = [
  "nope",
  "no",
  "nah",
  "yes",
  "yeah",
  "yep",
  "yup",
  "exactly",
  "agreed",
  "agree",
  "true",
  "false",
  "wrong",
  "correct",
  "indeed",
  "absolutely",
  "definitely",
  "precisely",
  "right",
  "this",
  "lol",
  "lmao",
  "haha",
  "source",
  "citation needed",
  "huh",
  "wow",
  "sure",
  "ok",
  "okay",
  "hmm",
  "well",
  "meh",
  "same",
  "thanks",
  "thank you",
  "interesting",
  "fair",
  "fair enough",
  "not really",
  "not at all",
  "not quite",
  "so what",
  "really",
  "seriously",
  "nonsense",
  "disagree",
  "i disagree",
  "i agree",
  "this is wrong",
  "this is false",
  "citation",
  "sources",
  "what",
];

/** Connectives that tie a paragraph to the one before: the same author goes on. */
export const STRONG_CONNECTIVES: readonly string[] = [
  "instead",
  "however",
  "also",
  "moreover",
  "furthermore",
  "additionally",
  "plus",
  "hence",
  "therefore",
  "thus",
  "besides",
  "likewise",
  "similarly",
  "meanwhile",
  "otherwise",
  "consequently",
  "in addition",
  "on the other hand",
  "for example",
  "for instance",
  "e.g.",
  "in fact",
  "secondly",
  "second",
  "thirdly",
  "third",
  "finally",
  "lastly",
  "that said",
  "as a result",
  "on top of that",
  "not to mention",
  "in other words",
  "in short",
  "to be fair",
  "then again",
  "conversely",
  "accordingly",
  "first of all",
  "firstly",
];

/** Connectives that usually continue, but also open replies: continuation, flagged as a guess. */
export const WEAK_CONNECTIVES: readonly string[] = [
  "but",
  "and",
  "so",
  "now",
  "still",
  "yet",
  "then",
  "which",
  "because",
  "or",
  "while",
  "although",
  "though",
  "anyway",
  "even so",
];

/** Openers of an addendum to the same post. */
export const ADDENDUM_OPENERS: readonly string[] = [
  "tl;dr",
  "tldr",
  "tl dr",
  "edit",
  "edit 2",
  "update",
  "ps",
  "p.s.",
  "eta",
  "addendum",
  "note",
  "footnote",
  "sources",
  "references",
];

/** A short lead-in that introduces someone else's words: the material after it belongs to it. */
export const ATTRIBUTION_LEAD_IN =
  /^(?:to quote\b|quoting\b|as\b.{1,60}\b(?:said|says|put it|wrote|writes|notes|noted)\b|from\b.{1,60}|.{1,60}\b(?:wrote|writes|said|says|tweeted|posted)\b).{0,80}:\s*$/i;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/ /g, "\\s+"))
    .join("|");
}

/** Reaction word followed by punctuation, a dash, an emoji, "but", or the end of the paragraph. */
export const REACTION = new RegExp(
  `^(?:${alternation(REACTION_OPENERS)})(?:\\s*[^\\p{L}\\p{N}\\s'’]|\\s+but\\b|\\s*$)`,
  "iu",
);
export const STRONG_CONNECTIVE = new RegExp(`^(?:${alternation(STRONG_CONNECTIVES)})(?=[\\s,;:]|$)`, "i");
export const WEAK_CONNECTIVE = new RegExp(`^(?:${alternation(WEAK_CONNECTIVES)})(?=[\\s,;:]|$)`, "i");
export const ADDENDUM = new RegExp(`^(?:${alternation(ADDENDUM_OPENERS)})\\s*[:\\-—]`, "i");
export const LIST_ITEM = /^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S/;
export const FOOTNOTE_DEF = /^[ \t]*\[(\d{1,3})\]:?[ \t]+\S/;
export const BARE_URL = /^[ \t]*<?(?:https?:\/\/|www\.)\S+>?[ \t]*$/i;
export const QUOTE_LINE = /^[ \t]{0,3}>(?:[ \t>]|$)/;
export const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
