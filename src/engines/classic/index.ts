/**
 * The classic engine: the embedded default. v1 tags segments with lexicon-driven heuristics
 * (`tagger.ts`) and relates them from discourse markers and reply openers (`relations.ts`).
 */
import type { Post, Segment, StageContext, Unit } from "../../model/index.js";
import { provenance } from "../../model/index.js";
import type { Engine, ExtractInput, RelateInput } from "../engine.js";
import { relateUnits } from "./relations.js";
import { paragraphIndices, tagPost } from "./tagger.js";

export { segmentSignals, FEATURE_NAMES } from "./signals.js";
export type { SegmentSignals, SignalContext, SignalInput, Features, FeatureName } from "./signals.js";
export { tagSegment, tagPost, tagText, scoreSegment, paragraphIndices } from "./tagger.js";
export type { TagResult, PostSegment, PostOptions } from "./tagger.js";
export { relateUnits, replyStance, negatesParent } from "./relations.js";
export type { ReplyStance } from "./relations.js";

export const extractStage = { name: "extract", version: "1.0.0" } as const;

/** A post replies to another when it has a parent or quotes another post. */
function isReplyPost(post: Post | undefined): boolean {
  if (!post) return false;
  return (
    post.parentId !== undefined ||
    post.quotes.some((q) => q.targetPostId !== undefined && q.targetPostId !== post.id)
  );
}

function extract(input: ExtractInput, ctx: StageContext): Unit[] {
  const by = provenance(extractStage, ctx.engine);
  const posts = new Map<string, Post>();
  const texts = new Map<string, string>();
  for (const s of input.sources) {
    texts.set(s.id, s.text);
    for (const p of s.posts) posts.set(p.id, p);
  }
  const groups = new Map<string, Segment[]>();
  for (const seg of input.segments) {
    const key = `${seg.sourceId}\u0000${seg.postId}`;
    const g = groups.get(key);
    if (g) g.push(seg);
    else groups.set(key, [seg]);
  }
  const units = new Map<string, Unit>();
  let done = 0;
  for (const segs of groups.values()) {
    const first = segs[0]!;
    const text = texts.get(first.sourceId) ?? "";
    const tags = tagPost(
      segs.map((s) => ({ text: s.text, tokens: input.tokens.get(s.id) ?? [], span: s.span })),
      {
        isReply: isReplyPost(posts.get(first.postId)),
        paragraphs: paragraphIndices(
          text,
          segs.map((s) => s.span),
        ),
      },
    );
    segs.forEach((seg, i) => {
      const t = tags[i]!;
      units.set(seg.id, {
        id: `u:${seg.id}`,
        segmentId: seg.id,
        sourceId: seg.sourceId,
        postId: seg.postId,
        kind: t.kind,
        confidence: t.confidence,
        span: [seg.span[0], seg.span[1]],
        text: seg.text,
        signals: t.signals,
        by,
      });
    });
    done += segs.length;
    ctx.progress?.({ stage: extractStage.name, done, total: input.segments.length });
  }
  return input.segments.map((s) => units.get(s.id)!);
}

/**
 * The embedded default engine (heuristic v1, no trained models yet).
 *
 * @example
 * const units = classicEngine.extract({ sources, segments, tokens }, ctx);
 * const relations = classicEngine.relate({ sources, segments, tokens, units, structure }, ctx);
 */
export const classicEngine: Engine = {
  name: "classic",
  version: "1.0.0",
  models: {},
  extract,
  relate: (input: RelateInput, ctx: StageContext) => relateUnits(input, ctx),
};
