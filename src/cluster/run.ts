/**
 * The state of one key point run and its first phases: candidates, shortlist and matching, units
 * joining previous key points, and the greedy selection of new points. Later phases (disputes,
 * stance sides, cruxes) are in `sides.ts`; `keypoints.ts` runs them in order.
 */
import type { Diagnostic, KeyPoint, Post, Relation, SourceDoc, StageContext, Unit } from "../model/index.js";
import { provenance } from "../model/index.js";
import { neighbourIndex, normaliseInPlace } from "./neighbours.js";
import { PairScores } from "./pair-scores.js";
import { contentStems, hashedVector, stemWord, type KeyPointScorer } from "./scorer.js";
import { substantiveWords } from "../util/words.js";
import { type Sign, thesisStances, type ThesisStances } from "./stance.js";
import {
  candidateQuality,
  isReaction,
  mainClause,
  nameableKeyPoint,
  normaliseText,
  wordCount,
} from "./text-quality.js";
import { editLabelLength } from "../util/statement.js";
import { DEFAULT_TOPIC_THRESHOLD, sourceTopics } from "./topics.js";
import { clusterStage, DEFAULT_MEMBER_THRESHOLD, type ClusterInput, type ClusterOptions } from "./types.js";

export interface Cand {
  text: string;
  /** The unit whose text this is, when it is one of the input units. */
  unit?: Unit;
  quality: number;
  /** A shorter name (the main clause of `text`, see `mainClause`): members still match `text`. */
  name?: { text: string; start: number; end: number };
  /** Index of the group (key point) it anchors, for previous key points. */
  anchor?: { group: number; side: "primary" | "counter" };
}

export interface Side {
  id?: string;
  text: string;
  unit?: Unit;
  previous?: KeyPoint;
  /** Where `text` is, when it is not `unit`'s own span (a whole sentence around a clause). */
  at?: { sourceId: string; span: [number, number] };
  /** The point's name when shorter than `text` (a slice of `unit`'s text at these offsets). */
  name?: { text: string; start: number; end: number };
}

export interface Group {
  primary: Side;
  counter?: Side;
  members: Map<string, number>; // unit id → score against the primary or counter text
}

export type Link = { other: string; sign: Sign; confidence: number };
export type Edge = { to: string; sign: Sign; level: "post" | "unit" };

/** Everything the phases of one run share. Phases fill it in order; nothing outside sees it. */
export interface Run {
  input: ClusterInput;
  ctx: StageContext;
  by: KeyPoint["by"];
  report(d: Omit<Diagnostic, "stage">): void;
  scores: PairScores;
  /** Coverage threshold of selection (`matchThreshold`). */
  tau: number;
  /** Final assignment threshold (`assignThreshold`); matches below it are not kept. */
  assignTau: number;
  /** Whether a unit and a point scored `s` may match (`evidenceThreshold`). */
  evident(unitText: string, pointText: string, s: number): boolean;
  /** Most new key points (`maxPointShare` of the units, at least `minPoints`). */
  maxPoints: number;
  nameWords: { min: number; max: number };
  dupTau: number;
  mutualTau: number;
  cohesion: number;
  sameTau: number;
  minUnits: number;
  minShare: number;
  maxFloorUnits: number;
  coverage: boolean;
  shortNames: boolean;
  linkTau: number;
  relatedTau: number;
  /** Score a unit of a linked post needs against the member or the point to join it (`linkedThreshold`). */
  linkedTau: number;
  bounds: { minWords: number; maxWords: number; minConfidence: number };
  sourceById: Map<string, SourceDoc>;
  /** Topic of each source (`sourceTopics`): units of different topics never share a point or a link. */
  topicOf: Map<string, number>;
  posts: Map<
    string,
    Pick<Post, "author" | "index" | "sourceId" | "bodySpans"> & Partial<Pick<Post, "quotes">>
  >;
  /** Argumentative units with content, in input order. */
  units: Unit[];
  unitIndex: Map<string, number>;
  unitById: Map<string, Unit>;
  thesis: ThesisStances;
  groups: Group[];
  cands: Cand[];
  candOfUnit: Map<string, number>;
  /** Per unit: matched candidates (index, score), best first. */
  matches: { c: number; s: number }[][];
  covered: Uint8Array;
  groupOf: Int32Array;
  candGroup: Int32Array;
  /** Units that belong to a dispute point whatever they matched. */
  pinned: Set<number>;
  edges: Map<string, Edge[]>;
  unitLinks: Map<string, Link[]>;
  postLinks: Map<string, Link[]>;
  unitsOfPost: Map<string, Unit[]>;
}

