/**
 * Builders for hand-made assemble/export inputs in tests: a source from an array of post texts,
 * units from substrings, relations between posts or units. Not part of the public API.
 */
import { collectingContext, MAP_FORMAT_VERSION } from "../../src/model/index.js";
import { assembleArguments } from "../../src/assemble/arguments.js";
import type {
  ArgumentMap,
  Post,
  Relation,
  Segment,
  SourceDoc,
  SourceFormat,
  Unit,
  UnitKind,
} from "../../src/model/index.js";

const BY = { stage: "test", version: "0", engine: "classic" } as const;

export interface PostSpec {
  text: string;
  author?: string;
  parentIndex?: number;
}

/** A source whose posts are the given texts, separated by blank lines. Post ids are `<id>:p<i>`. */
export function makeSource(
  posts: readonly (string | PostSpec)[],
  options: { id?: string; name?: string; format?: SourceFormat } = {},
): SourceDoc {
  const id = options.id ?? "s1";
  const specs = posts.map((p) => (typeof p === "string" ? { text: p } : p));
  let text = "";
  const out: Post[] = [];
  specs.forEach((spec, index) => {
    if (index > 0) text += "\n\n";
    const start = text.length;
    text += spec.text;
    const post: Post = {
      id: `${id}:p${index}`,
      sourceId: id,
      index,
      span: [start, text.length],
      bodySpans: [[start, text.length]],
      quotes: [],
      by: BY,
    };
    if (spec.author !== undefined) post.author = spec.author;
    if (spec.parentIndex !== undefined) post.parentId = `${id}:p${spec.parentIndex}`;
    out.push(post);
  });
  return {
    id,
    name: options.name ?? "example.com",
    format: options.format ?? "thread-text",
    text,
    posts: out,
  };
}

export interface UnitSpec {
  post: number;
  /** A substring of the post's text; the first occurrence is used. */
  text: string;
  kind: UnitKind;
  confidence?: number;
}

/** Segments and units for the given substrings; unit ids are `u<i>` in spec order. */
export function makeUnits(
  source: SourceDoc,
  specs: readonly UnitSpec[],
): { segments: Segment[]; units: Unit[] } {
  const segments: Segment[] = [];
  const units: Unit[] = [];
  const perPost = new Map<number, number>();
  specs.forEach((spec, i) => {
    const post = source.posts[spec.post];
    if (!post) throw new Error(`no post ${spec.post}`);
    const at = source.text.indexOf(spec.text, post.span[0]);
    if (at < 0 || at + spec.text.length > post.span[1])
      throw new Error(`"${spec.text}" not in post ${spec.post}`);
    const span: [number, number] = [at, at + spec.text.length];
    const index = perPost.get(spec.post) ?? 0;
    perPost.set(spec.post, index + 1);
    const segmentId = `g${i}`;
    segments.push({
      id: segmentId,
      sourceId: source.id,
      postId: post.id,
      index,
      kind: "sentence",
      span,
      text: spec.text,
      by: BY,
    });
    units.push({
      id: `u${i}`,
      segmentId,
      sourceId: source.id,
      postId: post.id,
      kind: spec.kind,
      confidence: spec.confidence ?? 0.7,
      span,
      text: spec.text,
      signals: [],
      by: BY,
    });
  });
  return { segments, units };
}

let relationCounter = 0;

/** A relation `from → to`; `level` defaults to post when both ends look like post ids. */
export function makeRelation(
  kind: Relation["kind"],
  from: string,
  to: string,
  options: { confidence?: number; level?: "post" | "unit"; sourceId?: string } = {},
): Relation {
  relationCounter++;
  return {
    id: `r${relationCounter}`,
    kind,
    level: options.level ?? (from.includes(":p") ? "post" : "unit"),
    from,
    to,
    confidence: options.confidence ?? 0.9,
    sourceId: options.sourceId ?? "s1",
    span: [0, 0],
    signals: [],
    by: BY,
  };
}

/** A complete map around hand-built parts, with arguments assembled from them. */
export function makeMap(
  parts: { sources: SourceDoc[]; segments: Segment[]; units: Unit[]; relations: Relation[] },
  args: ArgumentMap["arguments"],
): ArgumentMap {
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: { name: "classic", version: "0", models: {} },
    ...parts,
    keyPoints: [],
    arguments: args,
    diagnostics: [],
  };
}

/** A small debate (a thesis, two supports, an objection with a rebuttal) plus an unrelated claim. */
export function makeDebateMap(): ArgumentMap {
  const source = makeSource(
    [
      "Export controls slowed China down. They cut access to the best chips.",
      "Exactly. Chinese labs pay six times more per FLOP.",
      "Agreed, the controls bought years of lead time. Huawei chips trail by two generations per the 2024 report.",
      "Nope, the ban sped up domestic production.",
      "Domestic production is still years behind the leading fabs.",
      "Open source models will dominate by 2030.",
    ],
    { name: "news.example.org" },
  );
  const { segments, units } = makeUnits(source, [
    { post: 0, text: "Export controls slowed China down.", kind: "claim", confidence: 0.8 },
    { post: 0, text: "They cut access to the best chips.", kind: "premise" },
    { post: 1, text: "Chinese labs pay six times more per FLOP.", kind: "claim" },
    { post: 2, text: "Agreed, the controls bought years of lead time.", kind: "claim" },
    { post: 2, text: "Huawei chips trail by two generations per the 2024 report.", kind: "evidence" },
    { post: 3, text: "Nope, the ban sped up domestic production.", kind: "claim" },
    { post: 4, text: "Domestic production is still years behind the leading fabs.", kind: "claim" },
    { post: 5, text: "Open source models will dominate by 2030.", kind: "claim" },
  ]);
  const relations = [
    makeRelation("quote", "s1:p1", "s1:p0"),
    makeRelation("support", "s1:p1", "s1:p0"),
    makeRelation("quote", "s1:p2", "s1:p0"),
    makeRelation("support", "s1:p2", "s1:p0"),
    makeRelation("quote", "s1:p3", "s1:p0"),
    makeRelation("attack", "s1:p3", "s1:p0"),
    makeRelation("quote", "s1:p4", "s1:p3"),
    makeRelation("attack", "s1:p4", "s1:p3"),
  ];
  const parts = { sources: [source], segments, units, relations };
  return makeMap(parts, assembleArguments(parts, collectingContext()));
}
