/**
 * Which items of a new map are which items of an old one. Ids are content hashes, so a thread
 * that grew has a new source id and new post and unit ids: matching goes by the stable id first,
 * then by stable keys (a source's uri or name; a post's permalink, or its author and time), then
 * by the same words, and last by the engine's same-as matcher for text that was edited.
 */
import type { KeyPointScorer } from "../engines/engine.js";
import type { ArgumentMap, Post, SourceDoc, Unit } from "../model/index.js";
import type { MatchMethod } from "./schema.js";

/** A unit scoring at least this both ways against another is the same unit, edited (as `same-as` links). */
export const SAME_AS_THRESHOLD = 0.85;
/** Share of an edited post's units that must match for the post to be the same post. */
const POST_UNIT_SHARE = 0.5;
/** Most unit pairs sent to the same-as matcher in one diff (edits are few; this bounds a hostile input). */
const MAX_SCORED_PAIRS = 50_000;

export interface Match {
  oldId: string;
  match: MatchMethod;
}

/** New id → old id, with how each was found; `reverse` is old id → new id. */
export interface IdMatches {
  byNew: Map<string, Match>;
  reverse: Map<string, string>;
}

export interface Matching {
  sources: IdMatches;
  posts: IdMatches;
  units: IdMatches;
}

/** Lookups over one map that the matching and the diff share. */
export interface MapIndex {
  map: ArgumentMap;
  sources: Map<string, SourceDoc>;
  posts: Map<string, Post>;
  units: Map<string, Unit>;
  unitsByPost: Map<string, Unit[]>;
  postsBySource: Map<string, Post[]>;
}

/** Index a map's sources, posts and units by id. */
export function indexMap(map: ArgumentMap): MapIndex {
  const sources = new Map(map.sources.map((s) => [s.id, s]));
  const posts = new Map<string, Post>();
  const postsBySource = new Map<string, Post[]>();
  for (const s of map.sources) {
    postsBySource.set(s.id, s.posts);
    for (const p of s.posts) posts.set(p.id, p);
  }
  const units = new Map<string, Unit>();
  const unitsByPost = new Map<string, Unit[]>();
  for (const u of map.units) {
    units.set(u.id, u);
    const list = unitsByPost.get(u.postId);
    if (list) list.push(u);
    else unitsByPost.set(u.postId, [u]);
  }
  return { map, sources, posts, units, unitsByPost, postsBySource };
}

