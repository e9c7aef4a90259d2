/**
 * Classes of the segment classifier (none / claim / premise / evidence) and of the pairwise
 * relation classifier (none / support / attack), and segment classification at run time. The
 * training is in `src/train/segments.ts`.
 */
import type { Analysed } from "./analyse.js";
import type { Embeddings } from "./embeddings.js";
import { predictProba, type LogRegModel } from "./logreg.js";
import { segmentFeatures } from "./seg-features.js";

export const SEGMENT_KINDS = ["none", "claim", "premise", "evidence"] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];
export const RELATION_KINDS = ["none", "support", "attack"] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** Class probabilities (in `SEGMENT_KINDS` order) of one segment. */
export function classifySegment(
  model: LogRegModel,
  emb: Embeddings,
  an: Analysed,
  text: string,
  index: number,
  count: number,
): number[] {
  return predictProba(model, segmentFeatures(an, { text, index, count }, emb));
}