export function startRun(
  input: ClusterInput,
  scorer: KeyPointScorer,
  ctx: StageContext,
  options: ClusterOptions,
): Run {
  const posts: Run["posts"] = new Map();
  for (const s of input.sources) for (const p of s.posts) posts.set(p.id, p);
  const minConf = options.minConfidence ?? 0.3;
  // A reaction ("This.", "I feel the same way.") is no point: it never founds or joins one.
  const chatFilter = options.chatFilter ?? true;
  const units = input.units.filter(
    (u) =>
      u.kind !== "none" &&
      u.confidence >= minConf &&
      contentStems(u.text).length > 0 &&
      !(chatFilter && isReaction(u.text)),
  );
  return {
    input,
    ctx,
    by: provenance(clusterStage, ctx.engine),
    report: (d) => ctx.report({ stage: clusterStage.name, ...d }),
    scores: new PairScores(scorer),
    tau: options.matchThreshold ?? 0.4,
    assignTau: options.assignThreshold ?? 0.4,
    evident: evidenceCheck(options.evidenceThreshold),
    maxPoints: Math.min(
      options.maxNewPoints ?? 500,
      Math.max(options.minPoints ?? 5, Math.round((options.maxPointShare ?? 0.07) * units.length)),
    ),
    nameWords: options.nameWords ?? { min: 4, max: 20 },
    dupTau: options.duplicateThreshold ?? 0.7,
    mutualTau: options.mutualDuplicateThreshold ?? 0.6,
    cohesion: options.cohesion ?? 0.4,
    sameTau: options.sameAsThreshold ?? 0.85,
    minUnits: options.minUnits ?? 2,
    minShare: options.minShare ?? 0.01,
    maxFloorUnits: options.maxFloorUnits ?? 10,
    coverage: options.coverage ?? true,
    shortNames: options.shortNames ?? true,
    linkTau: options.linkThreshold ?? 0.4,
    relatedTau: options.relatedThreshold ?? 0.5,
    linkedTau: options.linkedThreshold ?? DEFAULT_MEMBER_THRESHOLD,
    bounds: {
      minWords: options.minWords ?? 4,
      maxWords: options.maxWords ?? 30,
      minConfidence: options.candidateMinConfidence ?? 0.45,
    },
    sourceById: new Map(input.sources.map((s) => [s.id, s])),
    topicOf: sourceTopics(
      input.sources.map((s) => s.id),
      units,
      options.topicThreshold ?? DEFAULT_TOPIC_THRESHOLD,
    ),
    posts,
    units,
    unitIndex: new Map(units.map((u, i) => [u.id, i])),
    unitById: new Map(units.map((u) => [u.id, u])),
    thesis: input.thesis ?? thesisStances(input),
    groups: [],
    cands: [],
    candOfUnit: new Map(),
    matches: [],
    covered: new Uint8Array(units.length),
    groupOf: new Int32Array(units.length).fill(-1),
    candGroup: new Int32Array(0),
    pinned: new Set(),
    edges: new Map(),
    unitLinks: new Map(),
    postLinks: new Map(),
    unitsOfPost: new Map(),
  };
}

/** Whether two sources share a topic (a source not in the run shares every one: a previous point's). */
export function sameTopic(run: Pick<Run, "topicOf">, a: string, b: string): boolean {
  const x = run.topicOf.get(a);
  const y = run.topicOf.get(b);
  return x === undefined || y === undefined || x === y;
}

/** The source a candidate comes from: its unit's, else its previous key point's. */
function candSource(run: Run, c: number): string {
  const cand = run.cands[c]!;
  if (cand.unit) return cand.unit.sourceId;
  const g = cand.anchor ? run.groups[cand.anchor.group] : undefined;
  const side = cand.anchor?.side === "counter" ? g?.counter : g?.primary;
  return side?.previous?.sourceId ?? "";
}

/** `ClusterOptions.evidenceThreshold` by default: a shared substantive word is always required. */
export const DEFAULT_EVIDENCE_THRESHOLD = 1;

