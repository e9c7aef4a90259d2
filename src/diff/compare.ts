/**
 * The parts of a diff once sources, posts and units are matched: arguments and their claims and
 * objections, key points, cruxes. Pure functions over two indexed maps and their matching.
 */
import type { Argument, Crux, KeyPoint, Post, Unit } from "../model/index.js";
import type { MapIndex, Matching } from "./match.js";
import { postBody } from "./match.js";
import type {
  ArgumentRef,
  CruxChange,
  CruxRef,
  KeyPointChange,
  KeyPointRef,
  MapDiff,
  MatchMethod,
  PostRef,
  UnitRef,
} from "./schema.js";

export function postRef(index: MapIndex, post: Post): PostRef {
  return {
    id: post.id,
    sourceId: post.sourceId,
    ...(post.author !== undefined ? { author: post.author } : {}),
    ...(post.url !== undefined ? { url: post.url } : {}),
    span: post.span,
    text: postBody(post, index.sources.get(post.sourceId)),
  };
}

export function unitRef(index: MapIndex, unit: Unit): UnitRef {
  const author = index.posts.get(unit.postId)?.author;
  return {
    id: unit.id,
    sourceId: unit.sourceId,
    postId: unit.postId,
    ...(author !== undefined ? { author } : {}),
    kind: unit.kind,
    span: unit.span,
    text: unit.text,
  };
}

/** A unit reference, or a bare one for a unit id the map does not list (a malformed map). */
function unitRefById(index: MapIndex, id: string): UnitRef {
  const unit = index.units.get(id);
  if (unit) return unitRef(index, unit);
  return { id, sourceId: "", postId: "", kind: "none", span: [0, 0], text: "" };
}

function argumentRef(index: MapIndex, a: Argument): ArgumentRef {
  return { id: a.id, rank: a.rank, thesis: unitRefById(index, a.thesis) };
}

/** Old unit id of a new unit, when it was matched. */
function oldUnitOf(m: Matching, newUnitId: string): string | undefined {
  return m.units.byNew.get(newUnitId)?.oldId;
}

/** New arguments (thesis not an old thesis) and dropped ones; pairs of the others, new → old. */
export function diffArguments(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
): { added: ArgumentRef[]; dropped: ArgumentRef[]; pairs: [Argument, Argument][] } {
  const oldByThesis = new Map(old.map.arguments.map((a) => [a.thesis, a]));
  const pairs: [Argument, Argument][] = [];
  const added: ArgumentRef[] = [];
  const kept = new Set<string>();
  for (const a of next.map.arguments) {
    const oldThesis = oldUnitOf(m, a.thesis);
    const before = oldThesis !== undefined ? oldByThesis.get(oldThesis) : undefined;
    if (before && !kept.has(before.id)) {
      kept.add(before.id);
      pairs.push([before, a]);
    } else added.push(argumentRef(next, a));
  }
  const dropped = old.map.arguments.filter((a) => !kept.has(a.id)).map((a) => argumentRef(old, a));
  return { added, dropped, pairs };
}

/** Claims and objections that arguments the old map had gained, and objections newly answered. */
export function diffArgumentParts(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
  pairs: readonly [Argument, Argument][],
): Pick<MapDiff, "claims" | "objections"> {
  const claims: MapDiff["claims"] = [];
  const objections: MapDiff["objections"] = { added: [], answered: [] };
  for (const [before, after] of pairs) {
    const oldClaims = new Set(before.claims.map((c) => c.unitId));
    for (const c of after.claims) {
      const was = oldUnitOf(m, c.unitId);
      if (was === undefined || !oldClaims.has(was))
        claims.push({
          argumentId: after.id,
          unit: unitRefById(next, c.unitId),
          evidence: c.evidence.map((e) => unitRefById(next, e)),
        });
    }
    const oldObjections = new Map(before.objections.map((o) => [o.unitId, o]));
    for (const o of after.objections) {
      const was = oldUnitOf(m, o.unitId);
      const prior = was !== undefined ? oldObjections.get(was) : undefined;
      if (!prior) {
        objections.added.push({
          argumentId: after.id,
          thesis: unitRefById(next, after.thesis),
          objection: unitRefById(next, o.unitId),
          rebuttals: o.rebuttals.map((r) => unitRefById(next, r)),
        });
        continue;
      }
      const oldRebuttals = new Set(prior.rebuttals);
      const fresh = o.rebuttals.filter((r) => {
        const w = oldUnitOf(m, r);
        return w === undefined || !oldRebuttals.has(w);
      });
      if (fresh.length > 0)
        objections.answered.push({
          argumentId: after.id,
          objection: unitRefById(next, o.unitId),
          rebuttals: fresh.map((r) => unitRefById(next, r)),
          first: prior.rebuttals.length === 0,
        });
    }
  }
  return { claims, objections };
}

function keyPointRef(k: KeyPoint): KeyPointRef {
  return {
    id: k.id,
    text: k.text,
    ...(k.label !== undefined ? { label: k.label } : {}),
    stance: k.stance,
    authorCount: k.authorCount,
    quotes: k.quotes,
  };
}

/** Who made a unit, in terms comparable across the maps: the author, else the (old) post. */
function authorOf(index: MapIndex, unitId: string, m?: Matching): string | undefined {
  const unit = index.units.get(unitId);
  if (!unit) return undefined;
  const author = index.posts.get(unit.postId)?.author;
  if (author !== undefined) return author;
  return `post ${m?.posts.byNew.get(unit.postId)?.oldId ?? unit.postId}`;
}

