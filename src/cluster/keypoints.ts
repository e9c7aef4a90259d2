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
 */
import { fnv1a } from "../engines/classic/learn/hash.js";
import type {
  Argument,
  Crux,
  Diagnostic,
  KeyPoint,
  KeyPointQuote,
  Relation,
  SourceDoc,
  Stance,
  StageContext,
  Unit,
  UnitStance,
} from "../model/index.js";
import { provenance } from "../model/index.js";
import { Heap } from "./heap.js";
import { nearestCandidates, normalise } from "./neighbours.js";
import { contentStems, countNegations, hashedVector, type KeyPointScorer } from "./scorer.js";
import { type Sign, thesisStances } from "./stance.js";

export const clusterStage = { name: "cluster", version: "1.0.0" } as const;

export interface ClusterInput {
  sources: readonly SourceDoc[];
  units: readonly Unit[];
  relations: readonly Relation[];
  /** Assembled arguments, when available: their theses anchor unit stance. */
  arguments?: readonly Argument[];
}

export interface ClusterOptions {
  /** Scorer value at or above which a unit expresses a key point. Default 0.5. */
  matchThreshold?: number;
  /** Two key points whose texts score at least this are one point. Default 0.75. */
  duplicateThreshold?: number;
  /** A unit scoring at least this against its key point is `same-as` its text unit. Default 0.7. */
  sameAsThreshold?: number;
  /** Fewest units a new key point must cover. Default 2. */
  minUnits?: number;
  /** Units below this extraction confidence are ignored. Default 0.3. */
  minConfidence?: number;
  /** Candidates need at least this confidence. Default 0.45. */
  candidateMinConfidence?: number;
  /** Candidate length bounds in words. Defaults 4 and 30. */
  minWords?: number;
  maxWords?: number;
  /** Shortlist size per unit. Default 10. */
  neighbours?: number;
  /** Force LSH blocking on (true) or off (false); by size when undefined. */
  blocking?: boolean;
  /** Units × candidates above which blocking is used. Default 4,000,000. */
  exhaustiveLimit?: number;
  /** How many cruxes to report. Default 5. */
  maxCruxes?: number;
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
}

