/**
 * The engine port. An engine turns segments into argumentative units, relates them, and scores
 * (argument, key point) pairs. The embedded default is `classic` (features + small trained
 * models); a network engine (an LLM behind an OpenAI-compatible endpoint) implements the same
 * interface, so the pipeline, store and exports never know which one ran.
 *
 * Async at the port, sync inside: every stage returns a promise and takes a whole source (or a
 * batch of pairs), so a network engine can batch and run calls concurrently; the classic engine
 * computes synchronously and resolves at once.
 */
import type {
  Argument,
  ArgumentAbstract,
  KeyPoint,
  Relation,
  Segment,
  SourceDoc,
  StageContext,
  Token,
  Unit,
} from "../model/index.js";

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

/** The assembled arguments of a map, for an engine that writes its own theses and headlines. */
export interface SummarizeInput {
  sources: readonly SourceDoc[];
  units: readonly Unit[];
  relations: readonly Relation[];
  arguments: readonly Argument[];
}

/** The key points of a map, for an engine that names them in its own words. */
export interface NameKeyPointsInput {
  units: readonly Unit[];
  keyPoints: readonly KeyPoint[];
}

/** One (argument, key point) pair to score: how well `argument` expresses `keyPoint`. */
export type ScorePair = readonly [argument: string, keyPoint: string];

/** Unit-length-or-not dense vectors of texts, one row of `dims` numbers per text. */
export interface Embeddings {
  dims: number;
  /** Row-major, `texts.length × dims`. */
  vectors: Float32Array;
}

/**
 * The similarity port of key point analysis. Scores are in [0, 1]; the cluster stage asks for
 * pairs in batches (every shortlisted pair of a run at once, then the few pairs each later phase
 * needs) and never scores the same pair twice in a run.
 */
export interface KeyPointScorer {
  /** Scores of the pairs, in order (full precision: scores feed thresholds and are reported). */
  scoreBatch(pairs: readonly ScorePair[]): Promise<Float64Array>;
  /** Dense vectors used only to shortlist candidates (cosine); a hashed bag of words when absent. */
  embedBatch?(texts: readonly string[]): Promise<Embeddings>;
  /**
   * A scorer for one clustering run that may keep per-text work (analyses, vectors) for as long
   * as the run holds it. `texts` are the run's unit texts (the same array for every session of
   * one run), from which a scorer may learn what the whole run talks about (its common words);
   * sessions given the same texts give the same scores.
   */
  session?(texts?: readonly string[]): KeyPointScorer;
}

/** What an engine can do, for `argmap engines` and for callers choosing one. */
export interface EngineCapabilities {
  /** Calls a network service (needs configuration, costs money or time per call). */
  network: boolean;
  /** Writes its own wording (abstractive theses and headlines) rather than quoting the source. */
  abstractive: boolean;
}

export interface Engine {
  /** Lower-case name, as `--engine` takes it and maps record it (`[a-z][a-z0-9-]*`). */
  readonly name: string;
  readonly version: string;
  /** Model name → version/hash, recorded in every map for reproducibility. */
  readonly models: Readonly<Record<string, string>>;
  /** One unit per segment (kind `none` for non-argumentative ones), same order as the segments. */
  extract(input: ExtractInput, ctx: StageContext): Promise<Unit[]>;
  /** Support/attack relations between units and between posts. */
  relate(input: RelateInput, ctx: StageContext): Promise<Relation[]>;
  /** Scores (unit, key point) pairs for key point analysis; lexical overlap when absent. */
  keyPointScorer?(): KeyPointScorer;
  /** Abstractive thesis paragraphs and headlines, by argument id (abstractive engines only). */
  summarize?(input: SummarizeInput, ctx: StageContext): Promise<ReadonlyMap<string, ArgumentAbstract>>;
  /** Short self-contained names of key points, by key point id (abstractive engines only). */
  nameKeyPoints?(input: NameKeyPointsInput, ctx: StageContext): Promise<ReadonlyMap<string, string>>;
}