/** A post's own words (quoted lines left out), whitespace collapsed. */
export function postBody(post: Post, source: SourceDoc | undefined): string {
  if (!source) return "";
  return normaliseSpace(post.bodySpans.map(([a, b]) => source.text.slice(a, b)).join("\n"));
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function emptyMatches(): IdMatches {
  return { byNew: new Map(), reverse: new Map() };
}

function link(m: IdMatches, newId: string, oldId: string, match: MatchMethod): void {
  m.byNew.set(newId, { oldId, match });
  m.reverse.set(oldId, newId);
}

/**
 * Pair the unmatched items of both sides that share a key, in order (the first unmatched old
 * item with a key goes to the first new one with it, so repeated texts pair up one by one).
 */
function pairByKey<T extends { id: string }>(
  olds: readonly T[],
  news: readonly T[],
  keyOf: (item: T) => string | undefined,
  matches: IdMatches,
  method: MatchMethod,
  newKeyOf: (item: T) => string | undefined = keyOf,
): void {
  const waiting = new Map<string, T[]>();
  for (const o of olds) {
    if (matches.reverse.has(o.id)) continue;
    const key = keyOf(o);
    if (key === undefined) continue;
    const list = waiting.get(key);
    if (list) list.push(o);
    else waiting.set(key, [o]);
  }
  for (const n of news) {
    if (matches.byNew.has(n.id)) continue;
    const key = newKeyOf(n);
    const o = key !== undefined ? waiting.get(key)?.shift() : undefined;
    if (o) link(matches, n.id, o.id, method);
  }
}

function matchSources(old: MapIndex, next: MapIndex): IdMatches {
  const m = emptyMatches();
  pairByKey(old.map.sources, next.map.sources, (s) => s.id, m, "id");
  pairByKey(old.map.sources, next.map.sources, (s) => s.uri ?? s.name, m, "key");
  return m;
}

/** Posts by id, permalink, author and time, then by author and the same words. */
function matchPostsByKeys(old: MapIndex, next: MapIndex): IdMatches {
  const m = emptyMatches();
  const olds = [...old.posts.values()];
  const news = [...next.posts.values()];
  pairByKey(olds, news, (p) => p.id, m, "id");
  pairByKey(olds, news, (p) => p.url, m, "key");
  pairByKey(
    olds,
    news,
    (p) => (p.author !== undefined && p.time !== undefined ? `${p.author}\n${p.time}` : undefined),
    m,
    "key",
  );
  const bodyKey = (index: MapIndex) => (p: Post) => {
    const body = postBody(p, index.sources.get(p.sourceId));
    return body === "" ? undefined : `${p.author ?? ""}\n${body}`;
  };
  pairByKey(olds, news, bodyKey(old), m, "text", bodyKey(next));
  return m;
}

/** Sources left unpaired are paired with the old source most of their matched posts came from. */
function matchSourcesByPosts(old: MapIndex, next: MapIndex, sources: IdMatches, posts: IdMatches): void {
  for (const s of next.map.sources) {
    if (sources.byNew.has(s.id)) continue;
    const votes = new Map<string, number>();
    for (const p of s.posts) {
      const oldPost = posts.byNew.get(p.id);
      const oldSource = oldPost ? old.posts.get(oldPost.oldId)?.sourceId : undefined;
      if (oldSource !== undefined && !sources.reverse.has(oldSource))
        votes.set(oldSource, (votes.get(oldSource) ?? 0) + 1);
    }
    let best: string | undefined;
    let most = 0;
    for (const [id, n] of votes) if (n > most) [best, most] = [id, n];
    if (best !== undefined) link(sources, s.id, best, "members");
  }
}

/** Units of a matched post pair with the same id or the same words. */
function matchUnitsExactly(oldUnits: readonly Unit[], newUnits: readonly Unit[], units: IdMatches): void {
  pairByKey(oldUnits, newUnits, (u) => u.id, units, "id");
  pairByKey(oldUnits, newUnits, (u) => normaliseSpace(u.text).toLowerCase(), units, "text");
}

interface Candidate {
  oldUnit: Unit;
  newUnit: Unit;
}

/** Same-as scores of unit pairs, both ways round (a same-as is symmetric; the scorer is not). */
async function sameAsScores(pairs: readonly Candidate[], scorer: KeyPointScorer): Promise<number[]> {
  const asked = pairs.flatMap((p) => [
    [p.newUnit.text, p.oldUnit.text] as const,
    [p.oldUnit.text, p.newUnit.text] as const,
  ]);
  const scores = await scorer.scoreBatch(asked);
  return pairs.map((_, i) => Math.min(scores[2 * i]!, scores[2 * i + 1]!));
}

/** Greedy best-first pairing of scored unit candidates at or above the same-as threshold. */
function pairBestFirst(candidates: readonly Candidate[], scores: readonly number[], units: IdMatches): void {
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  for (const i of order) {
    if (scores[i]! < SAME_AS_THRESHOLD) break;
    const { oldUnit, newUnit } = candidates[i]!;
    if (units.byNew.has(newUnit.id) || units.reverse.has(oldUnit.id)) continue;
    link(units, newUnit.id, oldUnit.id, "same-as");
  }
}

/** The unmatched units of two posts, paired every way (only units with words). */
function unitCandidates(oldUnits: readonly Unit[], newUnits: readonly Unit[], units: IdMatches): Candidate[] {
  const olds = oldUnits.filter((u) => !units.reverse.has(u.id) && /\w/.test(u.text));
  const news = newUnits.filter((u) => !units.byNew.has(u.id) && /\w/.test(u.text));
  const out: Candidate[] = [];
  for (const newUnit of news) for (const oldUnit of olds) out.push({ oldUnit, newUnit });
  return out;
}

/**
 * Unmatched posts of paired sources with the same author (or both anonymous) and the same parent:
 * an edit keeps both. Their units are matched by words, then by the same-as matcher; a pair
 * with at least half its units matched is the same post, edited.
 */
async function matchEditedPosts(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
  scorer: KeyPointScorer | undefined,
): Promise<void> {
  const pairs: { oldPost: Post; newPost: Post; trial: IdMatches }[] = [];
  for (const [newSource, { oldId: oldSource }] of m.sources.byNew) {
    const olds = (old.postsBySource.get(oldSource) ?? []).filter((p) => !m.posts.reverse.has(p.id));
    if (olds.length === 0) continue;
    for (const newPost of next.postsBySource.get(newSource) ?? []) {
      if (m.posts.byNew.has(newPost.id)) continue;
      const parent = newPost.parentId !== undefined ? m.posts.byNew.get(newPost.parentId)?.oldId : undefined;
      for (const oldPost of olds) {
        if (oldPost.author !== newPost.author || oldPost.parentId !== parent) continue;
        pairs.push({ oldPost, newPost, trial: emptyMatches() });
      }
    }
  }
  const unitsOf = (index: MapIndex, p: Post) => index.unitsByPost.get(p.id) ?? [];
  // Each pair's candidates are one stretch of `candidates`, from ranges[i] to ranges[i + 1].
  const candidates: Candidate[] = [];
  const ranges: number[] = [0];
  for (const pair of pairs) {
    matchUnitsExactly(unitsOf(old, pair.oldPost), unitsOf(next, pair.newPost), pair.trial);
    for (const c of unitCandidates(unitsOf(old, pair.oldPost), unitsOf(next, pair.newPost), pair.trial)) {
      if (candidates.length >= MAX_SCORED_PAIRS) break;
      candidates.push(c);
    }
    ranges.push(candidates.length);
  }
  const scores = scorer && candidates.length > 0 ? await sameAsScores(candidates, scorer) : [];
  pairs.forEach((pair, i) => {
    const [from, to] = [ranges[i]!, ranges[i + 1]!];
    pairBestFirst(candidates.slice(from, to), scores.slice(from, to), pair.trial);
  });
  const share = (p: (typeof pairs)[number]) =>
    p.trial.byNew.size /
    Math.max(1, Math.max(unitsOf(old, p.oldPost).length, unitsOf(next, p.newPost).length));
  for (const pair of [...pairs].sort((a, b) => share(b) - share(a))) {
    if (share(pair) < POST_UNIT_SHARE) break;
    if (m.posts.byNew.has(pair.newPost.id) || m.posts.reverse.has(pair.oldPost.id)) continue;
    const anyEdit = [...pair.trial.byNew.values()].some((x) => x.match === "same-as");
    link(m.posts, pair.newPost.id, pair.oldPost.id, anyEdit ? "same-as" : "text");
  }
}

/** Units of every matched post pair: by id, by words, then by the same-as matcher. */
async function matchUnits(
  old: MapIndex,
  next: MapIndex,
  m: Matching,
  scorer: KeyPointScorer | undefined,
): Promise<void> {
  const candidates: Candidate[] = [];
  for (const [newPost, { oldId: oldPost }] of m.posts.byNew) {
    const olds = old.unitsByPost.get(oldPost) ?? [];
    const news = next.unitsByPost.get(newPost) ?? [];
    matchUnitsExactly(olds, news, m.units);
    for (const c of unitCandidates(olds, news, m.units)) {
      if (candidates.length < MAX_SCORED_PAIRS) candidates.push(c);
    }
  }
  if (scorer && candidates.length > 0)
    pairBestFirst(candidates, await sameAsScores(candidates, scorer), m.units);
}

/**
 * Match the sources, posts and units of a new map to an old one's.
 * @example const m = await matchMaps(indexMap(before), indexMap(after), scorer); m.posts.byNew.get(id)
 */
export async function matchMaps(old: MapIndex, next: MapIndex, scorer?: KeyPointScorer): Promise<Matching> {
  const sources = matchSources(old, next);
  const posts = matchPostsByKeys(old, next);
  matchSourcesByPosts(old, next, sources, posts);
  const m: Matching = { sources, posts, units: emptyMatches() };
  await matchEditedPosts(old, next, m, scorer);
  await matchUnits(old, next, m, scorer);
  return m;
}