/**
 * `Run.evident`: below `threshold`, a unit and a point match only when they share the stem of a
 * word that says what they are about (each text's stems computed once per run).
 */
export function evidenceCheck(threshold = DEFAULT_EVIDENCE_THRESHOLD): Run["evident"] {
  const stems = new Map<string, Set<string>>();
  const of = (t: string) => {
    let s = stems.get(t);
    if (!s) stems.set(t, (s = new Set(substantiveWords(t).map(stemWord))));
    return s;
  };
  return (a, b, s) => {
    if (s >= threshold) return true;
    const A = of(a);
    for (const w of of(b)) if (A.has(w)) return true;
    return false;
  };
}

/** Candidates: previous key points first (anchoring their groups), then good units, one per normalised text. */
export function collectCandidates(run: Run, previous: readonly KeyPoint[]): void {
  const { units, groups, cands, candOfUnit } = run;
  const unitAt = new Map<string, Unit>(units.map((u) => [`${u.sourceId}:${u.span[0]}:${u.span[1]}`, u]));
  const prevById = new Map(previous.map((k) => [k.id, k]));
  const unitsOfSource = new Map<string, Unit[]>();
  for (const u of units) {
    const list = unitsOfSource.get(u.sourceId);
    if (list) list.push(u);
    else unitsOfSource.set(u.sourceId, [u]);
  }
  /** The unit a previous point's name was cut from (`mainClause`): its text starts the unit's. */
  const namedUnit = (kp: KeyPoint) =>
    (unitsOfSource.get(kp.sourceId) ?? []).find(
      (u) =>
        u.span[0] <= kp.span[0] &&
        kp.span[1] < u.span[1] &&
        u.text.slice(kp.span[0] - u.span[0], kp.span[1] - u.span[0]) === kp.text,
    );
  for (const kp of previous) {
    if (kp.side === "counter" && kp.opposes && prevById.get(kp.opposes)?.side === "primary") continue;
    const g: Group = { primary: { id: kp.id, text: kp.text, previous: kp }, members: new Map() };
    const pu = unitAt.get(`${kp.sourceId}:${kp.span[0]}:${kp.span[1]}`) ?? namedUnit(kp);
    if (pu) g.primary.unit = pu;
    if (pu && pu.span[1] - pu.span[0] !== kp.span[1] - kp.span[0]) {
      // A point named by its unit's main clause: members match the whole unit again.
      const start = kp.span[0] - pu.span[0];
      g.primary.name = { text: kp.text, start, end: start + kp.span[1] - kp.span[0] };
      g.primary.text = pu.text;
    }
    const other = kp.opposes ? prevById.get(kp.opposes) : undefined;
    if (kp.side === "primary" && other) {
      g.counter = { id: other.id, text: other.text, previous: other };
      const cu = unitAt.get(`${other.sourceId}:${other.span[0]}:${other.span[1]}`);
      if (cu) g.counter.unit = cu;
    }
    groups.push(g);
    cands.push({
      text: g.primary.text,
      ...(pu ? { unit: pu } : {}),
      quality: 1,
      anchor: { group: groups.length - 1, side: "primary" },
    });
    if (g.counter) {
      const cu = g.counter.unit;
      cands.push({
        text: g.counter.text,
        ...(cu ? { unit: cu } : {}),
        quality: 1,
        anchor: { group: groups.length - 1, side: "counter" },
      });
    }
  }
  const seenText = new Set(cands.map((c) => normaliseText(c.text)));
  const sharedShare = sharedStemShare(units);
  const common = run.shortNames ? commonStems(units) : new Set<string>();
  for (const u of units) {
    const q = candidateQuality(u, run.bounds, sharedShare(u));
    if (q <= 0) continue;
    const norm = normaliseText(u.text);
    if (seenText.has(norm)) continue;
    // A key point is named by one short statement (its main clause when it has one).
    const short = run.shortNames ? shortName(u.text, common) : unlabelledName(u.text);
    if (!short && editLabelLength(u.text) > 0) continue;
    const nameWords = wordCount(short ? short.text : u.text);
    if (nameWords < run.nameWords.min || nameWords > run.nameWords.max) continue;
    seenText.add(norm);
    candOfUnit.set(u.id, cands.length);
    cands.push({ text: u.text, unit: u, quality: q, ...(short ? { name: short } : {}) });
  }
  if (cands.length === 0 && units.length > 0)
    run.report({
      rule: "cluster/no-candidates",
      severity: "info",
      message: "No unit is short and self-contained enough to be a key point.",
    });
}

