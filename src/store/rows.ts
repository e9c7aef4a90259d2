/**
 * Row shapes of a SQL corpus (SQLite and PostgreSQL share them) and their conversion back to
 * model objects; JSON columns are validated with the model's zod schemas, never cast.
 */
import { z } from "zod";
import {
  ArgmapError,
  Diagnostic,
  Post,
  Provenance,
  Quote,
  Relation,
  Segment,
  Span,
  Unit,
} from "../model/index.js";

export const SpanList = z.array(Span);
export const QuoteList = z.array(Quote);
export const StringList = z.array(z.string());
export const DiagnosticList = z.array(Diagnostic);
export const StringRecord = z.record(z.string(), z.string());

export function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArgmapError("STORE_UNREADABLE", `the corpus holds malformed JSON in ${what}.`, {
      cause: error,
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ArgmapError(
      "STORE_UNREADABLE",
      `the corpus holds an invalid ${what}: ${result.error.message}`,
      {
        cause: result.error,
      },
    );
  }
  return result.data;
}

export interface SourceRow {
  row: number;
  id: string;
  locator: string;
  name: string;
  uri: string | null;
  format: string;
  title: string | null;
  text: string;
  engine_key: string;
  added_at: string;
  diagnostics: string;
}

export interface PostRow {
  row: number;
  id: string;
  source_row: number;
  idx: number;
  author: string | null;
  time: string | null;
  parent_id: string | null;
  span_start: number;
  span_end: number;
  body_spans: string;
  quotes: string;
  by: string;
  body: string;
}

export interface SegmentRow {
  id: string;
  post_id: string;
  idx: number;
  kind: string;
  span_start: number;
  span_end: number;
  by: string;
}

export interface UnitRow {
  id: string;
  segment_id: string;
  post_id: string;
  kind: string;
  confidence: number;
  span_start: number;
  span_end: number;
  text: string;
  signals: string;
  by: string;
}

export interface RelationRow {
  id: string;
  kind: string;
  level: string;
  from_id: string;
  to_id: string;
  confidence: number;
  source_id: string;
  span_start: number;
  span_end: number;
  signals: string;
  by: string;
}

export function toPost(p: PostRow, sourceId: string): Post {
  return Post.parse({
    id: p.id,
    sourceId,
    index: p.idx,
    ...(p.author !== null ? { author: p.author } : {}),
    ...(p.time !== null ? { time: p.time } : {}),
    ...(p.parent_id !== null ? { parentId: p.parent_id } : {}),
    span: [p.span_start, p.span_end],
    bodySpans: parseJson(SpanList, p.body_spans, "post body spans"),
    quotes: parseJson(QuoteList, p.quotes, "post quotes"),
    by: parseJson(Provenance, p.by, "post provenance"),
  });
}

/** A segment's text is not stored: it is its span of the source text. */
export function toSegment(r: SegmentRow, sourceId: string, sourceText: string): Segment {
  return Segment.parse({
    id: r.id,
    sourceId,
    postId: r.post_id,
    index: r.idx,
    kind: r.kind,
    span: [r.span_start, r.span_end],
    text: sourceText.slice(r.span_start, r.span_end),
    by: parseJson(Provenance, r.by, "segment provenance"),
  });
}

export function toUnit(r: UnitRow, sourceId: string): Unit {
  return Unit.parse({
    id: r.id,
    segmentId: r.segment_id,
    sourceId,
    postId: r.post_id,
    kind: r.kind,
    confidence: r.confidence,
    span: [r.span_start, r.span_end],
    text: r.text,
    signals: parseJson(StringList, r.signals, "unit signals"),
    by: parseJson(Provenance, r.by, "unit provenance"),
  });
}

export function toRelation(r: RelationRow): Relation {
  return Relation.parse({
    id: r.id,
    kind: r.kind,
    level: r.level,
    from: r.from_id,
    to: r.to_id,
    confidence: r.confidence,
    sourceId: r.source_id,
    span: [r.span_start, r.span_end],
    signals: parseJson(StringList, r.signals, "relation signals"),
    by: parseJson(Provenance, r.by, "relation provenance"),
  });
}
