/**
 * Stance of every unit towards the thesis of its argument, from the reply structure and text.
 *
 * - A post's stance towards its thesis is the product of the signs along its reply chain up to
 *   the thesis post: support +1, attack −1 (an attack on a con post is pro). A reply with no
 *   support/attack relation gets its sign from agreement/disagreement phrases at its start
 *   (the shared lexicons); with neither, the chain is broken and the post is neutral.
 * - A unit-level support/attack to a unit of another post overrides the post's sign; a unit
 *   attacked from inside its own post (a concession, "Sure X, but Y") takes the opposite stance.
 * - The thesis post is the post holding an argument's thesis (when arguments are given), else the
 *   root of the reply tree; a source without reply links is one argument (an essay).
 */
import { replySignFromText } from "../lexicons/reply-sign.js";
import type { Argument, Post, Relation, SourceDoc, Stance, Unit } from "../model/index.js";

export type Sign = -1 | 0 | 1;

export function stanceOf(sign: number): Stance {
  return sign > 0 ? "pro" : sign < 0 ? "con" : "neutral";
}

export function signOf(stance: Stance): Sign {
  return stance === "pro" ? 1 : stance === "con" ? -1 : 0;
}

export interface StanceInput {
  sources: readonly SourceDoc[];
  units: readonly Unit[];
  relations: readonly Relation[];
  arguments?: readonly Argument[];
}

export interface ThesisStances {
  /** Unit id → stance towards the thesis of its argument. */
  unit: Map<string, Stance>;
  /** Unit id → id of the thesis post its stance refers to (stances are comparable within one). */
  thesisPost: Map<string, string>;
}

const SIGNED = new Set(["support", "attack"]);

function strongest(rels: readonly Relation[] | undefined): Relation | undefined {
  let best: Relation | undefined;
  for (const r of rels ?? []) if (!best || r.confidence > best.confidence) best = r;
  return best;
}

/**
 * Stance of every unit towards its argument's thesis.
 * @example thesisStances({ sources, units, relations }).unit.get("u3") // "con"
 */
export function thesisStances(input: StanceInput): ThesisStances {
  const posts = new Map<string, Post>();
  const textOf = new Map<string, string>();
  const threaded = new Set<string>();
  for (const s of input.sources) {
    for (const p of s.posts) {
      posts.set(p.id, p);
      textOf.set(p.id, p.bodySpans.map(([a, b]) => s.text.slice(a, b)).join(" "));
      if (p.parentId) threaded.add(s.id);
    }
  }
  const unitById = new Map(input.units.map((u) => [u.id, u]));
  const postRels = new Map<string, Relation[]>(); // from post → signed relations
  const unitRels = new Map<string, Relation[]>(); // from unit → signed relations
  for (const r of input.relations) {
    if (!SIGNED.has(r.kind)) continue;
    const m = r.level === "post" ? postRels : unitRels;
    const list = m.get(r.from);
    if (list) list.push(r);
    else m.set(r.from, [r]);
  }
  const thesisPostIds = new Set<string>();
  for (const a of input.arguments ?? []) {
    const u = unitById.get(a.thesis);
    if (u) thesisPostIds.add(u.postId);
  }
  const firstPostBySource = new Map<string, string>();
  for (const s of input.sources) {
    const major = input.units.find((u) => u.sourceId === s.id && u.kind === "major-claim");
    const first = major?.postId ?? s.posts[0]?.id;
    if (first) firstPostBySource.set(s.id, first);
  }

  /** The thesis post of a post and the sign of the chain up to it. */
  const postMemo = new Map<string, { thesis: string; sign: Sign }>();
  const postStance = (postId: string, depth = 0): { thesis: string; sign: Sign } => {
    const memo = postMemo.get(postId);
    if (memo) return memo;
    const post = posts.get(postId);
    let result: { thesis: string; sign: Sign };
    if (!post) result = { thesis: postId, sign: 1 };
    else if (thesisPostIds.has(postId) || depth > 200) result = { thesis: postId, sign: 1 };
    else if (!post.parentId || !posts.has(post.parentId)) {
      const root = threaded.has(post.sourceId) ? postId : (firstPostBySource.get(post.sourceId) ?? postId);
      result = { thesis: root, sign: 1 };
    } else {
      const parent = postStance(post.parentId, depth + 1);
      const rel =
        strongest((postRels.get(postId) ?? []).filter((r) => r.to === post.parentId)) ??
        strongest(postRels.get(postId));
      const edge: Sign = rel ? (rel.kind === "attack" ? -1 : 1) : replySignFromText(textOf.get(postId) ?? "");
      result = { thesis: parent.thesis, sign: (edge * parent.sign) as Sign };
    }
    postMemo.set(postId, result);
    return result;
  };

  // Units attacked from inside their own post (concessions) take the opposite side.
  const conceded = new Set<string>();
  for (const [from, rels] of unitRels) {
    const u = unitById.get(from);
    for (const r of rels) {
      const v = unitById.get(r.to);
      if (u && v && r.kind === "attack" && u.postId === v.postId) conceded.add(v.id);
    }
  }

  const unitMemo = new Map<string, { thesis: string; sign: Sign }>();
  const unitStance = (unitId: string, depth = 0): { thesis: string; sign: Sign } => {
    const memo = unitMemo.get(unitId);
    if (memo) return memo;
    const u = unitById.get(unitId);
    if (!u) return { thesis: unitId, sign: 0 };
    const base = postStance(u.postId);
    let result = base;
    const cross = strongest(
      (unitRels.get(unitId) ?? []).filter((r) => unitById.get(r.to)?.postId !== u.postId),
    );
    if (cross && depth < 50 && !thesisPostIds.has(u.postId) && base.sign !== 0) {
      const target = unitStance(cross.to, depth + 1);
      if (target.sign !== 0 && target.thesis === base.thesis)
        result = { thesis: base.thesis, sign: ((cross.kind === "attack" ? -1 : 1) * target.sign) as Sign };
    } else if (conceded.has(unitId)) result = { thesis: base.thesis, sign: (-base.sign || 0) as Sign };
    unitMemo.set(unitId, result);
    return result;
  };

  const unit = new Map<string, Stance>();
  const thesisPost = new Map<string, string>();
  for (const u of input.units) {
    const s = unitStance(u.id);
    unit.set(u.id, stanceOf(s.sign));
    thesisPost.set(u.id, s.thesis);
  }
  return { unit, thesisPost };
}
