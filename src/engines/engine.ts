/**
 * The engine port. An engine turns segments into argumentative units and relates them. The
 * embedded default is `classic` (features + small trained models); the LLM engine implements the
 * same interface, so the pipeline, store and exports never know which one ran.
 */
import type { EngineName, Relation, Segment, SourceDoc, StageContext, Unit } from "../model/index.js";
import type { Token } from "../segment/index.js";
import type { KeyPointScorer } from "../cluster/scorer.js";

export interface ExtractInput {
  sources: readonly SourceDoc[];
  segments: readonly Segment[];
  /** Tokens per segment id, from the segmenter. */
  tokens: ReadonlyMap<string, Token[]>;
}

export interface RelateInput extends ExtractInput {
  units: readonly Unit[];
  /** Post-level reply and quote relations from the thread structure (see `relate/thread.ts`). */
  structure: readonly Relation[];
}

export interface Engine {
  readonly name: EngineName;
  readonly version: string;
  /** Model name → version/hash, recorded in every map for reproducibility. */
  readonly models: Readonly<Record<string, string>>;
  /** One unit per segment (kind `none` for non-argumentative ones), same order as the segments. */
  extract(input: ExtractInput, ctx: StageContext): Unit[];
  /** Support/attack relations between units and between posts. */
  relate(input: RelateInput, ctx: StageContext): Relation[];
  /** Scores (unit, key point) pairs for key point analysis; lexical overlap when absent. */
  keyPointScorer?(): KeyPointScorer;
}
