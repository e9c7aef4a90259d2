/**
 * The argmap data model: one zod schema per entity. TypeScript types, the JSON Schema in
 * `schema/argmap.schema.json` and runtime validation all derive from these definitions.
 *
 * Every derived item carries `span: [start, end]` — half-open character offsets into the text of
 * its source (`SourceDoc.text`) — and `by`, the stage, version and engine that produced it.
 */
import { z } from "zod";

/** Version of the serialised map format. Bump the minor for additions, the major for breaks. */
export const MAP_FORMAT_VERSION = "1.0.0";

export const Span = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
  .describe("Half-open character offsets [start, end) into the source text.");
export type Span = z.infer<typeof Span>;

/** The engine that produced an item: `classic`, `llm`, `hybrid`, `import` or a registered one. */
export const EngineName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/)
  .describe("Engine name: classic, llm, hybrid, import, or any registered engine.");
export type EngineName = z.infer<typeof EngineName>;

export const Provenance = z
  .object({
    stage: z.string(),
    version: z.string(),
    engine: EngineName,
  })
  .describe("Which stage (and version, engine) produced an item.");
export type Provenance = z.infer<typeof Provenance>;

export const SourceFormat = z.enum([
  "text",
  "markdown",
  "thread-text",
  "html",
  "hn",
  "reddit",
  "vtt",
  "srt",
  "chat",
  "csv",
  "jsonl",
]);
export type SourceFormat = z.infer<typeof SourceFormat>;

/** A quoted passage inside a post, and the post/sentence it was matched to (if any). */
export const Quote = z.object({
  span: Span.describe("The quoted lines, markers included, in the source text."),
  text: z.string().describe("The quoted text with quote markers removed."),
  targetPostId: z.string().optional(),
  targetSpan: Span.optional().describe("The span in the quoted post that best matches."),
  score: z.number().min(0).max(1).describe("Fuzzy match score of the quote against its target."),
});
export type Quote = z.infer<typeof Quote>;

export const Post = z.object({
  id: z.string(),
  sourceId: z.string(),
  index: z.number().int().nonnegative(),
  author: z.string().optional(),
  time: z.string().optional(),
  timeEnd: z.string().optional().describe("End time of a transcript turn (same notation as `time`)."),
  url: z.string().optional().describe("Where the post lives on the web (permalink), when known."),
  parentId: z.string().optional().describe("The post this one replies to, when known."),
  span: Span.describe("The whole post, quoted lines included."),
  bodySpans: z.array(Span).describe("The post's own words: the post span minus quoted lines."),
  quotes: z.array(Quote),
  by: Provenance,
});
export type Post = z.infer<typeof Post>;

/** A link or footnote cited by a source. */
export const Citation = z.object({
  text: z.string().describe("Link text or footnote text."),
  url: z.string().optional(),
  span: Span.optional().describe("Where the link text or footnote is in the source text, when it is in it."),
});
export type Citation = z.infer<typeof Citation>;

export const SourceDoc = z.object({
  id: z.string().describe("Content hash of the source text."),
  name: z.string().describe("Display name: domain for web sources, file name otherwise."),
  uri: z.string().optional(),
  format: SourceFormat,
  title: z.string().optional(),
  byline: z.string().optional().describe("Author line of an article."),
  publishedAt: z.string().optional().describe("Publication date of an article, as the page states it."),
  siteName: z.string().optional().describe("Site name or domain of a web source."),
  text: z.string(),
  posts: z.array(Post),
  citations: z.array(Citation).optional().describe("Links and footnotes of an article."),
});
export type SourceDoc = z.infer<typeof SourceDoc>;

export const Segment = z.object({
  id: z.string(),
  sourceId: z.string(),
  postId: z.string(),
  index: z.number().int().nonnegative().describe("Position of the segment within its post."),
  kind: z.enum(["sentence", "clause"]),
  span: Span,
  text: z.string(),
  by: Provenance,
});
export type Segment = z.infer<typeof Segment>;

export const UnitKind = z.enum(["major-claim", "claim", "premise", "evidence", "none"]);
export type UnitKind = z.infer<typeof UnitKind>;

