/**
 * Shared builder for importers: turn a source text plus annotated spans and relations into a
 * valid ArgumentMap (engine `import`), one segment per unit.
 */
import { sourceIdOf } from "../ingest/read-source.js";
import { paragraphSpans } from "../ingest/readers/text.js";
import type {
  ArgumentMap,
  Diagnostic,
  KeyPoint,
  Post,
  Relation,
  RelationKind,
  Segment,
  SourceDoc,
  SourceFormat,
  Span,
  Unit,
  UnitKind,
} from "../model/index.js";
import { MAP_FORMAT_VERSION } from "../model/index.js";

export const IMPORT_VERSION = "1.0.0";

export function importBy(stage: string): { stage: string; version: string; engine: "import" } {
  return { stage, version: IMPORT_VERSION, engine: "import" };
}

export interface ImportedUnit {
  /** Id in the imported file (kept as the unit id, prefixed to be unique). */
  key: string;
  /** Unit id to keep verbatim (e.g. restored from an argmap export); `<sourceId>:<key>` otherwise. */
  id?: string;
  span: Span;
  kind: UnitKind;
  signals?: string[];
  confidence?: number;
}

export interface ImportedRelation {
  kind: RelationKind;
  from: string;
  to: string;
}

export interface ImportedPost {
  span: Span;
  author?: string;
  time?: string;
  parentIndex?: number;
}

export interface ImportSpec {
  stage: string;
  name: string;
  text: string;
  format?: SourceFormat;
  title?: string;
  /** Posts; paragraphs of the text when absent. */
  posts?: ImportedPost[];
  units: ImportedUnit[];
  relations: ImportedRelation[];
  keyPoints?: (Omit<KeyPoint, "sourceId" | "by" | "unitIds" | "quotes"> & { unitKeys: string[] })[];
  diagnostics: Diagnostic[];
}

/** Build a source with its posts; the post ids are `<sourceId>:p<i>`. */
export function buildSource(
  spec: Pick<ImportSpec, "stage" | "name" | "text" | "format" | "title" | "posts">,
): SourceDoc {
  const id = sourceIdOf(spec.text);
  const by = importBy(spec.stage);
  const postSpecs: ImportedPost[] = spec.posts ?? paragraphSpans(spec.text).map((span) => ({ span }));
  const posts: Post[] = postSpecs.map((p, index) => {
    const post: Post = {
      id: `${id}:p${index}`,
      sourceId: id,
      index,
      span: p.span,
      bodySpans: [p.span],
      quotes: [],
      by,
    };
    if (p.author !== undefined) post.author = p.author;
    if (p.time !== undefined) post.time = p.time;
    if (p.parentIndex !== undefined) post.parentId = `${id}:p${p.parentIndex}`;
    return post;
  });
  const doc: SourceDoc = { id, name: spec.name, format: spec.format ?? "text", text: spec.text, posts };
  if (spec.title !== undefined) doc.title = spec.title;
  return doc;
}

/** Merge several single-source maps into one. */
export function mergeMaps(maps: readonly ArgumentMap[]): ArgumentMap {
  return {
    ...emptyMap(),
    sources: maps.flatMap((m) => m.sources),
    segments: maps.flatMap((m) => m.segments),
    units: maps.flatMap((m) => m.units),
    relations: maps.flatMap((m) => m.relations),
    keyPoints: maps.flatMap((m) => m.keyPoints),
    arguments: maps.flatMap((m) => m.arguments),
    diagnostics: maps.flatMap((m) => m.diagnostics),
  };
}

export function emptyMap(): ArgumentMap {
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: { name: "import", version: IMPORT_VERSION, models: {} },
    sources: [],
    segments: [],
    units: [],
    relations: [],
    keyPoints: [],
    arguments: [],
    diagnostics: [],
  };
}

/**
 * Build the map. Units must lie inside the text; the post of a unit is the post whose span
 * contains the unit's start (the nearest earlier post otherwise).
 */
export function buildImportedMap(spec: ImportSpec): ArgumentMap {
  const by = importBy(spec.stage);
  const source = buildSource(spec);
  const postOf = (span: Span): Post | undefined => {
    let found: Post | undefined;
    for (const p of source.posts) if (p.span[0] <= span[0]) found = p;
    return found;
  };
  let fallbackPost: Post | undefined;
  if (source.posts.length === 0) {
    fallbackPost = {
      id: `${source.id}:p0`,
      sourceId: source.id,
      index: 0,
      span: [0, spec.text.length],
      bodySpans: [[0, spec.text.length]],
      quotes: [],
      by,
    };
    source.posts.push(fallbackPost);
  }
  const segments: Segment[] = [];
  const units: Unit[] = [];
  const unitId = new Map<string, string>();
  const perPost = new Map<string, number>();
  const sorted = [...spec.units].sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  for (const u of sorted) {
    const post = postOf(u.span) ?? source.posts[0]!;
    const index = perPost.get(post.id) ?? 0;
    perPost.set(post.id, index + 1);
    const id = u.id ?? `${source.id}:${u.key}`;
    const text = spec.text.slice(u.span[0], u.span[1]);
    segments.push({
      id: `${id}:g`,
      sourceId: source.id,
      postId: post.id,
      index,
      kind: "sentence",
      span: u.span,
      text,
      by,
    });
    units.push({
      id,
      segmentId: `${id}:g`,
      sourceId: source.id,
      postId: post.id,
      kind: u.kind,
      confidence: u.confidence ?? 1,
      span: u.span,
      text,
      signals: u.signals ?? [],
      by,
    });
    unitId.set(u.key, id);
  }
  const relations: Relation[] = [];
  const diagnostics = [...spec.diagnostics];
  spec.relations.forEach((r, i) => {
    const from = unitId.get(r.from);
    const to = unitId.get(r.to);
    if (from === undefined || to === undefined) {
      diagnostics.push({
        rule: "import/dangling-relation",
        stage: spec.stage,
        severity: "warning",
        message: `${r.kind} relation ${r.from} → ${r.to} dropped: ${from === undefined ? r.from : r.to} is not an imported unit.`,
        sourceId: source.id,
      });
      return;
    }
    const span = units.find((u) => u.id === from)!.span;
    relations.push({
      id: `${source.id}:r${i}`,
      kind: r.kind,
      level: "unit",
      from,
      to,
      confidence: 1,
      sourceId: source.id,
      span,
      signals: [],
      by,
    });
  });
  const keyPoints: KeyPoint[] = (spec.keyPoints ?? []).map((kp) => {
    const ids = kp.unitKeys.map((k) => unitId.get(k)).filter((x): x is string => x !== undefined);
    const { unitKeys: _unitKeys, ...rest } = kp;
    return {
      ...rest,
      sourceId: source.id,
      unitIds: ids,
      quotes: ids.map((uid) => {
        const u = units.find((x) => x.id === uid)!;
        return { unitId: uid, sourceId: source.id, span: u.span, text: u.text };
      }),
      by,
    };
  });
  return {
    ...emptyMap(),
    sources: [source],
    segments,
    units,
    relations,
    keyPoints,
    diagnostics: diagnostics.map((d) => ({ ...d, sourceId: d.sourceId ?? source.id })),
  };
}
