/**
 * Who really made a point: the distinct authors (posts when unnamed) of its members, where a
 * member that only repeats another author's words — inside a quote of its post, or the same
 * words an earlier post by someone else wrote — does not count.
 */
import type { Post, Unit } from "../model/index.js";
import { normaliseText, wordCount } from "./text-quality.js";

type PostInfo = Pick<Post, "author" | "index"> & Partial<Pick<Post, "quotes">>;

/** A unit's author key: its post's author, else the post itself. */
export function authorKey(unit: Unit, posts: ReadonlyMap<string, PostInfo>): string {
  const author = posts.get(unit.postId)?.author;
  return author ? `a:${author}` : `p:${unit.postId}`;
}

/** Fewest words a repeated text has to count as a quote (two authors may both write "Yes it is."). */
const QUOTE_MIN_WORDS = 4;

/**
 * The members that count as their author making the point, in the order given: a unit inside a
 * quote of its own post is someone else's words, and so is one whose words an earlier post by
 * another author already wrote (a copy-paste quote without quote marks).
 * @example countedMembers(["u1", "u2"], unitById, posts) // ["u1"] when u2 quotes u1's words
 */
export function countedMembers(
  ids: readonly string[],
  unitById: ReadonlyMap<string, Unit>,
  posts: ReadonlyMap<string, PostInfo>,
): string[] {
  const order = (u: Unit) => posts.get(u.postId)?.index ?? 0;
  const members = ids
    .map((id) => unitById.get(id))
    .filter((u): u is Unit => u !== undefined)
    .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : order(a) - order(b)));
  const firstBy = new Map<string, string>(); // normalised words → author key of the first writer
  const counted = new Set<string>();
  for (const u of members) {
    const quotes = posts.get(u.postId)?.quotes ?? [];
    if (quotes.some((q) => q.span[0] <= u.span[0] && u.span[1] <= q.span[1])) continue;
    const who = authorKey(u, posts);
    const words = normaliseText(u.text);
    const first = firstBy.get(words);
    if (wordCount(u.text) >= QUOTE_MIN_WORDS && first !== undefined && first !== who) continue;
    if (first === undefined) firstBy.set(words, who);
    counted.add(u.id);
  }
  return ids.filter((id) => counted.has(id));
}

/**
 * Distinct authors of a point's members that count (`countedMembers`).
 * @example countAuthors(kp.unitIds, unitById, posts) // 3
 */
export function countAuthors(
  ids: readonly string[],
  unitById: ReadonlyMap<string, Unit>,
  posts: ReadonlyMap<string, PostInfo>,
): number {
  return new Set(countedMembers(ids, unitById, posts).map((id) => authorKey(unitById.get(id)!, posts))).size;
}
