/**
 * The analyses `argmap eval relations` scores: the engine end to end on a gold document (what
 * `argmap map` runs), and the oracle analysis — the same source with the gold units as its units,
 * so the engine's linker can be scored apart from its segmentation and unit typing.
 */
import { readSource } from "../../ingest/index.js";
import type { Engine } from "../../engines/engine.js";
import {
  collectingContext,
  type Relation,
  type Segment,
  type SourceDoc,
  type Token,
  type Unit,
} from "../../model/index.js";
import type { SourceAnalysis } from "../../pipeline/analyse.js";
import { relateThread } from "../../relate/thread.js";
import { segmentSources, winkSegmenter } from "../../segment/index.js";
import type { GoldDoc } from "../gold-maps.js";

/** An analysis with what the linker needs to run again on it (tokens, thread structure). */
export interface EvalAnalysis extends SourceAnalysis {
  tokens: Map<string, Token[]>;
  structure: Relation[];
}

/** The source of a gold document as `argmap map` reads it (format detected from the file name). */
export function readGoldSource(doc: GoldDoc): SourceDoc {
  const file = doc.file ?? { name: `${doc.name}.txt`, content: doc.text };
  return readSource({ name: file.name, bytes: new TextEncoder().encode(file.content) }).doc;
}

/**
 * Where the clause holding `start` begins: gold spans leave out a leading connective ("Thus, X"
 * is annotated as "X"), which the linker reads. Goes back over at most 6 words to the previous
 * sentence or clause boundary; `start` itself when the gap is longer.
 *
 * @example clauseStart("A. Thus, B.", 9) // 3
 */
export function clauseStart(text: string, start: number): number {
  let k = start;
  while (k > 0 && !/[.!?;:\n]/.test(text[k - 1]!) && start - k <= 60) k--;
  if (start - k > 60) return start;
  while (k < start && /\s/.test(text[k]!)) k++;
  const gap = text.slice(k, start).trim();
  return gap.split(/\s+/).filter(Boolean).length <= 6 ? k : start;
}

/** Segment, extract and relate one gold document with `engine`. */
export async function analyseGold(doc: GoldDoc, engine: Engine): Promise<EvalAnalysis> {
  const ctx = collectingContext(engine.name);
  const source = readGoldSource(doc);
  const sources = [source];
  const { segments, tokens } = segmentSources(sources, winkSegmenter, ctx);
  const units = await engine.extract({ sources, segments, tokens }, ctx);
  const structure = relateThread(sources, ctx);
  const relations = await engine.relate({ sources, segments, tokens, units, structure }, ctx);
  return {
    source,
    segments,
    units,
    relations: [...structure, ...relations],
    diagnostics: ctx.diagnostics,
    tokens: new Map(tokens),
    structure,
  };
}

/**
 * The oracle analysis: each gold unit becomes one segment (tokens from the segmenter over its
 * span), the engine's extractor reads its signals (markers, openers), and the gold kind replaces
 * the predicted one. Then the engine's linker runs. Its relation scores are the linker's alone.
 */
export async function oracleAnalysis(doc: GoldDoc, engine: Engine, source: SourceDoc): Promise<EvalAnalysis> {
  const ctx = collectingContext(engine.name);
  const gold = doc.map.units.filter((u) => u.kind !== "none").sort((a, b) => a.span[0] - b.span[0]);
  const segments: Segment[] = [];
  const tokens = new Map<string, Token[]>();
  const perPost = new Map<string, number>();
  const kinds: Unit["kind"][] = [];
  for (const u of gold) {
    const post = [...source.posts].reverse().find((p) => p.span[0] <= u.span[0]) ?? source.posts[0];
    if (!post) continue;
    const index = perPost.get(post.id) ?? 0;
    perPost.set(post.id, index + 1);
    const id = `${post.id}.g${index}`;
    kinds.push(u.kind);
    const span: [number, number] = [Math.max(clauseStart(source.text, u.span[0]), post.span[0]), u.span[1]];
    segments.push({
      id,
      sourceId: source.id,
      postId: post.id,
      index,
      kind: "sentence",
      span,
      text: source.text.slice(span[0], span[1]),
      by: { stage: "eval/oracle", version: "1.0.0", engine: "classic" },
    });
    tokens.set(
      id,
      winkSegmenter.sentences(source.text, span).flatMap((s) => s.tokens),
    );
  }
  const sources = [source];
  const extracted = await engine.extract({ sources, segments, tokens }, ctx);
  const units = extracted.map((u, i) => ({ ...u, kind: kinds[i]!, confidence: 1 }));
  const structure = relateThread(sources, ctx);
  const relations = await engine.relate({ sources, segments, tokens, units, structure }, ctx);
  return {
    source,
    segments,
    units,
    relations: [...structure, ...relations],
    diagnostics: ctx.diagnostics,
    tokens,
    structure,
  };
}