const ANAPHORIC =
  /^(it|it's|this|that|that's|these|those|they|they're|them|he|she|his|her|its|their|such|which|who|also|and|but|or|so|because|since|then|there|here|yes|no|well|ok|okay|lol|same|exactly|agreed|thanks|edit)\b/i;

/**
 * Normalised text for ids and duplicate detection: lower case, words only, single spaces.
 * @example normaliseText("Uniforms  reduce bullying!") // "uniforms reduce bullying"
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The stable id of a key point with this text.
 * @example keyPointId("Uniforms reduce bullying.") === keyPointId("uniforms reduce  bullying") // true
 */
export function keyPointId(text: string): string {
  return `kp-${fnv1a(normaliseText(text)).toString(16).padStart(8, "0")}`;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Whether a unit can stand alone as a key point, and how good a one it is (0 when it cannot).
 * @example candidateQuality(unit, { minWords: 4, maxWords: 30, minConfidence: 0.45 })
 */
export function candidateQuality(unit: Unit, bounds: { minWords: number; maxWords: number; minConfidence: number }): number {
  if (unit.kind === "none" || unit.confidence < bounds.minConfidence) return 0;
  const text = unit.text.trim().replace(/^[\s>*"'“(\-–—•]+/u, "");
  const n = wordCount(text);
  if (n < bounds.minWords || n > bounds.maxWords) return 0;
  if (/\?\s*["')\]]*$/.test(text)) return 0;
  if (ANAPHORIC.test(text)) return 0;
  if (/https?:\/\//.test(text)) return 0;
  if (contentStems(text).length < 2) return 0;
  const lengthFit = n >= 5 && n <= 20 ? 1 : 0.8;
  const kindFit = unit.kind === "claim" || unit.kind === "major-claim" ? 1 : 0.9;
  return unit.confidence * lengthFit * kindFit;
}

interface Cand {
  text: string;
  /** The unit whose text this is, when it is one of the input units. */
  unit?: Unit;
  quality: number;
  /** Index of the group (key point) it anchors, for previous key points. */
  anchor?: { group: number; side: "primary" | "counter" };
}

interface Group {
  primary: { id?: string; text: string; unit?: Unit; previous?: KeyPoint };
  counter?: { id?: string; text: string; unit?: Unit; previous?: KeyPoint };
  members: Map<string, number>; // unit id → score against the primary or counter text
}

function authorKey(unit: Unit, posts: ReadonlyMap<string, { author?: string }>): string {
  const author = posts.get(unit.postId)?.author;
  return author ? `a:${author}` : `p:${unit.postId}`;
}

/**
 * Key points, stances, `same-as` links and cruxes of a set of units. Pure and deterministic.
 *
 * @param input sources (for posts and authors), units, relations (support/attack/reply) and,
 *   optionally, assembled arguments
 * @param scorer pair scorer: the trained matcher (`scorerFromMatcher`) or `lexicalScorer()`
 * @param ctx stage context (diagnostics, progress)
 * @param previous key points of an earlier run: kept with their ids; new units join them first
 * @example
 * const { keyPoints, cruxes } = clusterKeyPoints({ sources, units, relations }, lexicalScorer(), collectingContext());
 */
export function clusterKeyPoints(
  input: ClusterInput,
  scorer: KeyPointScorer,
  ctx: StageContext,
  previous: readonly KeyPoint[] = [],
  options: ClusterOptions = {},
): ClusterResult {
  const tau = options.matchThreshold ?? 0.5;
  const dupTau = options.duplicateThreshold ?? 0.75;
  const sameTau = options.sameAsThreshold ?? 0.7;
  const minUnits = options.minUnits ?? 2;
  const by = provenance(clusterStage, ctx.engine);
  const report = (d: Omit<Diagnostic, "stage">) => ctx.report({ stage: clusterStage.name, ...d });

  const posts = new Map<string, { author?: string; index: number; sourceId: string }>();
  for (const s of input.sources) for (const p of s.posts) posts.set(p.id, p);
  const minConf = options.minConfidence ?? 0.3;
  const units = input.units.filter((u) => u.kind !== "none" && u.confidence >= minConf && contentStems(u.text).length > 0);
  const unitIndex = new Map(units.map((u, i) => [u.id, i]));
  const thesis = thesisStances(input);

  // ── candidates: previous key points first, then good units (one per normalised text) ──
  const groups: Group[] = [];
  const cands: Cand[] = [];
  const unitAt = new Map<string, Unit>(units.map((u) => [`${u.sourceId}:${u.span[0]}:${u.span[1]}`, u]));
  const prevById = new Map(previous.map((k) => [k.id, k]));
  for (const kp of previous) {
    if (kp.side === "counter" && kp.opposes && prevById.get(kp.opposes)?.side === "primary") continue;
    const g: Group = { primary: { id: kp.id, text: kp.text, previous: kp }, members: new Map() };
    const pu = unitAt.get(`${kp.sourceId}:${kp.span[0]}:${kp.span[1]}`);
    if (pu) g.primary.unit = pu;
    const other = kp.opposes ? prevById.get(kp.opposes) : undefined;
    if (kp.side === "primary" && other) {
      g.counter = { id: other.id, text: other.text, previous: other };
      const cu = unitAt.get(`${other.sourceId}:${other.span[0]}:${other.span[1]}`);
      if (cu) g.counter.unit = cu;
    }
    groups.push(g);
    cands.push({ text: kp.text, ...(pu ? { unit: pu } : {}), quality: 1, anchor: { group: groups.length - 1, side: "primary" } });
    if (g.counter) {
      const cu = g.counter.unit;
      cands.push({ text: g.counter.text, ...(cu ? { unit: cu } : {}), quality: 1, anchor: { group: groups.length - 1, side: "counter" } });
    }
  }
  const bounds = {
    minWords: options.minWords ?? 4,
    maxWords: options.maxWords ?? 30,
    minConfidence: options.candidateMinConfidence ?? 0.45,
  };
  const seenText = new Set(cands.map((c) => normaliseText(c.text)));
  const candOfUnit = new Map<string, number>();
  for (const u of units) {
    const q = candidateQuality(u, bounds);
    if (q <= 0) continue;
    const norm = normaliseText(u.text);
    if (seenText.has(norm)) continue;
    seenText.add(norm);
    candOfUnit.set(u.id, cands.length);
    cands.push({ text: u.text, unit: u, quality: q });
  }
  if (cands.length === 0 && units.length > 0)
    report({ rule: "cluster/no-candidates", severity: "info", message: "No unit is short and self-contained enough to be a key point." });

  // ── shortlist by cosine, then score with the matcher ──
  const embed = scorer.embed ? (t: string) => normalise(scorer.embed!(t)) : (t: string) => hashedVector(t);
  const vecByText = new Map<string, Float32Array>();
  const vec = (t: string) => {
    let v = vecByText.get(t);
    if (!v) vecByText.set(t, (v = embed(t)));
    return v;
  };
  const unitVecs = units.map((u) => vec(u.text));
  const candVecs = cands.map((c) => vec(c.text));
  const { neighbours, blocked } = nearestCandidates(unitVecs, candVecs, {
    k: options.neighbours ?? 10,
    minCosine: 0.05,
    ...(options.blocking !== undefined ? { blocking: options.blocking } : {}),
    ...(options.exhaustiveLimit !== undefined ? { exhaustiveLimit: options.exhaustiveLimit } : {}),
  });
  /** Per unit: matched candidates (index, score), best first. */
  const matches: { c: number; s: number }[][] = units.map((u, ui) => {
    const out: { c: number; s: number }[] = [];
    const own = candOfUnit.get(u.id);
    if (own !== undefined) out.push({ c: own, s: 1 });
    for (const c of neighbours[ui]!) {
      if (c === own) continue;
      const cand = cands[c]!;
      const s = cand.unit?.id === u.id ? 1 : scorer.score(u.text, cand.text);
      if (s >= tau) out.push({ c, s });
    }
    out.sort((a, b) => b.s - a.s || a.c - b.c);
    if (ui % 2000 === 0) ctx.progress?.({ stage: clusterStage.name, done: ui, total: units.length });
    return out;
  });

  // ── units join previous key points first ──
  const covered = new Uint8Array(units.length);
  const groupOf = new Int32Array(units.length).fill(-1);
  units.forEach((_, ui) => {
    const best = matches[ui]!.find((m) => cands[m.c]!.anchor);
    if (!best) return;
    groupOf[ui] = cands[best.c]!.anchor!.group;
    covered[ui] = 1;
  });

  // ── greedy selection over leftover units (lazy greedy: counts only fall) ──
  const members: number[][] = cands.map(() => []);
  units.forEach((_, ui) => {
    if (covered[ui]) return;
    for (const m of matches[ui]!) if (!cands[m.c]!.anchor) members[m.c]!.push(ui);
  });
  const candGroup = new Int32Array(cands.length).fill(-1);
  cands.forEach((c, i) => {
    if (c.anchor?.side === "primary") candGroup[i] = c.anchor.group;
  });
  const live = (c: number) => members[c]!.reduce((n, ui) => n + (covered[ui] ? 0 : 1), 0);
  type Entry = { c: number; n: number };
  const heap = new Heap<Entry>((a, b) => a.n > b.n || (a.n === b.n && (cands[a.c]!.quality > cands[b.c]!.quality || (cands[a.c]!.quality === cands[b.c]!.quality && a.c < b.c))));
  cands.forEach((c, i) => {
    if (!c.anchor && members[i]!.length >= minUnits) heap.push({ c: i, n: members[i]!.length });
  });
  while (heap.size > 0) {
    const top = heap.pop()!;
    const n = live(top.c);
    if (n < minUnits) continue;
    const next = heap.peek();
    if (n < top.n && next && (next.n > n || (next.n === n && next.c < top.c))) {
      heap.push({ c: top.c, n });
      continue;
    }
    const cand = cands[top.c]!;
    // Near-duplicate of a selected point: its units join that point instead.
    let dup = -1;
    const ui = cand.unit ? unitIndex.get(cand.unit.id) : undefined;
    for (const m of ui !== undefined ? matches[ui]! : []) {
      const g = candGroup[m.c]!;
      if (m.c === top.c || g < 0) continue;
      const other = cands[m.c]!.text;
      if (Math.max(m.s, scorer.score(other, cand.text)) >= dupTau) {
        dup = g;
        break;
      }
    }
    let g = dup;
    if (g < 0) {
      groups.push({ primary: { text: cand.text, ...(cand.unit ? { unit: cand.unit } : {}) }, members: new Map() });
      g = groups.length - 1;
      candGroup[top.c] = g;
    }
    for (const u of members[top.c]!) {
      if (covered[u]) continue;
      covered[u] = 1;
      groupOf[u] = g;
    }
  }

  // ── final assignment: leftover-covered units go to their best-scoring new point ──
  const isAnchorGroup = (g: number) => groups[g]!.primary.previous !== undefined;
  units.forEach((_, ui) => {
    if (groupOf[ui]! < 0 || isAnchorGroup(groupOf[ui]!)) return;
    const best = matches[ui]!.find((m) => candGroup[m.c]! >= 0 && !isAnchorGroup(candGroup[m.c]!));
    if (best) groupOf[ui] = candGroup[best.c]!;
  });
  units.forEach((u, ui) => {
    const g = groupOf[ui]!;
    if (g < 0) return;
    const group = groups[g]!;
    const own = matches[ui]!.find((m) => {
      const a = cands[m.c]!.anchor;
      return candGroup[m.c] === g || (a !== undefined && a.group === g);
    });
    group.members.set(u.id, own?.s ?? scorer.score(u.text, group.primary.text));
  });

  // ── stance towards each point, then split ──
  const unitById = new Map(units.map((u) => [u.id, u]));
  const edges = new Map<string, { to: string; sign: Sign; level: "post" | "unit" }[]>();
  for (const r of input.relations) {
    if (r.kind !== "support" && r.kind !== "attack") continue;
    const list = edges.get(r.from) ?? [];
    list.push({ to: r.to, sign: r.kind === "attack" ? -1 : 1, level: r.level });
    edges.set(r.from, list);
  }
  const keyPoints: KeyPoint[] = [];
  const usedIds = new Set(previous.map((k) => k.id));
  const freshId = (text: string) => {
    const base = keyPointId(text);
    let id = base;
    for (let i = 2; usedIds.has(id); i++) id = `${base}-${i}`;
    usedIds.add(id);
    return id;
  };
  const allStances = new Map<string, UnitStanceEntry>();
  const relations: Relation[] = [];
  const sides: { primary: KeyPoint; counter?: KeyPoint }[] = [];

  for (const group of groups) {
    const ids = [...group.members.keys()].sort((a, b) => unitIndex.get(a)! - unitIndex.get(b)!);
    const ref = group.primary.unit;
    const refNeg = countNegations(group.primary.text) % 2;
    const signs = new Map<string, Sign>();
    for (const id of ids) {
      const u = unitById.get(id)!;
      if (ref && id === ref.id) {
        signs.set(id, 1);
        continue;
      }
      if (group.counter?.unit?.id === id) {
        signs.set(id, -1);
        continue;
      }
      let s: Sign = countNegations(u.text) % 2 !== refNeg ? -1 : 1;
      if (ref && thesis.thesisPost.get(id) === thesis.thesisPost.get(ref.id)) {
        const a = thesis.unit.get(id);
        const b = thesis.unit.get(ref.id);
        if (a !== "neutral" && b !== "neutral" && a !== undefined && b !== undefined) s = a === b ? 1 : -1;
      }
      signs.set(id, s);
    }
    // Direct replies inside the point: an attack on a member takes the other side.
    const memberPosts = new Map<string, string[]>();
    for (const id of ids) {
      const p = unitById.get(id)!.postId;
      memberPosts.set(p, [...(memberPosts.get(p) ?? []), id]);
    }
    const order = [...ids].sort((a, b) => (posts.get(unitById.get(a)!.postId)?.index ?? 0) - (posts.get(unitById.get(b)!.postId)?.index ?? 0));
    for (let pass = 0; pass < 2; pass++) {
      for (const id of order) {
        if (ref && id === ref.id) continue;
        const u = unitById.get(id)!;
        const targets = [
          ...(edges.get(id) ?? []).filter((e) => group.members.has(e.to)).map((e) => ({ unit: e.to, sign: e.sign })),
          ...(edges.get(u.postId) ?? []).flatMap((e) => (memberPosts.get(e.to) ?? []).map((t) => ({ unit: t, sign: e.sign }))),
        ].filter((t) => unitById.get(t.unit)!.postId !== u.postId);
        const t = targets[0];
        if (t) signs.set(id, (t.sign * signs.get(t.unit)!) as Sign);
      }
    }
    const pro = ids.filter((id) => signs.get(id)! >= 0);
    const con = ids.filter((id) => signs.get(id)! < 0);
    const scoreTo = (id: string, text: string) => {
      const u = unitById.get(id)!;
      return u.text === text ? 1 : scorer.score(u.text, text);
    };
    const make = (
      side: { id?: string; text: string; unit?: Unit; previous?: KeyPoint },
      memberIds: string[],
      sideName: "primary" | "counter" | undefined,
    ): KeyPoint => {
      const prev = side.previous;
      const text = side.text;
      const u = side.unit;
      const authors = new Set(memberIds.map((id) => authorKey(unitById.get(id)!, posts)));
      const postIds = new Set(memberIds.map((id) => unitById.get(id)!.postId));
      const sourceIds = [...new Set(memberIds.map((id) => unitById.get(id)!.sourceId))].sort();
      const byStance = { pro: new Set<string>(), con: new Set<string>(), neutral: new Set<string>() };
      for (const id of memberIds) byStance[thesis.unit.get(id) ?? "neutral"].add(authorKey(unitById.get(id)!, posts));
      const counts = { pro: byStance.pro.size, con: byStance.con.size, neutral: byStance.neutral.size };
      const stance: Stance = counts.pro > counts.con && counts.pro >= counts.neutral ? "pro" : counts.con > counts.pro && counts.con >= counts.neutral ? "con" : "neutral";
      const ranked = memberIds
        .map((id) => ({ id, s: u && id === u.id ? 2 : (group.members.get(id) ?? 0) }))
        .sort((a, b) => b.s - a.s || unitIndex.get(a.id)! - unitIndex.get(b.id)!);
      const quotes: KeyPointQuote[] = [];
      const quotedPosts = new Set<string>();
      for (const r of ranked) {
        const m = unitById.get(r.id)!;
        if (quotedPosts.has(m.postId)) continue;
        quotedPosts.add(m.postId);
        quotes.push({ unitId: m.id, sourceId: m.sourceId, span: [m.span[0], m.span[1]], text: m.text });
        if (quotes.length === 3) break;
      }
      return {
        id: prev?.id ?? side.id ?? freshId(text),
        text,
        sourceId: u?.sourceId ?? prev?.sourceId ?? "",
        span: u ? [u.span[0], u.span[1]] : (prev?.span ?? [0, 0]),
        unitIds: memberIds,
        authorCount: authors.size,
        postCount: postIds.size,
        coverage: units.length > 0 ? memberIds.length / units.length : 0,
        stance,
        quotes,
        by: prev?.by ?? by,
        ...(sideName ? { side: sideName } : {}),
        sourceIds,
        sourceCount: sourceIds.length,
        stanceCounts: counts,
      };
    };
    let counterSide = group.counter;
    if (!counterSide && con.length > 0 && pro.length > 0) {
      const best = con.map((id) => ({ id, s: scoreTo(id, group.primary.text), q: candidateQuality(unitById.get(id)!, bounds) })).sort(
        (a, b) => Number(b.q > 0) - Number(a.q > 0) || b.s - a.s || unitIndex.get(a.id)! - unitIndex.get(b.id)!,
      )[0]!;
      const cu = unitById.get(best.id)!;
      counterSide = { text: cu.text, unit: cu };
    }
    const split = counterSide !== undefined && (con.length > 0 || group.counter !== undefined);
    if (split && counterSide) {
      // Re-score counter members against the counter text for quotes and same-as.
      for (const id of con) group.members.set(id, scoreTo(id, counterSide.text));
    }
    const primary = make(group.primary, split ? pro : ids, split ? "primary" : undefined);
    const counter = split && counterSide ? make(counterSide, con, "counter") : undefined;
    if (counter) {
      primary.opposes = counter.id;
      counter.opposes = primary.id;
    }
    if (primary.unitIds.length === 0 && !group.primary.previous && !counter) continue;
    sides.push({ primary, ...(counter ? { counter } : {}) });
    for (const kp of counter ? [primary, counter] : [primary]) {
      keyPoints.push(kp);
      const repUnit = unitById.get(kp.quotes[0]?.unitId ?? "") ?? undefined;
      const textUnit = kp === primary ? group.primary.unit : counterSide?.unit;
      for (const id of kp.unitIds) {
        allStances.set(id, { thesis: thesis.unit.get(id) ?? "neutral", keyPoint: kp === counter ? "con" : "pro", keyPointId: kp.id });
        const anchorUnit = textUnit ?? repUnit;
        if (!anchorUnit || id === anchorUnit.id) continue;
        const u = unitById.get(id)!;
        if (u.postId === anchorUnit.postId) continue;
        const s = group.members.get(id) ?? 0;
        if (s < sameTau) continue;
        relations.push({
          id: `same-as:${u.id}->${anchorUnit.id}`,
          kind: "same-as",
          level: "unit",
          from: u.id,
          to: anchorUnit.id,
          confidence: Math.min(1, s),
          sourceId: u.sourceId,
          span: [u.span[0], u.span[1]],
          signals: [`key-point:${kp.id}`],
          by,
        });
      }
    }
  }
  for (const u of units) if (!allStances.has(u.id)) allStances.set(u.id, { thesis: thesis.unit.get(u.id) ?? "neutral", keyPoint: "neutral" });

  keyPoints.sort((a, b) => b.authorCount - a.authorCount || b.unitIds.length - a.unitIds.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // ── cruxes: points argued both ways, most even split first ──
  const cruxes: Crux[] = sides
    .filter((s): s is { primary: KeyPoint; counter: KeyPoint } => s.counter !== undefined && s.primary.authorCount > 0 && s.counter.authorCount > 0)
    .map(({ primary, counter }) => ({
      id: `crux-${primary.id}`,
      text: primary.text,
      balance: Math.min(primary.authorCount, counter.authorCount) / Math.max(primary.authorCount, counter.authorCount),
      pro: { keyPointId: primary.id, authorCount: primary.authorCount, quotes: primary.quotes },
      con: { keyPointId: counter.id, authorCount: counter.authorCount, quotes: counter.quotes },
    }))
    .sort((a, b) => {
      const ta = a.pro.authorCount + a.con.authorCount;
      const tb = b.pro.authorCount + b.con.authorCount;
      return b.balance * Math.log2(1 + tb) - a.balance * Math.log2(1 + ta) || tb - ta || (a.id < b.id ? -1 : 1);
    })
    .slice(0, options.maxCruxes ?? 5);
  ctx.progress?.({ stage: clusterStage.name, done: units.length, total: units.length });
  return { keyPoints, relations, stances: allStances, cruxes, blocked };
}

/**
 * The stance map as the array stored on an ArgumentMap (`map.stances`).
 * @example map.stances = stanceList(result.stances)
 */
export function stanceList(stances: ReadonlyMap<string, UnitStanceEntry>): UnitStance[] {
  return [...stances].map(([unitId, s]) => ({ unitId, thesis: s.thesis, keyPoint: s.keyPoint, ...(s.keyPointId ? { keyPointId: s.keyPointId } : {}) }));
}
