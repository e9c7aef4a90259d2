/**
 * Sentences of a post as cards show them: runs of units (clauses) that belong to one sentence,
 * each worded so that it stands on its own — a leading connective trimmed, and a sentence that
 * opens with an unresolved reference ("That is a fair concern …") shown after its antecedent
 * sentence. Pure helpers shared by the essay reading and the cards.
 */
import type { Unit } from "../model/index.js";
import { SHELL_NOUNS, STOPWORDS } from "../util/words.js";
import { selfContained, standsAlone, trimConnective, wordCount } from "../util/statement.js";

/** "It is often said that …", "It is true that …": an "it" that points at nothing before it. */
const EXPLETIVE_IT =
  /^It\s+(?:is|was|has been|could be|can be|might be|may be|would be|seems|seemed)\s+(?:(?:\w+ly|often|sometimes|also|still|now)\s+)?(?:said|argued|claimed|believed|thought|objected|suggested|assumed|feared|true|clear|likely|unlikely|possible|impossible|important|hard|easy|difficult|necessary|obvious|unclear|tempting|fair)\s+(?:that|to)\b/i;
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;
const QUESTION = /\?\s*["')\]”’]*$/u;

/**
 * Whether a text opens with an "it" that points at nothing ("It is often said that …").
 * @example opensWithExpletiveIt("It is sometimes said that fares pay for buses.") // true
 */
export function opensWithExpletiveIt(text: string): boolean {
  return EXPLETIVE_IT.test(text.trim());
}

/**
 * Whether a text can be shown on a card on its own: `standsAlone`, or a self-contained statement
 * opening with an expletive "it".
 * @example standsOnItsOwn("It is often argued that trams are slow.") // true
 */
export function standsOnItsOwn(text: string): boolean {
  return standsAlone(text) || (opensWithExpletiveIt(text) && selfContained(text));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

/**
 * Group one post's units (any order) into sentences, in text order: a unit joins the one before
 * when that one does not end a sentence and only spaces (or, with `lineBreaks`, one line break:
 * an essay's hard-wrapped lines) lie between them.
 * @example groupSentences(units, source.text, true).map((s) => s.length) // [2, 1, 1]
 */
export function groupSentences(
  units: readonly Unit[],
  sourceText: string | undefined,
  lineBreaks = false,
): Unit[][] {
  const sorted = units.slice().sort((a, b) => a.span[0] - b.span[0]);
  const gapOk = lineBreaks ? /^[ \t]*(?:\r?\n)?[ \t]*$/ : /^[ \t]*$/;
  const out: Unit[][] = [];
  let prev: Unit | undefined;
  for (const u of sorted) {
    const gap = prev && sourceText !== undefined ? sourceText.slice(prev.span[1], u.span[0]) : undefined;
    const joins =
      prev !== undefined &&
      gap !== undefined &&
      prev.span[1] <= u.span[0] &&
      gapOk.test(gap) &&
      !SENTENCE_END.test(prev.text.trim());
    if (joins) out[out.length - 1]!.push(u);
    else out.push([u]);
    prev = u;
  }
  return out;
}

/** The raw text of a sentence (its clauses joined, whitespace collapsed). */
export function sentenceText(sentence: readonly Unit[]): string {
  return collapse(sentence.map((u) => u.text).join(" "));
}

/**
 * How sentence `i` of `sentences` reads on its own: trimmed of a leading connective when that
 * leaves a statement (an expletive "It is often said that …" refers to nothing); else, when it
 * opens with a reference or a connective that cannot be trimmed and is no question, its
 * preceding sentence (at index `from` or later) and itself, when that pair stands; else undefined.
 * @example standingWording([["Some fear burnout."], ["That is a fair concern."]].map(toUnits), 1)
 * // "Some fear burnout. That is a fair concern."
 */
export function standingWording(
  sentences: readonly (readonly Unit[])[],
  i: number,
  from = 0,
): string | undefined {
  const raw = sentenceText(sentences[i]!);
  const own = trimConnective(raw);
  if (standsOnItsOwn(own)) return own;
  if (isQuestion(raw) || i <= from) return undefined;
  const before = trimConnective(sentenceText(sentences[i - 1]!));
  const merged = `${before} ${raw}`;
  // Only the opening was the problem: the pair must stand (no trailing colon or dangling end).
  return standsAlone(before) && standsAlone(merged) ? merged : undefined;
}

/** Content words of a text: neither function words nor general nouns. */
export function contentWords(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  return words.filter((w) => !STOPWORDS.has(w) && !SHELL_NOUNS.has(w) && !/n't$/.test(w) && w.length > 1);
}

/**
 * A statement too thin to stand for a paragraph's argument: short (at most six words) and with
 * at most one content word besides pronouns, copulas, negations and general nouns.
 * @example isWeakStatement("The reason is not magic.") // true
 * @example isWeakStatement("Burnout is expensive.") // false
 */
export function isWeakStatement(text: string): boolean {
  return wordCount(text) <= 6 && contentWords(text).length <= 1;
}