/** Share of the smaller member set that the two sets share. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** Pair key points by id, by text, then by shared members (a point whose wording moved). */
export function pairKeyPoints(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
): Map<string, { before: KeyPoint; match: MatchMethod }> {
  const out = new Map<string, { before: KeyPoint; match: MatchMethod }>();
  const taken = new Set<string>();
  const take = (k: KeyPoint, before: KeyPoint | undefined, match: MatchMethod) => {
    if (!before || taken.has(before.id) || out.has(k.id)) return;
    taken.add(before.id);
    out.set(k.id, { before, match });
  };
  const byId = new Map(old.map.keyPoints.map((k) => [k.id, k]));
  const byText = new Map(old.map.keyPoints.map((k) => [`${k.side ?? ""}\n${k.text}`, k]));
  for (const k of next.map.keyPoints) take(k, byId.get(k.id), "id");
  for (const k of next.map.keyPoints) take(k, byText.get(`${k.side ?? ""}\n${k.text}`), "text");
  const oldMembers = old.map.keyPoints.map((k) => ({ k, members: new Set(k.unitIds) }));
  for (const k of next.map.keyPoints) {
    if (out.has(k.id)) continue;
    const mapped = new Set(k.unitIds.flatMap((id) => oldUnitOf(m, id) ?? []));
    let best: KeyPoint | undefined;
    let bestShare = 0.5 - 1e-9;
    for (const o of oldMembers) {
      if (taken.has(o.k.id)) continue;
      const share = overlap(mapped, o.members);
      if (share > bestShare) [best, bestShare] = [o.k, share];
    }
    take(k, best, "members");
  }
  return out;
}

/** Key points that appeared, were dropped, grew (new members) or shrank. */
export function diffKeyPoints(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
  pairs: ReadonlyMap<string, { before: KeyPoint; match: MatchMethod }>,
): MapDiff["keyPoints"] {
  const out: MapDiff["keyPoints"] = { appeared: [], dropped: [], grew: [], shrank: [] };
  const matchedOld = new Set([...pairs.values()].map((p) => p.before.id));
  for (const k of next.map.keyPoints) {
    const pair = pairs.get(k.id);
    if (!pair) {
      out.appeared.push(keyPointRef(k));
      continue;
    }
    const { before, match } = pair;
    const oldMembers = new Set(before.unitIds);
    const fresh: string[] = [];
    let movedIn = 0;
    for (const id of k.unitIds) {
      const was = oldUnitOf(m, id);
      if (was === undefined) fresh.push(id);
      else if (!oldMembers.has(was)) movedIn++;
    }
    const stayed = new Set(k.unitIds.flatMap((id) => oldUnitOf(m, id) ?? []));
    const left = before.unitIds.filter((id) => !stayed.has(id)).length;
    const oldAuthors = new Set(before.unitIds.flatMap((id) => authorOf(old, id) ?? []));
    const newAuthors = [
      ...new Set(fresh.flatMap((id) => authorOf(next, id, m) ?? []).filter((a) => !oldAuthors.has(a))),
    ];
    const change: KeyPointChange = {
      id: k.id,
      oldId: before.id,
      match,
      text: k.text,
      ...(before.text !== k.text ? { oldText: before.text } : {}),
      ...(k.label !== undefined ? { label: k.label } : {}),
      authorsBefore: before.authorCount,
      authorsAfter: k.authorCount,
      newAuthors,
      newQuotes: fresh.map((id) => unitRefById(next, id)),
      movedIn,
      leftUnits: left,
    };
    if (k.authorCount < before.authorCount) out.shrank.push(change);
    else if (fresh.length > 0 || k.authorCount > before.authorCount) out.grew.push(change);
  }
  for (const k of old.map.keyPoints) if (!matchedOld.has(k.id)) out.dropped.push(keyPointRef(k));
  return out;
}

function cruxRef(c: Crux): CruxRef {
  return { id: c.id, text: c.text, balance: c.balance, pro: c.pro.authorCount, con: c.con.authorCount };
}

/** Cruxes that appeared, were dropped, or whose balance or side counts moved. */
export function diffCruxes(
  old: MapIndex,
  next: MapIndex,
  keyPoints: ReadonlyMap<string, { before: KeyPoint; match: MatchMethod }>,
): MapDiff["cruxes"] {
  const out: MapDiff["cruxes"] = { appeared: [], dropped: [], changed: [] };
  const oldCruxes = old.map.cruxes ?? [];
  const byId = new Map(oldCruxes.map((c) => [c.id, c]));
  const byPoint = new Map(oldCruxes.map((c) => [c.pro.keyPointId, c]));
  const taken = new Set<string>();
  for (const c of next.map.cruxes ?? []) {
    let before = byId.get(c.id);
    let match: MatchMethod = "id";
    if (!before || taken.has(before.id)) {
      const point = keyPoints.get(c.pro.keyPointId);
      before = point ? byPoint.get(point.before.id) : undefined;
      match = point?.match === "id" ? "members" : (point?.match ?? "members");
    }
    if (!before || taken.has(before.id)) {
      out.appeared.push(cruxRef(c));
      continue;
    }
    taken.add(before.id);
    const [a, b] = [cruxRef(before), cruxRef(c)];
    if (Math.abs(a.balance - b.balance) > 1e-9 || a.pro !== b.pro || a.con !== b.con)
      out.changed.push({
        id: c.id,
        oldId: before.id,
        match,
        text: c.text,
        before: a,
        after: b,
      } satisfies CruxChange);
  }
  for (const c of oldCruxes) if (!taken.has(c.id)) out.dropped.push(cruxRef(c));
  return out;
}
