/**
 * The diff stage: what changed from one argument map to the next (new and dropped arguments,
 * claims and objections, objections answered, key points that appeared, grew or shrank, cruxes
 * that moved, sources and posts added, removed or edited). Pure: the engine's same-as matcher
 * comes in as the key point scorer port.
 */
import type { KeyPointScorer } from "../engines/engine.js";
import type { ArgumentMap } from "../model/index.js";
import {
  diffArgumentParts,
  diffArguments,
  diffCruxes,
  diffKeyPoints,
  pairKeyPoints,
  postRef,
} from "./compare.js";
import { indexMap, matchMaps, type MapIndex, type Matching } from "./match.js";
import { DIFF_FORMAT_VERSION, MatchMethod, type MapDiff, type MapSide, type SourceRef } from "./schema.js";

export * from "./schema.js";
export { SAME_AS_THRESHOLD } from "./match.js";
export { renderDiff, DIFF_FORMATS, type DiffFormat } from "./render.js";

export interface DiffOptions {
  /** The same-as matcher for edited text (an engine's key point scorer); without it edits match by words only. */
  scorer?: KeyPointScorer;
  /** What each map is, for the digest's heading (a file name, `map 3`, …). */
  oldLabel?: string;
  newLabel?: string;
  oldCreatedAt?: string;
  newCreatedAt?: string;
}

function sideOf(map: ArgumentMap, label: string, createdAt: string | undefined): MapSide {
  return {
    label,
    ...(createdAt !== undefined ? { createdAt } : {}),
    sources: map.sources.length,
    posts: map.sources.reduce((n, s) => n + s.posts.length, 0),
    arguments: map.arguments.length,
    keyPoints: map.keyPoints.length,
  };
}

function sourceRef(s: ArgumentMap["sources"][number]): SourceRef {
  return { id: s.id, name: s.name, ...(s.uri !== undefined ? { uri: s.uri } : {}) };
}

function diffSources(old: MapIndex, next: MapIndex, m: Matching): MapDiff["sources"] {
  return {
    added: next.map.sources.filter((s) => !m.sources.byNew.has(s.id)).map(sourceRef),
    removed: old.map.sources.filter((s) => !m.sources.reverse.has(s.id)).map(sourceRef),
    changed: next.map.sources.flatMap((s) => {
      const match = m.sources.byNew.get(s.id);
      const before = match ? old.sources.get(match.oldId) : undefined;
      return before && before.id !== s.id
        ? [{ old: sourceRef(before), new: sourceRef(s), match: match!.match }]
        : [];
    }),
  };
}

function diffPosts(old: MapIndex, next: MapIndex, m: Matching): MapDiff["posts"] {
  const out: MapDiff["posts"] = { added: [], removed: [], changed: [] };
  for (const p of next.posts.values()) {
    const match = m.posts.byNew.get(p.id);
    if (!match) {
      out.added.push(postRef(next, p));
      continue;
    }
    const [before, after] = [postRef(old, old.posts.get(match.oldId)!), postRef(next, p)];
    if (before.text !== after.text) out.changed.push({ old: before, new: after, match: match.match });
  }
  for (const p of old.posts.values()) if (!m.posts.reverse.has(p.id)) out.removed.push(postRef(old, p));
  return out;
}

function countMatches(m: Matching, points: Iterable<{ match: MatchMethod }>): MapDiff["matching"] {
  const counts = Object.fromEntries(MatchMethod.options.map((k) => [k, 0])) as MapDiff["matching"];
  for (const x of [...m.posts.byNew.values(), ...m.units.byNew.values(), ...points]) counts[x.match]++;
  return counts;
}

/**
 * What changed from `old` to `next`.
 * @example
 * const diff = await diffMaps(before, after, { scorer: engine.keyPointScorer?.() });
 * diff.keyPoints.grew.map((k) => `${k.text}: ${k.authorsBefore} → ${k.authorsAfter} authors`);
 */
export async function diffMaps(
  old: ArgumentMap,
  next: ArgumentMap,
  options: DiffOptions = {},
): Promise<MapDiff> {
  const [a, b] = [indexMap(old), indexMap(next)];
  const m = await matchMaps(a, b, options.scorer);
  const args = diffArguments(a, b, m);
  const points = pairKeyPoints(a, b, m);
  return {
    format: "argmap-diff",
    version: DIFF_FORMAT_VERSION,
    old: sideOf(old, options.oldLabel ?? "old", options.oldCreatedAt),
    new: sideOf(next, options.newLabel ?? "new", options.newCreatedAt),
    sources: diffSources(a, b, m),
    posts: diffPosts(a, b, m),
    arguments: { added: args.added, dropped: args.dropped },
    ...diffArgumentParts(a, b, m, args.pairs),
    keyPoints: diffKeyPoints(a, b, m, points),
    cruxes: diffCruxes(a, b, points),
    matching: countMatches(m, points.values()),
  };
}

/** True when nothing changed (the maps may still differ in ids that were matched). */
export function isEmptyDiff(diff: MapDiff): boolean {
  const lists = [
    diff.sources.added,
    diff.sources.removed,
    diff.posts.added,
    diff.posts.removed,
    diff.posts.changed,
    diff.arguments.added,
    diff.arguments.dropped,
    diff.claims,
    diff.objections.added,
    diff.objections.answered,
    diff.keyPoints.appeared,
    diff.keyPoints.dropped,
    diff.keyPoints.grew,
    diff.keyPoints.shrank,
    diff.cruxes.appeared,
    diff.cruxes.dropped,
    diff.cruxes.changed,
  ];
  return lists.every((l) => l.length === 0);
}
export { diffJsonSchema } from "./json-schema.js";
