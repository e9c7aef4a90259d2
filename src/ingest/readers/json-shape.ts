/**
 * Which JSON reader a text is for, by its shape: Reddit Listings, Hacker News items (Algolia or
 * Firebase), or comment rows (a JSON array or JSONL of objects). Used by the readers' `detect`.
 */
import { ArgmapError } from "../../model/index.js";

const JSON_START = /^\s*[[{]/;
const REDDIT = /^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"/;
const HN_ALGOLIA = /"created_at_i"\s*:|"story_id"\s*:/;
const HN_FIREBASE_TYPE = /"type"\s*:\s*"(?:story|comment|job|poll|pollopt)"/;
const HN_FIREBASE_FIELD = /"(?:by|kids|parent|deleted|dead)"\s*:/;

export const looksLikeJson = (head: string): boolean => JSON_START.test(head);

export const looksLikeReddit = (head: string): boolean => REDDIT.test(head);

export const looksLikeHn = (head: string): boolean =>
  HN_ALGOLIA.test(head) || (HN_FIREBASE_TYPE.test(head) && HN_FIREBASE_FIELD.test(head));

/** Rows of objects: most complete lines of the sample are `{…}`, or the text is an array of objects. */
export function looksLikeRows(text: string, head: string): boolean {
  const lines = head.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const complete = head.length === text.length ? lines : lines.slice(0, -1);
  const objectLines = complete.filter((l) => /^\s*\{.*\}\s*$/.test(l)).length;
  return (objectLines >= 2 && objectLines >= 0.8 * complete.length) || /^\s*\[\s*\{/.test(head);
}

/**
 * JSON no reader knows: throws INPUT_MALFORMED (not valid JSON when `strict`, or a JSON object or
 * array of an unknown shape); returns when the text is not JSON at all (not `strict`).
 */
export function rejectUnknownJson(text: string, name: string, strict: boolean): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (cause) {
    if (!strict) return;
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${name}: not valid JSON (${(cause as Error).message}). Is the file cut short?`,
      { input: name, cause },
    );
  }
  if (!strict && (parsed === null || typeof parsed !== "object")) return;
  throw new ArgmapError(
    "INPUT_MALFORMED",
    `${name}: JSON of a shape no reader knows. argmap reads a Reddit /comments/<id>.json response ([Listing, Listing]), a Hacker News Algolia item ({ id, author, text, children }) or Firebase item(s) ({ id, by, kids, type }), and comment rows (a JSON array or JSONL of { "text": …, "author": … }). Use --from to force a reader.`,
    { input: name },
  );
}