/** A labelled text's name without its editor label ("TL;DR: China is behind." → "China is behind."). */
function unlabelledName(text: string): Cand["name"] {
  const start = editLabelLength(text);
  if (start === 0 || !nameableKeyPoint(text.slice(start))) return undefined;
  return { text: text.slice(start), start, end: text.length };
}

/** Content stems in more than a third of the units: the topic's own words. */
function commonStems(units: readonly Unit[]): Set<string> {
  const df = new Map<string, number>();
  for (const u of units) for (const w of new Set(contentStems(u.text))) df.set(w, (df.get(w) ?? 0) + 1);
  return new Set([...df].filter(([, n]) => n * 3 > units.length).map(([w]) => w));
}

/** The main clause of a candidate as its name, unless that only restates the topic (all its content words common). */
function shortName(text: string, common: ReadonlySet<string>): Cand["name"] {
  const at = mainClause(text);
  if (!at) return unlabelledName(text);
  const name = text.slice(at.start, at.end);
  const stems = contentStems(name);
  if (!stems.some((w) => !common.has(w))) return undefined;
  return { text: name, ...at };
}

/** Share of a unit's content stems used in other posts too: a candidate sharing them is a point others argue. */
function sharedStemShare(units: readonly Unit[]): (u: Unit) => number {
  const stemPost = new Map<string, string | null>();
  const stemsOf = new Map<string, string[]>();
  for (const u of units) {
    const stems = [...new Set(contentStems(u.text))];
    stemsOf.set(u.id, stems);
    for (const w of stems) {
      const seen = stemPost.get(w);
      if (seen === undefined) stemPost.set(w, u.postId);
      else if (seen !== null && seen !== u.postId) stemPost.set(w, null);
    }
  }
  return (u) => {
    const stems = stemsOf.get(u.id) ?? [];
    return stems.length === 0 ? 0 : stems.filter((w) => stemPost.get(w) === null).length / stems.length;
  };
}

/**
 * Unit-length vectors of texts (the scorer's `embedBatch`, else hashed bags of words) as views
 * into one pooled Float32Array.
 */
async function embedAll(texts: readonly string[], scorer: KeyPointScorer): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  if (scorer.embedBatch) {
    const { dims, vectors } = await scorer.embedBatch(texts);
    if (vectors.length !== texts.length * dims)
      throw new RangeError(`embedBatch: ${vectors.length} numbers for ${texts.length} × ${dims}`);
    const views: Float32Array[] = [];
    for (let i = 0; i < texts.length; i++)
      views.push(normaliseInPlace(vectors.subarray(i * dims, (i + 1) * dims)));
    return views;
  }
  const dims = hashedVector("").length;
  const pool = new Float32Array(texts.length * dims);
  const views: Float32Array[] = [];
  for (let i = 0; i < texts.length; i++) {
    const view = pool.subarray(i * dims, (i + 1) * dims);
    view.set(hashedVector(texts[i]!)); // unit length already
    views.push(view);
  }
  return views;
}

/** Units whose shortlists are scored in one batch (`ClusterOptions.matchBatch`). */
const MATCH_BATCH = 20_000;

/**
 * Shortlist candidates per unit by cosine (every candidate while units × candidates is within
 * `exhaustiveMatchPairs`) and score the shortlist, a batch of units at a time; keep matches at or
 * above the lower of the coverage and assignment thresholds (the scores of other pairs are not
 * kept).
 */
