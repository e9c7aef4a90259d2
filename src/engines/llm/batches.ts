/**
 * Batching for the labelling calls: a source's posts, in order, packed into batches up to a
 * token budget (4 characters per token), each reply carrying a short excerpt of the post it
 * answers when that post is in another batch. A post longer than the budget is split by segments.
 */
import type { Post, Segment, SourceDoc } from "../../model/index.js";
import { estimateTokens } from "./transport.js";

export interface BatchPost {
  post: Post;
  segments: Segment[];
  /** The parent post, when the post replies to one. */
  parent?: Post;
  /** An excerpt of the parent, when the parent's segments are not in this batch. */
  context?: string;
}

export interface Batch {
  sourceId: string;
  posts: BatchPost[];
  tokens: number;
}

const CONTEXT_CHARS = 240;

/** The batches of one source. */
export function planBatches(source: SourceDoc, segments: readonly Segment[], budget: number): Batch[] {
  const byPost = new Map<string, Segment[]>();
  for (const s of segments) {
    if (s.sourceId !== source.id) continue;
    const list = byPost.get(s.postId);
    if (list) list.push(s);
    else byPost.set(s.postId, [s]);
  }
  const posts = new Map(source.posts.map((p) => [p.id, p]));
  const batches: Batch[] = [];
  let current: Batch = { sourceId: source.id, posts: [], tokens: 0 };
  const flush = () => {
    if (current.posts.length > 0) batches.push(current);
    current = { sourceId: source.id, posts: [], tokens: 0 };
  };
  const parentOf = (post: Post) =>
    post.parentId !== undefined
      ? posts.get(post.parentId)
      : posts.get(
          post.quotes.find((q) => q.targetPostId !== undefined && q.targetPostId !== post.id)?.targetPostId ??
            "",
        );
  for (const post of source.posts) {
    const segs = byPost.get(post.id);
    if (!segs || segs.length === 0) continue;
    const parent = parentOf(post);
    let chunk: Segment[] = [];
    let chunkTokens = 0;
    const place = () => {
      if (chunk.length === 0) return;
      if (current.tokens + chunkTokens > budget) flush();
      const here = parent !== undefined && current.posts.some((b) => b.post.id === parent.id);
      const entry: BatchPost = { post, segments: chunk, ...(parent ? { parent } : {}) };
      if (parent && !here) entry.context = excerpt(source.text, byPost.get(parent.id) ?? []);
      current.posts.push(entry);
      current.tokens += chunkTokens + (entry.context ? estimateTokens(entry.context) : 0);
      chunk = [];
      chunkTokens = 0;
    };
    for (const s of segs) {
      const t = estimateTokens(s.text) + 3;
      if (chunkTokens + t > budget) place();
      chunk.push(s);
      chunkTokens += t;
    }
    place();
  }
  flush();
  return batches;
}

function excerpt(text: string, segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (out.length >= CONTEXT_CHARS) break;
    out += (out ? " " : "") + text.slice(s.span[0], s.span[1]).replace(/\s+/g, " ");
  }
  return out.length > CONTEXT_CHARS ? `${out.slice(0, CONTEXT_CHARS)}…` : out;
}

/**
 * Consecutive groups of `items` whose token estimates (`cost`) stay within `budget` per group (an
 * item over the budget gets a group of its own).
 * @example groupByTokens(["a", "bb"], (s) => s.length, 2) // [["a"], ["bb"]]
 */
export function groupByTokens<T>(items: readonly T[], cost: (item: T) => number, budget: number): T[][] {
  const groups: T[][] = [];
  let tokens = 0;
  for (const item of items) {
    const t = cost(item);
    if (groups.length === 0 || tokens + t > budget) {
      groups.push([]);
      tokens = 0;
    }
    groups[groups.length - 1]!.push(item);
    tokens += t;
  }
  return groups;
}
