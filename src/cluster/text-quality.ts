/**
 * Whether a unit's text can stand alone as a key point (or a dispute's wording), and the ids and
 * normal forms key points are known by. Pure string functions, no scorer.
 */
import type { Unit } from "../model/index.js";
import { fnv1a } from "../util/hash.js";
import { contentStems } from "./scorer.js";
import { editLabelLength, standsAlone, wordCount } from "../util/statement.js";
import { substantiveWords } from "../util/words.js";

export {
  opensWithConnective,
  opensWithFragment,
  opensWithReference,
  selfContained,
  standsAlone,
  trimConnective,
  wordCount,
} from "../util/statement.js";

export const ANAPHORIC =
  /^(it|it's|this|that|that's|these|those|they|they're|them|he|she|his|her|its|their|such|which|who|also|and|but|or|so|because|since|then|there|here|yes|no|well|ok|okay|lol|same|exactly|agreed|thanks|edit)\b/i;

/**
 * Normalised text for ids and duplicate detection: lower case, words only, single spaces.
 * @example normaliseText("Uniforms  reduce bullying!") // "uniforms reduce bullying"
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The stable id of a key point with this text.
 * @example keyPointId("Uniforms reduce bullying.") === keyPointId("uniforms reduce  bullying") // true
 */
export function keyPointId(text: string): string {
  return `kp-${fnv1a(normaliseText(text)).toString(16).padStart(8, "0")}`;
}

/**
 * Words that react to a post rather than say something about the topic: agreement, thanks,
 * praise, and the talk about talk around them ("one of the most interesting points made").
 */
const REACTION_WORDS = new Set(
  (
    "agree agrees agreed disagree disagrees totally completely absolutely exactly true truth right correct " +
    "interesting insightful helpful valid excellent brilliant great good nice cool awesome fair spot best " +
    "funny hilarious wow lol lmao haha thanks thank love loved made make makes put said read reading point " +
    "points post posts comment comments reply replies thread op comes sense bang nail nailed couldn't better yep yeah"
  ).split(" "),
);
/** Most words a reaction has: a longer text says something of its own. */
const REACTION_MAX_WORDS = 12;

/**
 * Whether a unit is a reaction to a post, not a point ("This.", "I feel the same way.", "Was one
 * of the most interesting points made!"): short, with no word that says what it is about beyond
 * agreement, praise and talk about the discussion itself. Reactions never found or join a key point.
 * @example isReaction("Was one of the most interesting points made!") // true
 * @example isReaction("A lot of people enjoy fitness.") // false
 */
export function isReaction(text: string): boolean {
  if (wordCount(text) > REACTION_MAX_WORDS) return false;
  return substantiveWords(text).every((w) => REACTION_WORDS.has(w.replace(/[’']/g, "'")));
}

/** Most words in a key point name: a longer text is a passage, not a point. */
export const KEY_POINT_MAX_WORDS = 25;

/**
 * Whether a text can name a key point: it stands alone (`standsAlone`) and has 3–25 words.
 * @example nameableKeyPoint("Uniforms reduce bullying at school.") // true
 */
export function nameableKeyPoint(text: string): boolean {
  const n = wordCount(text);
  return n >= 3 && n <= KEY_POINT_MAX_WORDS && standsAlone(text.trim());
}

/**
 * Whether a unit can stand alone as a key point, and how good a one it is (0 when it cannot):
 * a self-contained statement (see `selfContained`) of bounded length with at least two content
 * words, not anaphoric, no link; better when argued with confidence and when its content words
 * are shared by other posts (`shared`: share of its content stems found in other posts, 0–1).
 * @example candidateQuality(unit, { minWords: 4, maxWords: 30, minConfidence: 0.45 })
 */
export function candidateQuality(
  unit: Unit,
  bounds: { minWords: number; maxWords: number; minConfidence: number },
  shared?: number,
): number {
  if (unit.kind === "none" || unit.confidence < bounds.minConfidence) return 0;
  const text = unit.text.trim().replace(/^[\s>*"'“(\-–—•]+/u, "");
  const n = wordCount(text);
  if (n < bounds.minWords || n > bounds.maxWords) return 0;
  if (n > KEY_POINT_MAX_WORDS || !standsAlone(text)) return 0;
  if (ANAPHORIC.test(text)) return 0;
  if (/https?:\/\//.test(text)) return 0;
  // "I feel the same way.", "You already know why.": framing with nothing said.
  if (contentStems(text).length < 2 || substantiveWords(text).length < 2) return 0;
  const lengthFit = n >= 5 && n <= 20 ? 1 : 0.8;
  const kindFit = unit.kind === "claim" || unit.kind === "major-claim" ? 1 : 0.9;
  const sharedFit = shared === undefined ? 1 : 0.6 + 0.4 * shared;
  return unit.confidence * lengthFit * kindFit * sharedFit;
}

/**
 * The whole sentence around a span of a text: back to the previous sentence end or line break,
 * forward to the next one, never past `within` (the post body: a speaker label or header is not
 * part of the sentence). Trimmed; `undefined` when it would be empty.
 * @example enclosingSentence("It rained. So we stayed in, and read.", [25, 34]).text // "So we stayed in, and read."
 */
export function enclosingSentence(
  text: string,
  span: readonly [number, number],
  within: readonly [number, number] = [0, text.length],
): { text: string; span: [number, number] } | undefined {
  let a = span[0];
  while (
    a > within[0] &&
    text[a - 1] !== "\n" &&
    !(/[.!?]/.test(text[a - 2] ?? "") && /\s/.test(text[a - 1]!))
  )
    a--;
  let b = Math.max(span[1], a);
  while (
    b < within[1] &&
    text[b] !== "\n" &&
    !(/[.!?]/.test(text[b - 1] ?? "") && /\s/.test(text[b]!) && b > span[1] - 1)
  )
    b++;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return b > a ? { text: text.slice(a, b), span: [a, b] } : undefined;
}

/**
 * A trailing clause that gives a reason, a means, a purpose, an example or a comment on the main
 * clause (", which …", " because …", ", as …", " by making …", " so that …", " such as …", "; …").
 */
const TRAILING_CLAUSE =
  /(?:,\s*(?:which|because|as|since|so|and this|and that|while|whereas|although|even though|especially|for example|for instance)\b|,?\s+and\s+(?:it|this|that|they)\s|\s+(?:because|since|which|due to|in order to|so that|such as)\b|\s+by\s+\p{L}+ing\b|\s+as\s+(?:it|they|this|these|there|we|people|students|children|kids|many|most)\b|\s*[;:]\s|\s+[-–—]+\s)/iu;

/**
 * The main clause of a statement as a shorter key point name: its first sentence, without a
 * trailing parenthetical or a trailing reason/comment clause. Returns the offsets of the name in
 * `text` (a contiguous slice, so it keeps a source span), or `undefined` when nothing shorter
 * stands alone as a statement of at least `minWords` words.
 * @example mainClause("Uniforms reduce bullying, which helps shy kids.") // { start: 0, end: 24 } → "Uniforms reduce bullying"
 */
export function mainClause(text: string, minWords = 4): { start: number; end: number } | undefined {
  const lead = text.length - text.trimStart().length;
  const label = editLabelLength(text.slice(lead));
  const start = lead + label;
  let end = text.trimEnd().length;
  const sentenceEnd = /[.!?]\s+(?=["“]?\p{Lu})/u.exec(text.slice(start, end));
  if (sentenceEnd) end = start + sentenceEnd.index + 1;
  const paren = /\s*\([^()]*\)[.!]?$/.exec(text.slice(start, end));
  if (paren) end = start + paren.index;
  const clause = TRAILING_CLAUSE.exec(text.slice(start, end));
  if (clause) end = start + clause.index;
  while (end > start && /[\s,;:\-–—]/.test(text[end - 1]!)) end--;
  if (label === 0 && end >= text.trimEnd().length - 1) return undefined;
  const name = text.slice(start, end);
  if (wordCount(name) < minWords || !standsAlone(name) || ANAPHORIC.test(name)) return undefined;
  if (contentStems(name).length < 2) return undefined;
  return { start, end };
}