export async function matchUnits(
  run: Run,
  scorer: KeyPointScorer,
  options: ClusterOptions,
): Promise<{ blocked: boolean }> {
  const { units, cands, candOfUnit, scores } = run;
  // Each distinct text's unit vector once, in one pooled Float32Array (views per unit/candidate).
  const textIndex = new Map<string, number>();
  const distinct: string[] = [];
  const indexOf = (t: string): number => {
    let i = textIndex.get(t);
    if (i === undefined) {
      i = distinct.length;
      textIndex.set(t, i);
      distinct.push(t);
    }
    return i;
  };
  const unitText = Int32Array.from(units, (u) => indexOf(u.text));
  const candText = Int32Array.from(cands, (c) => indexOf(c.text));
  textIndex.clear();
  const views = await embedAll(distinct, scorer);
  distinct.length = 0;
  const index = neighbourIndex(
    Array.from(candText, (i) => views[i]!),
    units.length,
    {
      k:
        options.neighbours ??
        (units.length * cands.length <= (options.exhaustiveMatchPairs ?? 60_000) ? cands.length : 10),
      minCosine: 0.05,
      ...(options.blocking !== undefined ? { blocking: options.blocking } : {}),
      ...(options.exhaustiveLimit !== undefined ? { exhaustiveLimit: options.exhaustiveLimit } : {}),
    },
  );
  const candSources = cands.map((_, c) => candSource(run, c));
  const scored = (ui: number, c: number) =>
    c !== candOfUnit.get(units[ui]!.id) &&
    cands[c]!.unit?.id !== units[ui]!.id &&
    sameTopic(run, units[ui]!.sourceId, candSources[c]!);
  const keep = Math.min(run.tau, run.assignTau);
  run.matches = [];
  const batchSize = Math.max(1, options.matchBatch ?? MATCH_BATCH);
  for (let from = 0; from < units.length; from += batchSize) {
    const to = Math.min(units.length, from + batchSize);
    // A timer turn per batch: a signal (Ctrl-C) is handled between turns, never inside this loop.
    if (from > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    // Progress before the batch's work, not only within it: a rate taken from two events of one
    // synchronous loop read millions of units/s and an ETA of 0 s while minutes of work were left.
    run.ctx.progress?.({ stage: clusterStage.name, done: from, total: units.length });
    const neighbours: Int32Array[] = [];
    for (let ui = from; ui < to; ui++) neighbours.push(index.query(views[unitText[ui]!]!, ui));
    const batch = await scores.scoreOnce(
      (function* () {
        for (let ui = from; ui < to; ui++)
          for (const c of neighbours[ui - from]!)
            if (scored(ui, c)) yield [units[ui]!.text, cands[c]!.text] as const;
      })(),
    );
    for (let ui = from; ui < to; ui++) {
      const u = units[ui]!;
      const out: { c: number; s: number }[] = [];
      const own = candOfUnit.get(u.id);
      if (own !== undefined) out.push({ c: own, s: 1 });
      for (const c of neighbours[ui - from]!) {
        if (c === own || !sameTopic(run, u.sourceId, candSources[c]!)) continue;
        const cand = cands[c]!;
        const s = cand.unit?.id === u.id ? 1 : batch.get(u.text, cand.text);
        if (s >= keep && run.evident(u.text, cand.text, s)) out.push({ c, s });
      }
      out.sort((a, b) => b.s - a.s || a.c - b.c);
      if (ui % 2000 === 0 && ui > from)
        run.ctx.progress?.({ stage: clusterStage.name, done: ui, total: units.length });
      run.matches.push(out);
    }
  }
  return { blocked: index.blocked };
}

/** Units join the previous key point they match best, before any new point is made. */
export function joinPrevious(run: Run): void {
  const { cands, matches, covered, groupOf } = run;
  run.units.forEach((_, ui) => {
    const best = matches[ui]!.find((m) => cands[m.c]!.anchor && m.s >= run.tau);
    if (!best) return;
    groupOf[ui] = cands[best.c]!.anchor!.group;
    covered[ui] = 1;
  });
}

/**
 * Greedy selection by coverage (the classic KPA recipe, Bar-Haim et al. 2021): candidates in
 * order of how many units outside previous points match them at or above τ (better quality first
 * on ties); a candidate that matches an already selected point either way at or above the
 * duplicate threshold, or both ways at or above the mutual one, is skipped (redundant: "Daily
 * homework builds discipline" after "Homework builds discipline in children"); selection stops at the first candidate covering
 * fewer than the floor (`minUnits`, `minShare` of the units) or after `maxPoints` new points.
 * Each unit is placed in the first selected point it matches; `assignMembers` later moves it to
 * its best one.
 */
export async function selectPoints(run: Run): Promise<void> {
  const { units, cands, matches, covered, groupOf, groups, unitIndex, scores } = run;
  const members: number[][] = cands.map(() => []);
  units.forEach((_, ui) => {
    if (covered[ui]) return;
    for (const m of matches[ui]!) if (m.s >= run.tau && !cands[m.c]!.anchor) members[m.c]!.push(ui);
  });
  const candGroup = new Int32Array(cands.length).fill(-1);
  run.candGroup = candGroup;
  cands.forEach((c, i) => {
    if (c.anchor?.side === "primary") candGroup[i] = c.anchor.group;
  });
  const floor = Math.max(run.minUnits, Math.min(run.maxFloorUnits, Math.ceil(run.minShare * units.length)));
  const order: number[] = [];
  cands.forEach((c, i) => {
    if (!c.anchor && members[i]!.length >= floor) order.push(i);
  });
  order.sort(
    (a, b) => members[b]!.length - members[a]!.length || cands[b]!.quality - cands[a]!.quality || a - b,
  );
  // Redundancy checks ask for (candidate, possibly selected candidate) pairs: all of them in one batch.
  const ownMatches = (c: number) => {
    const ui = cands[c]!.unit ? unitIndex.get(cands[c]!.unit!.id) : undefined;
    return ui === undefined ? [] : matches[ui]!;
  };
  const mayBeSelected = (c: number) =>
    cands[c]!.anchor?.side === "primary" || (!cands[c]!.anchor && members[c]!.length >= floor);
  await scores.prefetch(
    (function* () {
      for (const c of order)
        for (const m of ownMatches(c))
          if (m.c !== c && m.s < run.dupTau && mayBeSelected(m.c))
            yield [cands[m.c]!.text, cands[c]!.text] as const;
    })(),
  );
  const cohesive = cohesionCheck(run, members, order);
  let made = 0;
  for (const c of order) {
    if (made >= run.maxPoints) break;
    const cand = cands[c]!;
    if (!(await cohesive(c))) continue;
    const redundant = ownMatches(c).some((m) => {
      if (m.c === c || candGroup[m.c]! < 0) return false;
      if (m.s >= run.dupTau) return true;
      const back = scores.get(cands[m.c]!.text, cand.text);
      return back >= run.dupTau || (m.s >= run.mutualTau && back >= run.mutualTau);
    });
    if (redundant) continue;
    groups.push({
      primary: {
        text: cand.text,
        ...(cand.unit ? { unit: cand.unit } : {}),
        ...(cand.name ? { name: cand.name } : {}),
      },
      members: new Map(),
    });
    const g = groups.length - 1;
    candGroup[c] = g;
    made++;
    for (const u of members[c]!) {
      if (covered[u]) continue;
      covered[u] = 1;
      groupOf[u] = g;
    }
  }
  if (run.coverage) await coverLeftovers(run);
}

/** Members of a candidate whose agreement with one another is checked (`ClusterOptions.cohesion`). */
const COHESION_SAMPLE = 8;
/** Candidates whose member pairs are scored in one batch. */
const COHESION_BATCH = 32;

/**
 * Whether a candidate's best-matching members match one another: the share of their pairs scoring
 * at or above τ either way reaches `run.cohesion`. Member pairs are scored a batch of candidates
 * at a time, in selection order, so only candidates the selection reaches cost anything.
 */
function cohesionCheck(
  run: Run,
  members: readonly number[][],
  order: readonly number[],
): (c: number) => Promise<boolean> {
  const { units, matches, scores } = run;
  // Each candidate's sample, taken when its batch is scored and read once when it is checked.
  const samples = new Map<number, string[]>();
  const sample = (c: number): string[] => {
    let texts = samples.get(c);
    if (!texts) {
      const best = members[c]!.map((ui) => ({ ui, s: matches[ui]!.find((m) => m.c === c)?.s ?? 0 }))
        .sort((a, b) => b.s - a.s || a.ui - b.ui)
        .slice(0, COHESION_SAMPLE);
      samples.set(c, (texts = [...new Set(best.map((m) => units[m.ui]!.text))]));
    }
    return texts;
  };
  const position = new Map(order.map((c, i) => [c, i]));
  let fetchedTo = 0;
  return async (c) => {
    if (run.cohesion <= 0) return true;
    const at = position.get(c) ?? 0;
    if (at >= fetchedTo) {
      const batch = order.slice(at, at + COHESION_BATCH);
      fetchedTo = at + COHESION_BATCH;
      await scores.prefetch(
        (function* () {
          for (const b of batch) {
            const texts = sample(b);
            for (const x of texts) for (const y of texts) if (x !== y) yield [x, y] as const;
          }
        })(),
      );
    }
    const texts = sample(c);
    samples.delete(c);
    let pairs = 0;
    let agree = 0;
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        pairs++;
        if (Math.max(scores.get(texts[i]!, texts[j]!), scores.get(texts[j]!, texts[i]!)) >= run.tau) agree++;
      }
    return pairs === 0 || agree >= run.cohesion * pairs;
  };
}