export const Unit = z.object({
  id: z.string(),
  segmentId: z.string(),
  sourceId: z.string(),
  postId: z.string(),
  kind: UnitKind,
  confidence: z.number().min(0).max(1),
  span: Span,
  text: z.string(),
  signals: z.array(z.string()).describe("Names of the linguistic signals that fired."),
  by: Provenance,
});
export type Unit = z.infer<typeof Unit>;

export const RelationKind = z.enum(["support", "attack", "reply", "quote", "same-as"]);
export type RelationKind = z.infer<typeof RelationKind>;

export const Relation = z.object({
  id: z.string(),
  kind: RelationKind,
  level: z.enum(["post", "unit"]).describe("Whether from/to are post ids or unit ids."),
  from: z.string(),
  to: z.string(),
  confidence: z.number().min(0).max(1),
  sourceId: z.string().describe("Source of the `from` end; `span` points into it."),
  span: Span.describe("The text that carries the relation (quote, reply or signal) in the `from` source."),
  signals: z.array(z.string()),
  by: Provenance,
});
export type Relation = z.infer<typeof Relation>;

export const Stance = z.enum(["pro", "con", "neutral"]);
export type Stance = z.infer<typeof Stance>;

export const KeyPointQuote = z.object({
  unitId: z.string(),
  sourceId: z.string(),
  span: Span,
  text: z.string(),
});
export type KeyPointQuote = z.infer<typeof KeyPointQuote>;

export const KeyPoint = z.object({
  id: z.string(),
  text: z.string(),
  sourceId: z.string(),
  span: Span,
  unitIds: z.array(z.string()),
  authorCount: z.number().int().nonnegative(),
  postCount: z.number().int().nonnegative(),
  coverage: z.number().min(0).max(1),
  stance: Stance,
  quotes: z.array(KeyPointQuote),
  by: Provenance,
  side: z
    .enum(["primary", "counter"])
    .optional()
    .describe("When a point is argued both ways: `primary` asserts it, `counter` denies it (see `opposes`)."),
  opposes: z.string().optional().describe("Id of the key point on the other side of the same point."),
  sourceIds: z.array(z.string()).optional().describe("Distinct sources whose units make this point."),
  sourceCount: z.number().int().nonnegative().optional(),
  stanceCounts: z
    .object({
      pro: z.number().int().nonnegative(),
      con: z.number().int().nonnegative(),
      neutral: z.number().int().nonnegative(),
    })
    .optional()
    .describe("Distinct authors (posts when authors are unknown) by stance towards their argument's thesis."),
  label: z
    .string()
    .optional()
    .describe(
      "A short self-contained name an abstractive engine (llm, hybrid) wrote; `text` stays the source quote.",
    ),
});
export type KeyPoint = z.infer<typeof KeyPoint>;

export const KeyPointSummary = z
  .object({
    total: z.number().int().nonnegative().describe("Key points found, listed or not."),
    listed: z.number().int().nonnegative().describe("Key points in `keyPoints` (the most prevalent)."),
    omitted: z
      .object({
        keyPoints: z.number().int().nonnegative(),
        units: z.number().int().nonnegative().describe("Their units that no listed point has."),
        authors: z
          .number()
          .int()
          .nonnegative()
          .describe("Distinct authors of those units (posts when authors are unknown)."),
      })
      .describe("The long tail, counted, not listed."),
  })
  .describe("Present when more key points were found than are listed.");
export type KeyPointSummary = z.infer<typeof KeyPointSummary>;

export const UnitStance = z
  .object({
    unitId: z.string(),
    thesis: Stance.describe("Towards the thesis of the unit's argument (reply chain signs and text)."),
    keyPointId: z.string().optional(),
    keyPoint: Stance.describe("Towards the key point the unit is matched to (neutral when unmatched)."),
  })
  .describe("Stance of one argumentative unit.");
export type UnitStance = z.infer<typeof UnitStance>;

