/**
 * Key point analysis (after Bar-Haim et al. 2020, 2021): choose short, self-contained claims as
 * candidates, match every argumentative unit to its shortlisted candidates with a pair scorer,
 * select key points greedily by how many still-unmatched units they cover, merge near-duplicates,
 * split each point by stance where both sides argue it, link the same claim across posts and
 * sources (`same-as`), and rank the most evenly split points as cruxes.
 *
 * Stable: key point ids are hashes of their normalised text; with `previous` key points, units
 * join existing points first (same ids) and new points are made only from leftover units.
 * Not quadratic: candidates are shortlisted by vector cosine, through LSH above a size limit.
 * Batched: each phase asks the scorer port for all the pairs it needs at once (`PairScores`).
 */
import type { KeyPoint, StageContext, UnitStance } from "../model/index.js";
import {
  collectCandidates,
  collectLinks,
  joinPrevious,
  matchUnits,
  selectPoints,
  startRun,
  type Run,
} from "./run.js";
import type { KeyPointScorer } from "./scorer.js";
import { addDisputes, assignMembers, rankCruxes, splitSides } from "./sides.js";
import { capKeyPoints, DEFAULT_MAX_KEY_POINTS } from "./summary.js";
import { PairScores } from "./pair-scores.js";
import { DEFAULT_MEMBER_AGREEMENT, DEFAULT_MEMBER_THRESHOLD, dropUnevidencedMembers } from "./precision.js";
import {
  clusterStage,
  type ClusterInput,
  type ClusterOptions,
  type ClusterResult,
  type UnitStanceEntry,
} from "./types.js";

export * from "./types.js";
export {
  candidateQuality,
  enclosingSentence,
  keyPointId,
  normaliseText,
  opensWithConnective,
  opensWithReference,
  selfContained,
  standsAlone,
  trimConnective,
} from "./text-quality.js";

/**
 * Key points, stances, `same-as` links and cruxes of a set of units. Deterministic: the same
 * input and scores give the same result.
 *
 * @param input sources (for posts and authors), units, relations (support/attack/reply) and,
 *   optionally, assembled arguments
 * @param runScorer pair scorer port: the engine's (`engine.keyPointScorer()`) or
 *   `lexicalScorer()`; its `session()`, when it has one, is used for this run
 * @param ctx stage context (diagnostics, progress)
 * @param previous key points of an earlier run: kept with their ids; new units join them first
 * @example
 * const { keyPoints, cruxes } = await clusterKeyPoints({ sources, units, relations }, lexicalScorer(), collectingContext());
 */
export async function clusterKeyPoints(
  input: ClusterInput,
  runScorer: KeyPointScorer,
  ctx: StageContext,
  previous: readonly KeyPoint[] = [],
  options: ClusterOptions = {},
): Promise<ClusterResult> {
  // One session per run: each distinct text analysed once. Both sessions see the same unit texts.
  const texts = input.units.map((u) => u.text);
  const scorer = runScorer.session?.(texts) ?? runScorer;
  const run = startRun(input, scorer, ctx, options);
  collectCandidates(run, previous);
  const { blocked } = await matchUnits(run, scorer, options);
  joinPrevious(run);
  await selectPoints(run);
  // The matching session keeps an analysis of every distinct text (~1.5 KB each); the later
  // phases score few pairs, in a fresh session, so those analyses can go.
  run.scores = new PairScores(runScorer.session?.(texts) ?? runScorer);
  collectLinks(run, input.relations);
  addDisputes(run);
  await assignMembers(run);
  await dropUnevidencedMembers(
    run,
    options.memberThreshold ?? DEFAULT_MEMBER_THRESHOLD,
    options.memberAgreement ?? DEFAULT_MEMBER_AGREEMENT,
    options.memberMargin ?? 0,
  );
  const { stances, ...sided } = await splitSides(run, previous);
  reportUnclustered(run, sided.keyPoints);
  const { keyPoints, relations, sides, summary } = capKeyPoints(
    run,
    sided,
    stances,
    options.maxKeyPoints ?? DEFAULT_MAX_KEY_POINTS,
  );
  const cruxes = await rankCruxes(run, sides, options);
  ctx.progress?.({ stage: clusterStage.name, done: run.units.length, total: run.units.length });
  return { keyPoints, relations, stances, cruxes, blocked, ...(summary ? { summary } : {}) };
}

/** Say how many argumentative units joined no key point: precision first leaves them out. */
function reportUnclustered(run: Run, keyPoints: readonly KeyPoint[]): void {
  const joined = new Set(keyPoints.flatMap((k) => k.unitIds));
  const left = run.units.filter((u) => !joined.has(u.id)).length;
  if (left === 0) return;
  run.report({
    rule: "cluster/unclustered",
    severity: "info",
    message: `${left} of ${run.units.length} argumentative units match no key point closely enough and stay unclustered.`,
  });
}

/**
 * The stance map as the array stored on an ArgumentMap (`map.stances`).
 * @example map.stances = stanceList(result.stances)
 */
export function stanceList(stances: ReadonlyMap<string, UnitStanceEntry>): UnitStance[] {
  return [...stances].map(([unitId, s]) => ({
    unitId,
    thesis: s.thesis,
    keyPoint: s.keyPoint,
    ...(s.keyPointId ? { keyPointId: s.keyPointId } : {}),
  }));
}
