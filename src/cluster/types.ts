/** Input, options and result of key point analysis. */
import type { ThesisStances } from "./stance.js";
import type {
  Argument,
  Crux,
  KeyPoint,
  KeyPointSummary,
  Relation,
  SourceDoc,
  Stance,
  Unit,
} from "../model/index.js";

export const clusterStage = { name: "cluster", version: "1.0.0" } as const;

export interface ClusterInput {
  sources: readonly SourceDoc[];
  units: readonly Unit[];
  relations: readonly Relation[];
  /** Assembled arguments, when available: their theses anchor unit stance. */
  arguments?: readonly Argument[];
  /**
   * Units' stances towards their theses, when computed already (a streamed map computes them per
   * source, where the whole source is at hand; its cluster run sees only a sample of posts).
   */
  thesis?: ThesisStances;
  /**
   * The sentence around a unit, when the run's sources do not carry their text (a streamed map's
   * sample); else it is cut from the source text (see `enclosingSentence`).
   */
  sentenceOf?: (unit: Unit) => { text: string; span: [number, number] } | undefined;
}

export interface ClusterOptions {
  /**
   * Scorer value at or above which a unit counts towards a candidate's coverage when key points
   * are selected. Default 0.4 (chosen by 4-fold cross-validation by topic on ArgKP train).
   */
  matchThreshold?: number;
  /**
   * Scorer value at or above which a unit joins the selected key point it matches best (the
   * final assignment). Default 0.4: in the same cross-validation 0.3 places more arguments
   * (argument coverage 0.762 against 0.601) but lowers purity to 0.557 (0.593 at 0.4; 0.606 before
   * this round's generator), and on real threads it gathers unrelated chatter into one point
   * (20 replies under "Think of it like a bowl." on a Reddit thread).
   */
  assignThreshold?: number;
  /**
   * Score against its key point at or above which a unit stays in it after the final assignment
   * (else it stays unclustered; see `precision.ts`). Default 0.55 (4-fold CV by topic on ArgKP
   * train; 0.4 keeps every member the assignment gave).
   */
  memberThreshold?: number;
  /**
   * A unit stays in its key point only when it scores at least this much more against it than
   * against any other selected point (an ambiguous unit stays unclustered). Default 0.
   */
  memberMargin?: number;
  /**
   * Share of its point's core (its own unit and best-scoring members, up to 5) a unit must match
   * either way at or above `matchThreshold` to stay in the point. Default 0.6 (same CV; 0 is off).
   */
  memberAgreement?: number;
  /**
   * Most new key points, as a share of the units (at least `minPoints`). Default 0.07 (same
   * cross-validation: about 1.4 × the gold number of key points on ArgKP train).
   */
  maxPointShare?: number;
  /** Fewest new key points the `maxPointShare` cap allows. Default 5. */
  minPoints?: number;
  /**
   * Candidate key point names (the main clause, see `shortNames`) have this many words at least
   * and at most. Defaults 4 and 20.
   */
  nameWords?: { min: number; max: number };
  /**
   * Units × candidates at or below which every unit is scored against every candidate (else
   * against its `neighbours` nearest). Default 60,000.
   */
  exhaustiveMatchPairs?: number;
  /** A candidate scoring at least this against a selected key point (either way) is redundant. Default 0.7. */
  duplicateThreshold?: number;
  /** A candidate and a selected key point scoring at least this both ways are one point. Default 0.6. */
  mutualDuplicateThreshold?: number;
  /**
   * Scorer value at or above which a unit and a point match without sharing a word that says what
   * they are about (see `substantiveWords`). Below it a pair must share one: the matcher, trained
   * on arguments about one topic, scores short off-topic remarks that share only a framing word
   * far too high ("It's Unix, I know this." against "Knew this day would come.": 0.63). Default 1
   * (always required; a text matches itself). In 4-fold cross-validation on ArgKP train, where
   * arguments share their topic's words, it changed argument coverage from 0.598 to 0.594 and
   * purity from 0.595 to 0.597.
   */
  evidenceThreshold?: number;
  /**
   * Share of a candidate's member pairs (its best-matching members, up to 8) that must match each
   * other either way at or above `matchThreshold` for it to become a key point: units making the
   * same point say similar things to one another, not only to the name. Stops short remarks that
   * share one common word with many others ("Think of it like a bowl." gathering "Taste like
   * crab; walk like people.") from becoming points. Default 0.4: no change in 4-fold
   * cross-validation on ArgKP train (0.5 lowered argument coverage from 0.598 to 0.582); 0 turns
   * the check off.
   */
  cohesion?: number;
  /**
   * A unit scoring at least this against its key point is `same-as` its text unit. Default 0.85:
   * the lowest threshold at which at least half the ArgKP-2021 labelled (argument, key point)
   * pairs scoring above it are matches, scored as this stage scores them (no topic): precision
   * 0.529 train / 0.554 dev, against 0.392 / 0.357 at 0.7 (`npx tsx scripts/same-as-threshold.ts`).
   */
  sameAsThreshold?: number;
  /** Fewest units a new key point must cover. Default 2. */
  minUnits?: number;
  /**
   * Leave reactions out (`isReaction`: "This.", "I feel the same way."): they never found or join
   * a key point. Default true.
   */
  chatFilter?: boolean;
  /**
   * Cosine of two sources' content profiles (`sourceTopics`) at or above which they share a topic:
   * only then may a key point, crux or same-as link join their units. Default 0.2.
   */
  topicThreshold?: number;
  /** Units below this extraction confidence are ignored. Default 0.3. */
  minConfidence?: number;
  /** Candidates need at least this confidence. Default 0.45. */
  candidateMinConfidence?: number;
  /** Candidate length bounds in words. Defaults 4 and 30. */
  minWords?: number;
  maxWords?: number;
  /**
   * After selection, every unit still outside a point joins the selected point it matches best
   * (at or above `assignThreshold`), and selected points left with fewer than `minUnits` units are
   * dropped. Default true.
   */
  coverage?: boolean;
  /**
   * Name a new point by the main clause of its candidate (first sentence, no trailing reason or
   * comment clause, see `mainClause`) when that stands alone; members still match the whole text.
   * Default true.
   */
  shortNames?: boolean;
  /**
   * A new point must cover at least this share of the units (and `minUnits`), up to
   * `maxFloorUnits`. Default 0.01.
   */
  minShare?: number;
  /**
   * The `minShare` floor never asks more units than this: in a large corpus a point ten people
   * make is worth listing (at 10,000 units a 1 % floor of 100 left no key point at all on an
   * ArgKP-built corpus). Default 10 (below every ArgKP group's 1 %, so CV is unchanged).
   */
  maxFloorUnits?: number;
  /**
   * Most new key points a run selects, whatever `maxPointShare` allows (the map lists the 50 most
   * prevalent and counts the rest; see `maxKeyPoints`). Default 500.
   */
  maxNewPoints?: number;
  /**
   * Units whose shortlisted pairs are scored in one batch: only one batch's pairs are held at a
   * time (the scores of pairs below `matchThreshold` are not kept). Default 20,000.
   */
  matchBatch?: number;
  /** Shortlist size per unit when matching is not exhaustive (see `exhaustiveMatchPairs`). Default 10. */
  neighbours?: number;
  /** Force LSH blocking on (true) or off (false); by size when undefined. */
  blocking?: boolean;
  /** Units × candidates above which blocking is used. Default 4,000,000. */
  exhaustiveLimit?: number;
  /**
   * Most key points listed, most argued first (a point's counter with it); the rest are counted
   * in `ClusterResult.summary`, their units left without a key point. Default 50.
   */
  maxKeyPoints?: number;
  /** How many cruxes to report. Default 5. */
  maxCruxes?: number;
  /**
   * Support/attack links between posts at or above this confidence carry stance into a key point:
   * a unit attacking (or attacked by) a member argues the other side, one supporting it the same
   * side; an attack between two units no point covers makes a disputed point of its own. Default 0.4.
   */
  linkThreshold?: number;
  /** A unit of a post linked to a member's post joins the point when it scores this against the member or the point. Default 0.5. */
  relatedThreshold?: number;
  /**
   * A unit of a post linked to a member's post (support/attack between posts) joins the point only
   * when it scores at least this (and `relatedThreshold`) against the member or the point, with a
   * shared word (`evidenceThreshold`). Default 0.55 (the member threshold); 0 turns it off.
   */
  linkedThreshold?: number;
}

export interface UnitStanceEntry {
  thesis: Stance;
  keyPoint: Stance;
  keyPointId?: string;
}

export interface ClusterResult {
  /** Most-argued first. */
  keyPoints: KeyPoint[];
  /** `same-as` relations (unit level) between units making the same point in different posts. */
  relations: Relation[];
  /** Every argumentative unit's stance towards its thesis and towards its key point. */
  stances: Map<string, UnitStanceEntry>;
  /** Most evenly split first. */
  cruxes: Crux[];
  /** True when the LSH shortlist was used. */
  blocked: boolean;
  /** Present when more key points were found than `maxKeyPoints`: the long tail as counts. */
  summary?: KeyPointSummary;
}

/** A unit's least score against a key point to stay in it (see precision.ts for how it was chosen). */
export const DEFAULT_MEMBER_THRESHOLD = 0.55;
