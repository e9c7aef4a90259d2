/**
 * Sides in a reply tree: which side of a card's thesis each post argues. A side is composed along
 * the reply chain (attack of attack is support), and authors keep their side:
 * - the thesis' author defends it, unless the post concedes;
 * - anyone else keeps the side of their nearest earlier post on the chain, unless it concedes;
 * - a concession (a CMV "Δ", "!delta", or a reply opening with "You're right", "Fair point" … and
 *   no "but" after it) takes the side of the post it answers.
 * Pure: works on post ids, authors and a stance function.
 */
import { normalizeText, phraseSets } from "../lexicons/index.js";

/** +1 for the thesis, −1 against it, 0 unknown. */
export type Side = 1 | 0 | -1;

/** A delta symbol (Δ, ∆) or the "!delta" command: the author says the post changed their view. */
const DELTA = /[Δ∆]|!delta\b/i;

const DELTA_AWARDED = /\bdeltas? awarded\b/i;

/**
 * Whether a reply gives up the point it answers: a delta, or a yield opener ("You're right", "I
 * stand corrected") with no contrast marker in its first two sentences ("Fair point, but …" is an
 * objection, not a concession).
 * @example concedes("Fair point, I hadn't thought about juniors. Δ") // true
 * @example concedes("Fair point, but seniors don't need an office.") // false
 */
export function concedes(text: string): boolean {
  // A bot's "Confirmed: 1 delta awarded to …" reports a concession; it does not make one.
  if (DELTA_AWARDED.test(text)) return false;
  if (DELTA.test(text)) return true;
  const head = normalizeText(text.trim().replace(/^>.*$/gm, "").trim().slice(0, 400));
  if (phraseSets.yieldPoint.findAtStart(head) === undefined) return false;
  const opening = head
    .split(/(?<=[.!?])\s+/)
    .slice(0, 2)
    .join(" ");
  return !phraseSets.contrastAnywhere.has(opening);
}

/** What the side of one post is decided from. */
export interface SideInput {
  /** Side of the post it answers. */
  parentSide: Side;
  /** Stance of the post towards the post it answers: +1 support, −1 attack, 0 unknown. */
  stance: Side;
  /** Whether the post's author wrote the thesis. */
  byThesisAuthor: boolean;
  /** Side of the author's nearest earlier post on the chain (0 when none or unknown). */
  authorSide: Side;
  conceded: boolean;
}

/**
 * The side of one post toward the thesis, and whether it is shown as a concession (its author
 * gives up the side they argued before).
 * @example sideOf({ parentSide: -1, stance: -1, byThesisAuthor: false, authorSide: 0, conceded: false }) // { side: 1, concession: false }
 */
export function sideOf(input: SideInput): { side: Side; concession: boolean } {
  const { parentSide, stance, byThesisAuthor, authorSide, conceded } = input;
  const own: Side = byThesisAuthor ? 1 : authorSide;
  if (conceded) {
    const concession = parentSide !== 0 && own !== 0 && own !== parentSide;
    return { side: parentSide, concession };
  }
  // Below a post of unknown side (a question, a joke) the chain says nothing, authors or not.
  if (parentSide === 0) return { side: 0, concession: false };
  if (own !== 0) return { side: own, concession: false };
  return { side: (parentSide * stance) as Side, concession: false };
}

/**
 * A reply's stance toward its parent, from the engine's signal and the reply's opener: an opener
 * that agrees or disagrees ("Exactly, …", "No, …") decides; else the engine's attack; the engine's
 * support alone is not taken (on the argmap-dev threads it agreed with the gold stance for 47 of
 * 205 replies it labelled support without an agreeing opener), so such a reply's side is unknown.
 * @example replyStanceOf(1, -1) // -1
 */
export function replyStanceOf(engine: Side | undefined, opener: Side): Side {
  if (opener !== 0) return opener;
  return engine === -1 ? -1 : 0;
}
