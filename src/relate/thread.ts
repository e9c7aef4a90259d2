/**
 * Thread structure: post-level `quote` and `reply` relations read off the SourceDoc, before any
 * engine runs. Engines then decide which of these replies support or attack their parent.
 */
import type { Post, Relation, SourceDoc, StageContext } from "../model/index.js";
import { maxOf } from "../util/array.js";
import { ADJACENCY_FORMATS, provenance } from "../model/index.js";

export const threadStage = { name: "relate-thread", version: "1.0.0" } as const;

/** Confidence of a reply inferred only from a post following another one. */
export const ADJACENCY_CONFIDENCE = 0.3;

/** Formats whose posts, when not linked otherwise, are taken to answer the post before them. */
function isThreadLike(source: SourceDoc): boolean {
  if (source.posts.length < 2) return false;
  return ADJACENCY_FORMATS.has(source.format);
}

/**
 * Post-level structure of every source:
 * - `quote`: from a post to the post it quotes (span = the quote, confidence = the quote's match score);
 * - `reply`: from a post to its `parentId` (confidence = the best score of its quotes of that
 *   parent, 1 when the link is explicit);
 * - `reply` by adjacency: in thread-like sources, a post without a parent is taken to answer the
 *   post before it, with low confidence and the signal `adjacency`.
 *
 * Ids are deterministic: `r:<kind>:<from>-><to>` (quotes of the same post get `#2`, `#3`, …).
 *
 * @example relateThread([doc], collectingContext()).filter((r) => r.kind === "quote")
 */
export function relateThread(sources: readonly SourceDoc[], ctx: StageContext): Relation[] {
  const by = provenance(threadStage, ctx.engine);
  const relations: Relation[] = [];
  const ids = new Map<string, number>();
  const uniqueId = (base: string) => {
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  };
  for (const source of sources) {
    const postIds = new Set(source.posts.map((p) => p.id));
    const threadLike = isThreadLike(source);
    source.posts.forEach((post: Post, i) => {
      for (const quote of post.quotes) {
        if (!quote.targetPostId || quote.targetPostId === post.id || !postIds.has(quote.targetPostId))
          continue;
        relations.push({
          id: uniqueId(`r:quote:${post.id}->${quote.targetPostId}`),
          kind: "quote",
          level: "post",
          from: post.id,
          to: quote.targetPostId,
          confidence: clamp(quote.score),
          sourceId: source.id,
          span: quote.span,
          signals: ["quote"],
          by,
        });
      }
      if (post.parentId && post.parentId !== post.id && postIds.has(post.parentId)) {
        const scores = post.quotes.filter((q) => q.targetPostId === post.parentId).map((q) => q.score);
        relations.push({
          id: uniqueId(`r:reply:${post.id}->${post.parentId}`),
          kind: "reply",
          level: "post",
          from: post.id,
          to: post.parentId,
          confidence: clamp(maxOf(scores, 1)),
          sourceId: source.id,
          span: post.span,
          signals: scores.length > 0 ? ["quote"] : ["parent"],
          by,
        });
      } else if (threadLike && i > 0 && !post.parentId) {
        const prev = source.posts[i - 1]!;
        relations.push({
          id: uniqueId(`r:reply:${post.id}->${prev.id}`),
          kind: "reply",
          level: "post",
          from: post.id,
          to: prev.id,
          confidence: ADJACENCY_CONFIDENCE,
          sourceId: source.id,
          span: post.span,
          signals: ["adjacency"],
          by,
        });
      }
    });
  }
  return relations;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}