/** Most (uncovered unit, selected point) pairs the coverage pass scores; past it, only shortlisted points count. */
const COVERAGE_PAIR_BUDGET = 200_000;

/**
 * Coverage pass: a unit the greedy selection left outside every point is scored against every
 * selected point (one batch) and joins the best one at or above the assignment threshold — the shortlist of 10 nearest
 * candidates often misses a point chosen for other units. The match is added to the unit's
 * match list, so `assignMembers` weighs it with the others.
 */
async function coverLeftovers(run: Run): Promise<void> {
  const { units, cands, matches, covered, groupOf, candGroup, scores } = run;
  const selected: number[] = [];
  candGroup.forEach((g, c) => {
    if (g >= 0 && !cands[c]!.anchor) selected.push(c);
  });
  const left: number[] = [];
  units.forEach((_, ui) => {
    if (!covered[ui]) left.push(ui);
  });
  if (selected.length === 0 || left.length === 0 || left.length * selected.length > COVERAGE_PAIR_BUDGET)
    return;
  // Its own unit, or one of another topic: never scored against the point.
  const own = (ui: number, c: number) =>
    cands[c]!.unit?.id === units[ui]!.id ||
    !sameTopic(run, units[ui]!.sourceId, cands[c]!.unit?.sourceId ?? "");
  await scores.prefetch(
    (function* () {
      for (const ui of left)
        for (const c of selected) if (!own(ui, c)) yield [units[ui]!.text, cands[c]!.text] as const;
    })(),
  );
  for (const ui of left) {
    const list = matches[ui]!;
    let best = -1;
    for (const c of selected) {
      if (own(ui, c) || list.some((m) => m.c === c)) continue;
      const s = scores.get(units[ui]!.text, cands[c]!.text);
      if (s < run.assignTau || !run.evident(units[ui]!.text, cands[c]!.text, s)) continue;
      list.push({ c, s });
      if (best < 0 || s > list.find((m) => m.c === best)!.s) best = c;
    }
    if (best < 0) continue;
    list.sort((a, b) => b.s - a.s || a.c - b.c);
    covered[ui] = 1;
    groupOf[ui] = candGroup[best]!;
  }
}

