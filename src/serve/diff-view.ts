/**
 * `GET /api/maps/:id/diff?since=<map id>`: what changed in a map since an earlier one, for the
 * viewer's "since" picker: the diff itself and, per card (argument), key point and crux of the
 * newer map, whether it is new or changed.
 */
import { diffMaps, type MapDiff } from "../diff/index.js";
import { resolveEngine } from "../engines/registry.js";
import type { ArgumentMap } from "../model/index.js";

export type SinceMark = "new" | "changed";

export interface DiffView {
  diff: MapDiff;
  /** Ids in the newer map: argument ids (cards), key point ids and crux ids. */
  marks: {
    arguments: Record<string, SinceMark>;
    keyPoints: Record<string, SinceMark>;
    cruxes: Record<string, SinceMark>;
  };
}

/** Marks of the newer map's items from a diff. */
export function sinceMarks(diff: MapDiff): DiffView["marks"] {
  const args: Record<string, SinceMark> = {};
  for (const a of diff.arguments.added) args[a.id] = "new";
  const touched = [
    ...diff.claims.map((c) => c.argumentId),
    ...diff.objections.added.map((o) => o.argumentId),
    ...diff.objections.answered.map((o) => o.argumentId),
  ];
  for (const id of touched) args[id] ??= "changed";
  const keyPoints: Record<string, SinceMark> = {};
  for (const k of diff.keyPoints.appeared) keyPoints[k.id] = "new";
  for (const k of [...diff.keyPoints.grew, ...diff.keyPoints.shrank]) keyPoints[k.id] = "changed";
  const cruxes: Record<string, SinceMark> = {};
  for (const c of diff.cruxes.appeared) cruxes[c.id] = "new";
  for (const c of diff.cruxes.changed) cruxes[c.id] = "changed";
  return { arguments: args, keyPoints, cruxes };
}

/** The diff view of `next` since `old`, matched with the classic engine's same-as matcher. */
export async function diffView(
  old: { name: string; map: ArgumentMap },
  next: { name: string; map: ArgumentMap },
): Promise<DiffView> {
  const scorer = (await resolveEngine("classic")).keyPointScorer?.();
  const diff = await diffMaps(old.map, next.map, {
    ...(scorer ? { scorer } : {}),
    oldLabel: old.name,
    newLabel: next.name,
  });
  return { diff, marks: sinceMarks(diff) };
}
