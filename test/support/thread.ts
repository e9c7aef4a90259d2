/**
 * Test helper: build a thread-text SourceDoc by hand (posts, quotes, parents) without the ingest
 * stage, and run segmentation, extraction and relation on it.
 */
import { classicEngine } from "../../src/engines/classic/index.js";
import type { Post, Quote, Relation, SourceDoc, SourceFormat, Unit } from "../../src/model/index.js";
import { collectingContext } from "../../src/model/index.js";
import { segmentSources, winkSegmenter } from "../../src/segment/index.js";
import { relateThread } from "../../src/relate/thread.js";

export interface PostSpec {
  body: string;
  /** Quotes at the top of the post: the index of the quoted post and the quoted text (a substring of it). */
  quotes?: { of: number; text: string; score?: number }[];
  /** Parent post index; defaults to the first quote's post; `null` for none. */
  parent?: number | null;
}

const by = { stage: "test", version: "0", engine: "classic" } as const;

/** Lay posts out as thread text (quotes as `> ` lines, posts separated by blank lines). */
export function buildThread(specs: readonly PostSpec[], format: SourceFormat = "thread-text"): SourceDoc {
  const sourceId = "src-test";
  let text = "";
  const posts: Post[] = [];
  specs.forEach((spec, i) => {
    if (i > 0) text += "\n\n";
    const start = text.length;
    const quotes: Quote[] = [];
    for (const q of spec.quotes ?? []) {
      const target = posts[q.of];
      if (!target) throw new Error(`post ${i} quotes post ${q.of}, which does not come before it`);
      const body = target.bodySpans[0]!;
      const at = text.indexOf(q.text, body[0]);
      if (at < 0 || at + q.text.length > body[1])
        throw new Error(`quote not found in post ${q.of}: ${q.text}`);
      const qStart = text.length;
      text += `> ${q.text}`;
      quotes.push({
        span: [qStart, text.length],
        text: q.text,
        targetPostId: target.id,
        targetSpan: [at, at + q.text.length],
        score: q.score ?? 1,
      });
      text += "\n\n";
    }
    const bodyStart = text.length;
    text += spec.body;
    const parent = spec.parent === null ? undefined : (spec.parent ?? spec.quotes?.[0]?.of);
    posts.push({
      id: `${sourceId}:p${i}`,
      sourceId,
      index: i,
      ...(parent !== undefined ? { parentId: `${sourceId}:p${parent}` } : {}),
      span: [start, text.length],
      bodySpans: [[bodyStart, text.length]],
      quotes,
      by,
    });
  });
  return { id: sourceId, name: "test-thread.txt", format, text, posts };
}

/** Segment, extract and relate hand-built sources with the classic engine. */
export async function analyseThread(sources: readonly SourceDoc[]): Promise<{
  units: Unit[];
  structure: Relation[];
  relations: Relation[];
}> {
  const ctx = collectingContext();
  const { segments, tokens } = segmentSources(sources, winkSegmenter, ctx);
  const units = await classicEngine.extract({ sources, segments, tokens }, ctx);
  const structure = relateThread(sources, ctx);
  const relations = await classicEngine.relate({ sources, segments, tokens, units, structure }, ctx);
  return { units, structure, relations };
}