/** Support/attack links that carry stance (support +1, attack −1), in both directions, by unit and by post. */
export function collectLinks(run: Run, relations: readonly Relation[]): void {
  const { unitById, unitLinks, postLinks, edges, unitsOfPost } = run;
  const addLink = (m: Map<string, Link[]>, a: string, l: Link) => {
    const list = m.get(a);
    if (list) list.push(l);
    else m.set(a, [l]);
  };
  for (const r of relations) {
    if (r.kind !== "support" && r.kind !== "attack") continue;
    const sign: Sign = r.kind === "attack" ? -1 : 1;
    const list = edges.get(r.from) ?? [];
    list.push({ to: r.to, sign, level: r.level });
    edges.set(r.from, list);
    if (r.confidence < run.linkTau) continue;
    if (r.level === "unit") {
      const a = unitById.get(r.from);
      const b = unitById.get(r.to);
      if (!a || !b || a.postId === b.postId || !sameTopic(run, a.sourceId, b.sourceId)) continue;
      addLink(unitLinks, a.id, { other: b.id, sign, confidence: r.confidence });
      addLink(unitLinks, b.id, { other: a.id, sign, confidence: r.confidence });
    } else if (
      r.from !== r.to &&
      sameTopic(run, run.posts.get(r.from)?.sourceId ?? "", run.posts.get(r.to)?.sourceId ?? "")
    ) {
      addLink(postLinks, r.from, { other: r.to, sign, confidence: r.confidence });
      addLink(postLinks, r.to, { other: r.from, sign, confidence: r.confidence });
    }
  }
  for (const u of run.units) {
    const list = unitsOfPost.get(u.postId);
    if (list) list.push(u);
    else unitsOfPost.set(u.postId, [u]);
  }
}
