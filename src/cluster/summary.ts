/**
 * A summary a person can read at any size: the most prevalent key points listed (most authors
 * first, a point's counter kept with it), the long tail reported as counts. Units of points left
 * out lose their key point stance and their `same-as` links (which name the point).
 */
import type { KeyPoint, KeyPointSummary, Relation } from "../model/index.js";
import type { Run } from "./run.js";
import { authorKey, countedMembers } from "./authors.js";
import type { UnitStanceEntry } from "./types.js";

/** Most key points listed by default; the rest are counted. */
export const DEFAULT_MAX_KEY_POINTS = 50;

export interface Capped {
  keyPoints: KeyPoint[];
  relations: Relation[];
  sides: { primary: KeyPoint; counter?: KeyPoint }[];
  /** Present when points were left out. */
  summary?: KeyPointSummary;
}

/**
 * Keep the first `max` key points of `keyPoints` (sorted most argued first), a kept point's
 * counter with it; count the rest (points, their units not in a kept point, their authors).
 * `stances` is updated in place for the units of points left out.
 * @example capKeyPoints(run, sided, stances, 50).summary?.omitted.keyPoints
 */
export function capKeyPoints(
  run: Pick<Run, "unitById" | "posts">,
  sided: { keyPoints: KeyPoint[]; relations: Relation[]; sides: { primary: KeyPoint; counter?: KeyPoint }[] },
  stances: Map<string, UnitStanceEntry>,
  max: number,
): Capped {
  const { keyPoints } = sided;
  if (keyPoints.length <= max) return sided;
  const byId = new Map(keyPoints.map((k) => [k.id, k]));
  const kept = new Set<string>();
  for (const k of keyPoints) {
    if (kept.size >= max) break;
    if (kept.has(k.id)) continue;
    kept.add(k.id);
    const other = k.opposes ? byId.get(k.opposes) : undefined;
    if (other) kept.add(other.id);
  }
  const listed = keyPoints.filter((k) => kept.has(k.id));
  const keptUnits = new Set<string>();
  for (const k of listed) for (const id of k.unitIds) keptUnits.add(id);
  const units = new Set<string>();
  const authors = new Set<string>();
  for (const k of keyPoints) {
    if (kept.has(k.id)) continue;
    // Authors are counted as on a point: a quote of another author's words is not theirs.
    const counted = new Set(countedMembers(k.unitIds, run.unitById, run.posts));
    for (const id of k.unitIds) {
      if (keptUnits.has(id)) continue;
      units.add(id);
      const u = run.unitById.get(id);
      if (u && counted.has(id)) authors.add(authorKey(u, run.posts));
      const s = stances.get(id);
      if (s?.keyPointId !== undefined && !kept.has(s.keyPointId))
        stances.set(id, { thesis: s.thesis, keyPoint: "neutral" });
    }
  }
  const signal = (r: Relation) =>
    r.signals.find((s) => s.startsWith("key-point:"))?.slice("key-point:".length);
  return {
    keyPoints: listed,
    relations: sided.relations.filter((r) => {
      const id = signal(r);
      return id === undefined || kept.has(id);
    }),
    sides: sided.sides.filter((s) => kept.has(s.primary.id)),
    summary: {
      total: keyPoints.length,
      listed: listed.length,
      omitted: { keyPoints: keyPoints.length - listed.length, units: units.size, authors: authors.size },
    },
  };
}