export const CruxSide = z.object({
  keyPointId: z.string(),
  authorCount: z.number().int().nonnegative(),
  quotes: z.array(KeyPointQuote),
});
export type CruxSide = z.infer<typeof CruxSide>;

export const Crux = z
  .object({
    id: z.string(),
    text: z.string().describe("The point in dispute (text of the primary key point)."),
    balance: z.number().min(0).max(1).describe("min(pro, con) / max(pro, con) authors; 1 = even split."),
    pro: CruxSide,
    con: CruxSide,
  })
  .describe("A key point on which authors split: both sides with their best quotes.");
export type Crux = z.infer<typeof Crux>;

export const ArgumentClaim = z.object({
  unitId: z.string(),
  evidence: z.array(z.string()).describe("Unit ids of premises/evidence backing this claim."),
});
export type ArgumentClaim = z.infer<typeof ArgumentClaim>;

export const Objection = z.object({
  unitId: z.string(),
  rebuttals: z.array(z.string()).describe("Unit ids that answer the objection."),
});
export type Objection = z.infer<typeof Objection>;

export const Headline = z
  .object({
    text: z.string().describe("A key claim in the engine's own words."),
    unitIds: z.array(z.string()).min(1).describe("The units it summarises."),
    spans: z
      .array(z.object({ sourceId: z.string(), span: Span }))
      .describe("Where those units are in their sources."),
  })
  .describe("An abstractive key-claim headline, with the source spans behind it.");
export type Headline = z.infer<typeof Headline>;

export const ArgumentAbstract = z
  .object({
    thesis: z.string().describe("A thesis paragraph in the engine's own words."),
    unitIds: z.array(z.string()).describe("The units the paragraph draws on."),
    headlines: z.array(Headline),
    by: Provenance,
  })
  .describe("Abstractive text an LLM engine wrote for an argument; every piece cites its units.");
export type ArgumentAbstract = z.infer<typeof ArgumentAbstract>;

export const Argument = z.object({
  id: z.string(),
  rank: z.number().int().positive(),
  score: z.number(),
  sourceIds: z.array(z.string()),
  source: z.string().describe("Display name of the thesis' source."),
  thesis: z.string().describe("Unit id of the thesis (major claim)."),
  summary: z.string().describe("One-paragraph thesis: the thesis post's own argumentative text."),
  span: Span.describe("The thesis unit's span."),
  claims: z.array(ArgumentClaim),
  objections: z.array(Objection),
  concessions: z
    .array(z.string())
    .optional()
    .describe('Unit ids of posts that give up a side they argued (a CMV delta, "You\'re right").'),
  postIds: z.array(z.string()).describe("Posts that engage with this argument."),
  authorCount: z.number().int().nonnegative(),
  by: Provenance,
  abstract: ArgumentAbstract.optional().describe(
    "Thesis paragraph and key-claim headlines written by an abstractive engine (llm, hybrid).",
  ),
});
export type Argument = z.infer<typeof Argument>;

export const Severity = z.enum(["info", "warning", "error"]);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z.object({
  rule: z.string().describe("Permanent rule id, e.g. `thread-text/ambiguous-boundary`."),
  stage: z.string(),
  severity: Severity,
  message: z.string(),
  sourceId: z.string().optional(),
  span: Span.optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const ArgumentMap = z.object({
  format: z.literal("argmap"),
  version: z.literal(MAP_FORMAT_VERSION),
  engine: z.object({ name: EngineName, version: z.string(), models: z.record(z.string(), z.string()) }),
  sources: z.array(SourceDoc),
  segments: z.array(Segment),
  units: z.array(Unit),
  relations: z.array(Relation),
  keyPoints: z.array(KeyPoint),
  keyPointSummary: KeyPointSummary.optional(),
  stances: z.array(UnitStance).optional().describe("Stance of each argumentative unit (key point analysis)."),
  cruxes: z.array(Crux).optional().describe("Most evenly disputed key points, most even first."),
  arguments: z.array(Argument),
  diagnostics: z.array(Diagnostic),
});
export type ArgumentMap = z.infer<typeof ArgumentMap>;
