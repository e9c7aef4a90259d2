/**
 * Scratch tables of a streamed map build (`src/pipeline/stream-map.ts`): what a map over more
 * units than memory holds needs to count, sort or read back later — every argument with its
 * ranking key, every argumentative unit with its key point and author, the build's diagnostics —
 * kept on disk instead of in the heap. One build writes them once and reads them back in order;
 * nothing here outlives the build (the file is in a temporary folder the caller removes).
 */
import type { Argument, Diagnostic, Stance, UnitStance } from "../model/index.js";

/** One argument of one source, with the key that ranks it among all sources' arguments. */
export interface SpilledArgument {
  /** Anyone replied to or quoted it (ranked before those nobody engaged with). */
  engaged: boolean;
  score: number;
  /** Position of its source in the corpus, then its rank within the source: the tie-breakers. */
  sourceIndex: number;
  localRank: number;
  argument: Argument;
}

/** One argumentative unit: who wrote it, its stances and the key point it joined (if any). */
export interface SpilledUnit {
  unitId: string;
  /** Author key (`a:<author>`, or `p:<post id>` when the source names no authors). */
  who: string;
  postId: string;
  sourceId: string;
  thesis: Stance;
  keyPointId?: string;
  keyPoint: Stance;
}

/** Counts of one key point's members over every unit of the corpus. */
export interface MemberCounts {
  units: number;
  authors: number;
  posts: number;
  sourceIds: string[];
  stanceCounts: { pro: number; con: number; neutral: number };
}

export interface SpillTables {
  addArguments(rows: readonly SpilledArgument[]): void;
  /** Arguments best first (engaged, score, source, rank in source), ranks set 1, 2, …; at most `limit`. */
  rankedArguments(limit?: number): Iterable<Argument>;
  addUnits(rows: readonly SpilledUnit[]): void;
  /** Member counts of every key point that has members. */
  memberCounts(): Map<string, MemberCounts>;
  /** Unit ids of a key point's members, in the order they were added. */
  memberIds(keyPointId: string): string[];
  /** The key point (and stance towards it) of each of these units that joined one. */
  membershipOf(unitIds: readonly string[]): Map<string, string>;
  /** Every unit's stance, in the order added. */
  stances(): Iterable<UnitStance>;
  addDiagnostics(rows: readonly Diagnostic[]): void;
  diagnostics(): Iterable<Diagnostic>;
  close(): void;
}
