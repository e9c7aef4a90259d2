/**
 * The diff of two argument maps ("what changed since last time"): one zod schema drives the TS
 * type, `schema/argmap-diff.schema.json` and validation, as for the map itself.
 */
import { z } from "zod";
import { KeyPointQuote, Span, Stance, UnitKind } from "../model/index.js";

/** Version of the serialised diff format. Bump the minor for additions, the major for breaks. */
export const DIFF_FORMAT_VERSION = "1.0.0";

/**
 * How an item of the new map was found in the old one: the same `id`; the same stable `key`
 * (a source's uri or name, a post's permalink or author and time); the same `text`; the engine's
 * `same-as` matcher (text that changed); or, for key points and cruxes, shared `members`.
 */
export const MatchMethod = z.enum(["id", "key", "text", "same-as", "members"]);
export type MatchMethod = z.infer<typeof MatchMethod>;

export const SourceRef = z.object({ id: z.string(), name: z.string(), uri: z.string().optional() });
export type SourceRef = z.infer<typeof SourceRef>;

export const PostRef = z.object({
  id: z.string(),
  sourceId: z.string(),
  author: z.string().optional(),
  url: z.string().optional(),
  span: Span,
  text: z.string().describe("The post's own words (quoted lines left out)."),
});
export type PostRef = z.infer<typeof PostRef>;

export const UnitRef = z.object({
  id: z.string(),
  sourceId: z.string(),
  postId: z.string(),
  author: z.string().optional(),
  kind: UnitKind,
  span: Span,
  text: z.string(),
});
export type UnitRef = z.infer<typeof UnitRef>;

export const ArgumentRef = z.object({ id: z.string(), rank: z.number().int().positive(), thesis: UnitRef });
export type ArgumentRef = z.infer<typeof ArgumentRef>;

export const KeyPointRef = z.object({
  id: z.string(),
  text: z.string(),
  label: z.string().optional(),
  stance: Stance,
  authorCount: z.number().int().nonnegative(),
  quotes: z.array(KeyPointQuote),
});
export type KeyPointRef = z.infer<typeof KeyPointRef>;

export const KeyPointChange = z.object({
  id: z.string().describe("Id in the new map."),
  oldId: z.string(),
  match: MatchMethod,
  text: z.string(),
  oldText: z.string().optional().describe("The point's text in the old map, when it changed."),
  label: z.string().optional(),
  authorsBefore: z.number().int().nonnegative(),
  authorsAfter: z.number().int().nonnegative(),
  newAuthors: z
    .array(z.string())
    .describe(
      "Authors of the new quotes who had not made the point before (posts, when authors are unknown).",
    ),
  newQuotes: z
    .array(UnitRef)
    .describe("Units of new posts (or new sentences of edited ones) that joined the point."),
  movedIn: z
    .number()
    .int()
    .nonnegative()
    .describe("Units of earlier posts that the new map put in this point."),
  leftUnits: z.number().int().nonnegative().describe("Units the point lost."),
});
export type KeyPointChange = z.infer<typeof KeyPointChange>;

export const CruxRef = z.object({
  id: z.string(),
  text: z.string(),
  balance: z.number().min(0).max(1),
  pro: z.number().int().nonnegative().describe("Authors on the pro side."),
  con: z.number().int().nonnegative().describe("Authors on the con side."),
});
export type CruxRef = z.infer<typeof CruxRef>;

export const CruxChange = z.object({
  id: z.string(),
  oldId: z.string(),
  match: MatchMethod,
  text: z.string(),
  oldText: z.string().optional().describe("The crux's text in the old map, when it changed."),
  before: CruxRef,
  after: CruxRef,
});
export type CruxChange = z.infer<typeof CruxChange>;

export const MapSide = z.object({
  label: z.string().describe("What the map is: a file name, `map 3`, …"),
  createdAt: z.string().optional(),
  sources: z.number().int().nonnegative(),
  posts: z.number().int().nonnegative(),
  arguments: z.number().int().nonnegative(),
  keyPoints: z.number().int().nonnegative(),
});
export type MapSide = z.infer<typeof MapSide>;

export const MapDiff = z
  .object({
    format: z.literal("argmap-diff"),
    version: z.literal(DIFF_FORMAT_VERSION),
    old: MapSide,
    new: MapSide,
    sources: z.object({
      added: z.array(SourceRef),
      removed: z.array(SourceRef),
      changed: z.array(z.object({ old: SourceRef, new: SourceRef, match: MatchMethod })),
    }),
    posts: z.object({
      added: z.array(PostRef),
      removed: z.array(PostRef),
      changed: z
        .array(z.object({ old: PostRef, new: PostRef, match: MatchMethod }))
        .describe("Posts whose words changed (edited), and how they were found."),
    }),
    arguments: z.object({ added: z.array(ArgumentRef), dropped: z.array(ArgumentRef) }),
    claims: z
      .array(z.object({ argumentId: z.string(), unit: UnitRef, evidence: z.array(UnitRef) }))
      .describe("New claims (positions) in arguments the old map had."),
    objections: z.object({
      added: z
        .array(
          z.object({
            argumentId: z.string(),
            thesis: UnitRef,
            objection: UnitRef,
            rebuttals: z.array(UnitRef),
          }),
        )
        .describe("New objections to arguments the old map had."),
      answered: z
        .array(
          z.object({
            argumentId: z.string(),
            objection: UnitRef,
            rebuttals: z.array(UnitRef).describe("The new rebuttals."),
            first: z.boolean().describe("True when the objection had no rebuttal before."),
          }),
        )
        .describe("Old objections that got new rebuttals."),
    }),
    keyPoints: z.object({
      appeared: z.array(KeyPointRef),
      dropped: z.array(KeyPointRef),
      grew: z.array(KeyPointChange),
      shrank: z.array(KeyPointChange),
    }),
    cruxes: z.object({
      appeared: z.array(CruxRef),
      dropped: z.array(CruxRef),
      changed: z.array(CruxChange).describe("Cruxes whose balance or side counts moved."),
    }),
    matching: z
      .record(MatchMethod, z.number().int().nonnegative())
      .describe("How many posts, units, key points and cruxes were matched by each method."),
  })
  .describe("What changed from one argument map to another.");
export type MapDiff = z.infer<typeof MapDiff>;
