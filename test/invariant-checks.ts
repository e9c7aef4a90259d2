/**
 * The invariants every reader, segmenter and importer output must satisfy, as functions that
 * return the list of violations (empty when all hold). Shared by the fixture invariant tests
 * (`src/ingest/invariants.test.ts`, `test/invariants.test.ts`) and the fuzz harness
 * (`test/fuzz/`), which cannot use `expect` outside vitest.
 */
import { ArgumentMap, SourceDoc, type Segment, type Span } from "../src/model/index.js";
import { INVISIBLE_ONLY } from "../src/segment/index.js";

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const valid = (text: string, s: Span): boolean =>
  Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] < s[1] && s[1] <= text.length;
const show = (s: Span | undefined): string => (s ? `[${s[0]}, ${s[1]}]` : "undefined");

/**
 * A SourceDoc as `readSource` returns it: schema-valid; posts indexed in order with ids
 * `<doc>:p<i>`, spans in bounds and ordered; body spans trimmed, ordered, inside their post and
 * disjoint from its quotes; quotes inside their post, scored 0–1, their words found in their span,
 * and their targets earlier posts with a target span inside them; parents are earlier posts.
 */
export function sourceDocViolations(doc: SourceDoc): string[] {
  const out: string[] = [];
  const parsed = SourceDoc.safeParse(doc);
  if (!parsed.success) out.push(`schema: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const { text } = doc;
  const ids = new Set<string>();
  let lastEnd = 0;
  doc.posts.forEach((post, i) => {
    const at = `post ${i}`;
    if (post.index !== i) out.push(`${at}: index ${post.index}`);
    if (post.id !== `${doc.id}:p${i}`) out.push(`${at}: id ${post.id}`);
    if (!valid(text, post.span)) out.push(`${at}: span ${show(post.span)} out of range (${text.length})`);
    if (post.span[0] < lastEnd)
      out.push(`${at}: span ${show(post.span)} starts before the previous post ends`);
    lastEnd = post.span[1];
    if (post.parentId !== undefined && !ids.has(post.parentId))
      out.push(`${at}: parent ${post.parentId} unknown`);
    ids.add(post.id);
    let prev = post.span[0];
    for (const s of post.bodySpans) {
      if (!valid(text, s)) out.push(`${at}: body span ${show(s)} out of range`);
      if (s[0] < prev) out.push(`${at}: body span ${show(s)} not in order`);
      if (s[1] > post.span[1]) out.push(`${at}: body span ${show(s)} past the post end ${post.span[1]}`);
      const body = text.slice(s[0], s[1]);
      if (body.trim() !== body) out.push(`${at}: body span ${show(s)} not trimmed`);
      prev = s[1];
      for (const q of post.quotes)
        if (Math.min(s[1], q.span[1]) - Math.max(s[0], q.span[0]) > 0)
          out.push(`${at}: body span ${show(s)} overlaps quote ${show(q.span)}`);
    }
    for (const q of post.quotes) {
      if (!valid(text, q.span)) out.push(`${at}: quote span ${show(q.span)} out of range`);
      if (q.span[0] < post.span[0] || q.span[1] > post.span[1])
        out.push(`${at}: quote span ${show(q.span)} outside the post`);
      if (!(q.score >= 0 && q.score <= 1)) out.push(`${at}: quote score ${q.score}`);
      const sourceWords = words(text.slice(q.span[0], q.span[1])).join(" ");
      if (!sourceWords.includes(words(q.text).join(" ")))
        out.push(`${at}: quote text ${JSON.stringify(q.text.slice(0, 40))} not in its span`);
      if (q.targetPostId !== undefined) {
        const target = doc.posts.find((p) => p.id === q.targetPostId);
        if (!target || target.index >= post.index)
          out.push(`${at}: quote target ${q.targetPostId} not earlier`);
        if (!q.targetSpan) out.push(`${at}: quote target without a span`);
        else if (
          target &&
          (!valid(text, q.targetSpan) || q.targetSpan[0] < target.span[0] || q.targetSpan[1] > target.span[1])
        )
          out.push(`${at}: quote target span ${show(q.targetSpan)} outside ${target.id}`);
      }
    }
  });
  return out;
}

export interface SegmentCheckOptions {
  /**
   * Gold annotations (imported maps: one segment per annotated unit) may overlap, nest and cross
   * paragraph breaks; segmenter output may not. Lossless, non-blank and in range hold for both.
   */
  gold?: boolean;
}

/**
 * Segments of some sources: lossless (`text.slice(span) === segment.text`), never blank (nor only
 * invisible characters such as U+FEFF or bidi controls), in
 * range, in order within a source, and each inside one body span of its post.
 */
export function segmentViolations(
  sources: readonly SourceDoc[],
  segments: readonly Segment[],
  options: SegmentCheckOptions = {},
): string[] {
  const out: string[] = [];
  const docs = new Map(sources.map((s) => [s.id, s]));
  const posts = new Map(sources.flatMap((s) => s.posts.map((p) => [p.id, p] as const)));
  let previous: { sourceId: string; end: number } | undefined;
  for (const segment of segments) {
    const at = `segment ${segment.id}`;
    const text = docs.get(segment.sourceId)?.text;
    if (text === undefined) {
      out.push(`${at}: unknown source ${segment.sourceId}`);
      continue;
    }
    if (INVISIBLE_ONLY.test(segment.text)) out.push(`${at}: blank (whitespace or invisible characters only)`);
    if (!valid(text, segment.span))
      out.push(`${at}: span ${show(segment.span)} out of range (${text.length})`);
    if (text.slice(segment.span[0], segment.span[1]) !== segment.text)
      out.push(`${at}: text is not its span`);
    if (!options.gold && previous?.sourceId === segment.sourceId && segment.span[0] < previous.end)
      out.push(`${at}: span ${show(segment.span)} starts before the previous segment ends`);
    previous = { sourceId: segment.sourceId, end: segment.span[1] };
    const post = segment.postId !== undefined ? posts.get(segment.postId) : undefined;
    if (
      !options.gold &&
      post &&
      !post.bodySpans.some((b) => b[0] <= segment.span[0] && segment.span[1] <= b[1])
    )
      out.push(`${at}: span ${show(segment.span)} outside the body of ${post.id}`);
  }
  return out;
}

/**
 * A map: schema-valid; segments as in `segmentViolations`; segment, unit and relation ids unique; units are their spans; relations and
 * arguments point at existing posts and units, with spans in range.
 */
export function mapViolations(map: ArgumentMap, options: SegmentCheckOptions = {}): string[] {
  const out: string[] = [];
  const parsed = ArgumentMap.safeParse(map);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    out.push(`schema: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`);
  }
  out.push(...segmentViolations(map.sources, map.segments, options));
  for (const [what, list] of [
    ["segment", map.segments],
    ["unit", map.units],
    ["relation", map.relations],
  ] as const) {
    const seen = new Set<string>();
    for (const { id } of list) {
      if (seen.has(id)) out.push(`${what} id ${id} is not unique`);
      seen.add(id);
    }
  }
  const texts = new Map(map.sources.map((s) => [s.id, s.text]));
  const ids = new Set<string>([
    ...map.sources.flatMap((s) => s.posts.map((p) => p.id)),
    ...map.units.map((u) => u.id),
  ]);
  for (const unit of map.units) {
    const text = texts.get(unit.sourceId);
    if (text === undefined || text.slice(unit.span[0], unit.span[1]) !== unit.text)
      out.push(`unit ${unit.id}: text is not its span ${show(unit.span)}`);
  }
  for (const relation of map.relations) {
    if (!ids.has(relation.from)) out.push(`relation ${relation.id}: unknown from ${relation.from}`);
    if (!ids.has(relation.to)) out.push(`relation ${relation.id}: unknown to ${relation.to}`);
    if (relation.span[1] > (texts.get(relation.sourceId)?.length ?? -1))
      out.push(`relation ${relation.id}: span ${show(relation.span)} out of range`);
  }
  for (const argument of map.arguments) {
    if (!ids.has(argument.thesis)) out.push(`argument ${argument.id}: unknown thesis ${argument.thesis}`);
    for (const claim of argument.claims)
      if (!ids.has(claim.unitId)) out.push(`argument ${argument.id}: unknown claim ${claim.unitId}`);
  }
  return out;
}
