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
import { nearestCandidates, normaliseInPlace } from "./neighbours.js";
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
  /** Scorer value at or above which a unit expresses a key point. Default 0.6. */
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
  /**
   * Support/attack links between posts at or above this confidence carry stance into a key point:
   * a unit attacking (or attacked by) a member argues the other side, one supporting it the same
   * side; an attack between two units no point covers makes a disputed point of its own. Default 0.4.
   */
  linkThreshold?: number;
  /** A unit of a post linked to a member's post joins the point when it scores this against the member or the point. Default 0.5. */
  relatedThreshold?: number;
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

/** Words that open a dependent clause or tie a clause to the one before: never the start of a key point. */
const CONNECTIVE_OPENERS = new Set(
  (
    "and but or nor yet so then thus hence therefore instead also plus which who whom whose that than " +
    "however moreover furthermore besides meanwhile otherwise still anyway nonetheless nevertheless " +
    "like including especially except rather whereas whereby wherein even as"
  ).split(" "),
);
/** Subordinators: a unit opening with one is self-contained only when its main clause follows (", …" or "then …"). */
const SUBORDINATE_OPENERS = new Set(
  "if when whenever unless although though while because since once until till after before where wherever whether".split(
    " ",
  ),
);
/** Words a complete statement does not end with. */
const DANGLING_ENDS = new Set(
  (
    "and but or nor so yet because since although though while which who that than if as of to for with " +
    "the a an by from in on at into than like whether when where"
  ).split(" "),
);

/**
 * Whether a text reads as a self-contained statement: it starts with a capital letter or a digit,
 * does not open with a connective or a subordinate clause, does not end with a comma, colon,
 * dash or conjunction, and is not a question. Leading quote marks, bullets and a short label
 * ("TL;DR:", "Edit:") are ignored.
 * @example selfContained("Uniforms reduce bullying.") // true
 * @example selfContained("as China has found throughout years of trying.") // false
 */
export function selfContained(text: string): boolean {
  let t = text.trim().replace(/^[\s>*"'“‘(\-–—•]+/u, "");
  t = t.replace(/^[\p{L}\p{N};/&.-]{1,12}(?:\s[\p{L}\p{N}]{1,12})?:\s+/u, "");
  if (!/^[\p{Lu}\p{N}]/u.test(t)) return false;
  if (/[,;:\-–—(]\s*$/u.test(t)) return false;
  if (/\?\s*["')\]”’]*$/u.test(t)) return false;
  const words =
    t
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? [];
  const first = words[0] ?? "";
  const last = words[words.length - 1] ?? "";
  if (CONNECTIVE_OPENERS.has(first)) return false;
  if (SUBORDINATE_OPENERS.has(first) && !/,\s|\bthen\b/i.test(t.slice(first.length))) return false;
  if (DANGLING_ENDS.has(last) && !/[.!]["')\]”’]*$/u.test(t)) return false;
  return true;
}

/**
 * Whether a unit can stand alone as a key point, and how good a one it is (0 when it cannot):
 * a self-contained statement (see `selfContained`) of bounded length with at least two content
 * words, not anaphoric, no link; better when argued with confidence and when its content words
 * are shared by other posts (`shared`: share of its content stems found in other posts, 0–1).
 * @example candidateQuality(unit, { minWords: 4, maxWords: 30, minConfidence: 0.45 })
 */
export function candidateQuality(
  unit: Unit,
  bounds: { minWords: number; maxWords: number; minConfidence: number },
  shared?: number,
): number {
  if (unit.kind === "none" || unit.confidence < bounds.minConfidence) return 0;
  const text = unit.text.trim().replace(/^[\s>*"'“(\-–—•]+/u, "");
  const n = wordCount(text);
  if (n < bounds.minWords || n > bounds.maxWords) return 0;
  if (!selfContained(text)) return 0;
  if (ANAPHORIC.test(text)) return 0;
  if (/https?:\/\//.test(text)) return 0;
  if (contentStems(text).length < 2) return 0;
  const lengthFit = n >= 5 && n <= 20 ? 1 : 0.8;
  const kindFit = unit.kind === "claim" || unit.kind === "major-claim" ? 1 : 0.9;
  const sharedFit = shared === undefined ? 1 : 0.6 + 0.4 * shared;
  return unit.confidence * lengthFit * kindFit * sharedFit;
}

/**
 * The whole sentence around a span of a text: back to the previous sentence end or line break,
 * forward to the next one. Trimmed; `undefined` when it would be empty.
 * @example enclosingSentence("It rained. So we stayed in, and read.", [25, 34]).text // "So we stayed in, and read."
 */
export function enclosingSentence(
  text: string,
  span: readonly [number, number],
): { text: string; span: [number, number] } | undefined {
  let a = span[0];
  while (a > 0 && text[a - 1] !== "\n" && !(/[.!?]/.test(text[a - 2] ?? "") && /\s/.test(text[a - 1]!))) a--;
  let b = Math.max(span[1], a);
  while (
    b < text.length &&
    text[b] !== "\n" &&
    !(/[.!?]/.test(text[b - 1] ?? "") && /\s/.test(text[b]!) && b > span[1] - 1)
  )
    b++;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return b > a ? { text: text.slice(a, b), span: [a, b] } : undefined;
}

/**
 * Unit-length vectors of texts (the scorer's `embed`, else hashed bags of words) as views into
 * one pooled Float32Array.
 */
function embedAll(texts: readonly string[], scorer: KeyPointScorer): Float32Array[] {
  if (texts.length === 0) return [];
  const embed = (t: string, out?: Float32Array): Float32Array =>
    scorer.embed ? scorer.embed(t, out) : hashedVector(t);
  const first = embed(texts[0]!);
  const dims = first.length;
  const pool = new Float32Array(texts.length * dims);
  const views: Float32Array[] = [];
  for (let i = 0; i < texts.length; i++) {
    const view = pool.subarray(i * dims, (i + 1) * dims);
    const v = i === 0 ? first : embed(texts[i]!, view);
    if (v !== view) {
      if (v.length !== dims)
        throw new RangeError(`embed: vector of ${v.length} dimensions, expected ${dims}`);
      view.set(v);
    }
    if (scorer.embed) normaliseInPlace(view); // hashed vectors are unit length already
    views.push(view);
  }
  return views;
}

interface Cand {
  text: string;
  /** The unit whose text this is, when it is one of the input units. */
  unit?: Unit;
  quality: number;
  /** Index of the group (key point) it anchors, for previous key points. */
  anchor?: { group: number; side: "primary" | "counter" };
}

interface Side {
  id?: string;
  text: string;
  unit?: Unit;
  previous?: KeyPoint;
  /** Where `text` is, when it is not `unit`'s own span (a whole sentence around a clause). */
  at?: { sourceId: string; span: [number, number] };
}

interface Group {
  primary: Side;
  counter?: Side;
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
 * @param runScorer pair scorer: the trained matcher (`classicScorer`, `scorerFromMatcher`) or
 *   `lexicalScorer()`; its `session()`, when it has one, is used for this run
 * @param ctx stage context (diagnostics, progress)
 * @param previous key points of an earlier run: kept with their ids; new units join them first
 * @example
 * const { keyPoints, cruxes } = clusterKeyPoints({ sources, units, relations }, lexicalScorer(), collectingContext());
 */
export function clusterKeyPoints(
  input: ClusterInput,
  runScorer: KeyPointScorer,
  ctx: StageContext,
  previous: readonly KeyPoint[] = [],
  options: ClusterOptions = {},
): ClusterResult {
  // One session per run: each distinct text analysed once, pair scores under numeric keys.
  const scorer = runScorer.session?.() ?? runScorer;
  const tau = options.matchThreshold ?? 0.6;
  const dupTau = options.duplicateThreshold ?? 0.75;
  const sameTau = options.sameAsThreshold ?? 0.7;
  const minUnits = options.minUnits ?? 2;
  const by = provenance(clusterStage, ctx.engine);
  const report = (d: Omit<Diagnostic, "stage">) => ctx.report({ stage: clusterStage.name, ...d });

  const sourceById = new Map(input.sources.map((s) => [s.id, s]));
  const posts = new Map<string, { author?: string; index: number; sourceId: string }>();
  for (const s of input.sources) for (const p of s.posts) posts.set(p.id, p);
  const minConf = options.minConfidence ?? 0.3;
  const units = input.units.filter(
    (u) => u.kind !== "none" && u.confidence >= minConf && contentStems(u.text).length > 0,
  );
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
    cands.push({
      text: kp.text,
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
  const bounds = {
    minWords: options.minWords ?? 4,
    maxWords: options.maxWords ?? 30,
    minConfidence: options.candidateMinConfidence ?? 0.45,
  };
  const seenText = new Set(cands.map((c) => normaliseText(c.text)));
  const candOfUnit = new Map<string, number>();
  // Content stems used in more than one post: a candidate sharing them is a point others argue too.
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
  const sharedShare = (u: Unit): number => {
    const stems = stemsOf.get(u.id) ?? [];
    return stems.length === 0 ? 0 : stems.filter((w) => stemPost.get(w) === null).length / stems.length;
  };
  for (const u of units) {
    const q = candidateQuality(u, bounds, sharedShare(u));
    if (q <= 0) continue;
    const norm = normaliseText(u.text);
    if (seenText.has(norm)) continue;
    seenText.add(norm);
    candOfUnit.set(u.id, cands.length);
    cands.push({ text: u.text, unit: u, quality: q });
  }
  if (cands.length === 0 && units.length > 0)
    report({
      rule: "cluster/no-candidates",
      severity: "info",
      message: "No unit is short and self-contained enough to be a key point.",
    });

  // ── shortlist by cosine, then score with the matcher ──
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
  const unitText = units.map((u) => indexOf(u.text));
  const candText = cands.map((c) => indexOf(c.text));
  const views = embedAll(distinct, scorer);
  const unitVecs = unitText.map((i) => views[i]!);
  const candVecs = candText.map((i) => views[i]!);
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
  const heap = new Heap<Entry>(
    (a, b) =>
      a.n > b.n ||
      (a.n === b.n &&
        (cands[a.c]!.quality > cands[b.c]!.quality ||
          (cands[a.c]!.quality === cands[b.c]!.quality && a.c < b.c))),
  );
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
      groups.push({
        primary: { text: cand.text, ...(cand.unit ? { unit: cand.unit } : {}) },
        members: new Map(),
      });
      g = groups.length - 1;
      candGroup[top.c] = g;
    }
    for (const u of members[top.c]!) {
      if (covered[u]) continue;
      covered[u] = 1;
      groupOf[u] = g;
    }
  }

  // ── links between posts that carry stance (support +1, attack −1), both directions ──
  const unitById = new Map(units.map((u) => [u.id, u]));
  const linkTau = options.linkThreshold ?? 0.4;
  const relatedTau = options.relatedThreshold ?? 0.5;
  type Link = { other: string; sign: Sign; confidence: number };
  const unitLinks = new Map<string, Link[]>();
  const postLinks = new Map<string, Link[]>();
  const addLink = (m: Map<string, Link[]>, a: string, l: Link) => {
    const list = m.get(a);
    if (list) list.push(l);
    else m.set(a, [l]);
  };
  const edges = new Map<string, { to: string; sign: Sign; level: "post" | "unit" }[]>();
  for (const r of input.relations) {
    if (r.kind !== "support" && r.kind !== "attack") continue;
    const sign: Sign = r.kind === "attack" ? -1 : 1;
    const list = edges.get(r.from) ?? [];
    list.push({ to: r.to, sign, level: r.level });
    edges.set(r.from, list);
    if (r.confidence < linkTau) continue;
    if (r.level === "unit") {
      const a = unitById.get(r.from);
      const b = unitById.get(r.to);
      if (!a || !b || a.postId === b.postId) continue;
      addLink(unitLinks, a.id, { other: b.id, sign, confidence: r.confidence });
      addLink(unitLinks, b.id, { other: a.id, sign, confidence: r.confidence });
    } else if (r.from !== r.to) {
      addLink(postLinks, r.from, { other: r.to, sign, confidence: r.confidence });
      addLink(postLinks, r.to, { other: r.from, sign, confidence: r.confidence });
    }
  }
  const unitsOfPost = new Map<string, Unit[]>();
  for (const u of units) {
    const list = unitsOfPost.get(u.postId);
    if (list) list.push(u);
    else unitsOfPost.set(u.postId, [u]);
  }

  // ── disputes: an attack between two units no point covers is a point argued both ways ──
  const disputeText = (u: Unit): Side | undefined => {
    if (
      wordCount(u.text) >= 3 &&
      wordCount(u.text) <= bounds.maxWords &&
      selfContained(u.text) &&
      !ANAPHORIC.test(u.text.trim()) &&
      contentStems(u.text).length > 0
    )
      return { text: u.text, unit: u };
    const source = sourceById.get(u.sourceId);
    const sentence = source ? enclosingSentence(source.text, u.span) : undefined;
    if (!sentence || sentence.text === u.text) return undefined;
    const n = wordCount(sentence.text);
    if (n < 4 || n > bounds.maxWords * 1.5 || !selfContained(sentence.text) || ANAPHORIC.test(sentence.text))
      return undefined;
    return { text: sentence.text, unit: u, at: { sourceId: u.sourceId, span: sentence.span } };
  };
  const disputes = input.relations
    .filter((r) => r.kind === "attack" && r.level === "unit" && r.confidence >= linkTau)
    .filter(
      (r) =>
        unitIndex.has(r.from) &&
        unitIndex.has(r.to) &&
        unitById.get(r.from)!.postId !== unitById.get(r.to)!.postId,
    )
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        unitIndex.get(a.to)! - unitIndex.get(b.to)! ||
        unitIndex.get(a.from)! - unitIndex.get(b.from)!,
    );
  const pinned = new Set<number>();
  const disputeTexts = new Set(groups.map((g) => normaliseText(g.primary.text)));
  for (const r of disputes) {
    const x = unitIndex.get(r.from)!;
    const y = unitIndex.get(r.to)!;
    if (groupOf[x]! >= 0 || groupOf[y]! >= 0) continue;
    // The attacked claim states the point when it can stand alone; else the attack does.
    const side = disputeText(units[y]!) ?? disputeText(units[x]!);
    if (!side || disputeTexts.has(normaliseText(side.text))) continue;
    disputeTexts.add(normaliseText(side.text));
    groups.push({ primary: side, members: new Map() });
    const g = groups.length - 1;
    const pu = side.unit!;
    // The point's own units (the clause, or every clause of its sentence) stay in it; units that
    // matched a candidate among them may join it in the final assignment.
    const own = side.at
      ? units.filter(
          (u) => u.postId === pu.postId && u.span[0] >= side.at!.span[0] && u.span[1] <= side.at!.span[1],
        )
      : [pu];
    for (const u of own) {
      const ui = unitIndex.get(u.id)!;
      if (groupOf[ui]! >= 0 && u.id !== pu.id) continue;
      groupOf[ui] = g;
      pinned.add(ui);
      const c = candOfUnit.get(u.id);
      if (c !== undefined && candGroup[c]! < 0) candGroup[c] = g;
    }
  }

  // ── final assignment: leftover-covered units go to their best-scoring new point ──
  const isAnchorGroup = (g: number) => groups[g]!.primary.previous !== undefined;
  units.forEach((_, ui) => {
    if (pinned.has(ui) || (groupOf[ui]! >= 0 && isAnchorGroup(groupOf[ui]!))) return;
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
  const linkedStances: [string, UnitStanceEntry][] = [];
  const relations: Relation[] = [];
  const sides: { primary: KeyPoint; counter?: KeyPoint }[] = [];
  const pointTexts = new Set(
    groups.flatMap((g) => [g.primary.text, ...(g.counter ? [g.counter.text] : [])]).map(normaliseText),
  );

  for (const group of groups) {
    const ids = [...group.members.keys()].sort((a, b) => unitIndex.get(a)! - unitIndex.get(b)!);
    const ref = group.primary.unit;
    const refNeg = countNegations(group.primary.text) % 2;
    const signs = new Map<string, Sign>();
    /** Members whose side rests on evidence (negation, thesis, a link), not on the default. */
    const firm = new Set<string>();
    for (const id of ids) {
      const u = unitById.get(id)!;
      const at = group.primary.at;
      if (
        (ref && id === ref.id) ||
        (at && u.sourceId === at.sourceId && u.span[0] >= at.span[0] && u.span[1] <= at.span[1])
      ) {
        signs.set(id, 1);
        firm.add(id);
        continue;
      }
      if (group.counter?.unit?.id === id) {
        signs.set(id, -1);
        firm.add(id);
        continue;
      }
      let s: Sign = 1;
      if (countNegations(u.text) % 2 !== refNeg) {
        s = -1;
        firm.add(id);
      }
      if (ref && thesis.thesisPost.get(id) === thesis.thesisPost.get(ref.id)) {
        const a = thesis.unit.get(id);
        const b = thesis.unit.get(ref.id);
        if (a !== "neutral" && b !== "neutral" && a !== undefined && b !== undefined) {
          s = a === b ? 1 : -1;
          firm.add(id);
        }
      }
      signs.set(id, s);
    }
    // Direct replies inside the point: an attack on a member takes the other side.
    const memberPosts = new Map<string, string[]>();
    for (const id of ids) {
      const p = unitById.get(id)!.postId;
      memberPosts.set(p, [...(memberPosts.get(p) ?? []), id]);
    }
    const order = [...ids].sort(
      (a, b) =>
        (posts.get(unitById.get(a)!.postId)?.index ?? 0) - (posts.get(unitById.get(b)!.postId)?.index ?? 0),
    );
    for (let pass = 0; pass < 2; pass++) {
      for (const id of order) {
        if (ref && id === ref.id) continue;
        const u = unitById.get(id)!;
        const targets = [
          ...(edges.get(id) ?? [])
            .filter((e) => group.members.has(e.to))
            .map((e) => ({ unit: e.to, sign: e.sign })),
          ...(edges.get(u.postId) ?? []).flatMap((e) =>
            (memberPosts.get(e.to) ?? []).map((t) => ({ unit: t, sign: e.sign })),
          ),
        ].filter((t) => unitById.get(t.unit)!.postId !== u.postId);
        const t = targets[0];
        if (t) {
          signs.set(id, (t.sign * signs.get(t.unit)!) as Sign);
          firm.add(id);
        }
      }
    }
    // One author, one side: within a post, members on the default side follow the post's firm ones.
    for (const list of memberPosts.values()) {
      const firmSigns = new Set(list.filter((id) => firm.has(id)).map((id) => signs.get(id)!));
      if (firmSigns.size !== 1) continue;
      const [sign] = [...firmSigns] as [Sign];
      for (const id of list) if (!firm.has(id)) signs.set(id, sign);
    }
    // Linked units of other posts: who attacks (or is attacked by) a member argues the other side.
    const linked = new Map<string, Sign>();
    const join = (id: string, sign: Sign) => {
      if (sign === 0 || group.members.has(id) || linked.has(id)) return;
      linked.set(id, sign);
    };
    for (const id of ids) {
      const m = unitById.get(id)!;
      const ms = signs.get(id)!;
      const direct = unitLinks.get(id) ?? [];
      for (const l of direct) join(l.other, (l.sign * ms) as Sign);
      for (const l of postLinks.get(m.postId) ?? []) {
        if (memberPosts.has(l.other)) continue;
        for (const v of unitsOfPost.get(l.other) ?? []) {
          if (direct.some((d) => d.other === v.id)) continue;
          if (
            scorer.score(v.text, m.text) >= relatedTau ||
            scorer.score(v.text, group.primary.text) >= relatedTau
          )
            join(v.id, (l.sign * ms) as Sign);
        }
      }
    }
    for (const [id, sign] of linked) signs.set(id, sign);
    const sideIds = [...ids, ...[...linked.keys()].sort((a, b) => unitIndex.get(a)! - unitIndex.get(b)!)];
    const pro = sideIds.filter((id) => signs.get(id)! >= 0);
    const con = sideIds.filter((id) => signs.get(id)! < 0);
    const scoreTo = (id: string, text: string) => {
      const u = unitById.get(id)!;
      return u.text === text ? 1 : scorer.score(u.text, text);
    };
    const make = (side: Side, memberIds: string[], sideName: "primary" | "counter" | undefined): KeyPoint => {
      const prev = side.previous;
      const text = side.text;
      const u = side.unit;
      const authors = new Set(memberIds.map((id) => authorKey(unitById.get(id)!, posts)));
      const postIds = new Set(memberIds.map((id) => unitById.get(id)!.postId));
      const sourceIds = [...new Set(memberIds.map((id) => unitById.get(id)!.sourceId))].sort();
      const byStance = { pro: new Set<string>(), con: new Set<string>(), neutral: new Set<string>() };
      for (const id of memberIds)
        byStance[thesis.unit.get(id) ?? "neutral"].add(authorKey(unitById.get(id)!, posts));
      const counts = { pro: byStance.pro.size, con: byStance.con.size, neutral: byStance.neutral.size };
      const stance: Stance =
        counts.pro > counts.con && counts.pro >= counts.neutral
          ? "pro"
          : counts.con > counts.pro && counts.con >= counts.neutral
            ? "con"
            : "neutral";
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
        sourceId: side.at?.sourceId ?? u?.sourceId ?? prev?.sourceId ?? "",
        span: side.at
          ? [side.at.span[0], side.at.span[1]]
          : u
            ? [u.span[0], u.span[1]]
            : (prev?.span ?? [0, 0]),
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
      // The counter point's text: the best self-contained con unit, else a whole sentence around one.
      const ranked = con
        .filter((id) => !pointTexts.has(normaliseText(unitById.get(id)!.text)))
        .map((id) => ({
          id,
          s: scoreTo(id, group.primary.text),
          q: candidateQuality(unitById.get(id)!, { ...bounds, minWords: 3 }),
        }))
        .sort(
          (a, b) =>
            Number(b.q > 0) - Number(a.q > 0) || b.s - a.s || unitIndex.get(a.id)! - unitIndex.get(b.id)!,
        );
      const first = ranked[0] ? unitById.get(ranked[0].id)! : undefined;
      if (first)
        counterSide =
          ranked[0]!.q > 0
            ? { text: first.text, unit: first }
            : (ranked
                .map((r) => disputeText(unitById.get(r.id)!))
                .find((x) => x !== undefined && !pointTexts.has(normaliseText(x.text))) ??
              // What the other side said is all there is to word it: a sentence start, at least.
              ranked
                .map((r) => unitById.get(r.id)!)
                .filter((u) => /^[\p{Lu}\p{N}]/u.test(u.text.trim()) && !/[,;:]\s*$/.test(u.text))
                .map((u) => ({ text: u.text, unit: u }))[0]);
    }
    if (counterSide) pointTexts.add(normaliseText(counterSide.text));
    const split = counterSide !== undefined && (con.length > 0 || group.counter !== undefined);
    // Nothing on the con side can be worded as a point: its units deny this one, so they leave it.
    if (!split) for (const id of con) sideIds.splice(sideIds.indexOf(id), 1);
    for (const id of linked.keys())
      if (!split || signs.get(id)! >= 0) group.members.set(id, scoreTo(id, group.primary.text));
    if (split && counterSide) {
      // Re-score counter members against the counter text for quotes and same-as.
      for (const id of con) group.members.set(id, scoreTo(id, counterSide.text));
    }
    const primary = make(group.primary, split ? pro : sideIds, split ? "primary" : undefined);
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
        const entry: UnitStanceEntry = {
          thesis: thesis.unit.get(id) ?? "neutral",
          keyPoint: kp === counter ? "con" : "pro",
          keyPointId: kp.id,
        };
        if (linked.has(id)) linkedStances.push([id, entry]);
        else allStances.set(id, entry);
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
  for (const [id, entry] of linkedStances) if (!allStances.has(id)) allStances.set(id, entry);
  for (const u of units)
    if (!allStances.has(u.id))
      allStances.set(u.id, { thesis: thesis.unit.get(u.id) ?? "neutral", keyPoint: "neutral" });

  keyPoints.sort(
    (a, b) =>
      b.authorCount - a.authorCount ||
      b.unitIds.length - a.unitIds.length ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  // ── cruxes: points argued both ways, most even split first ──
  const cruxes: Crux[] = sides
    .filter(
      (s): s is { primary: KeyPoint; counter: KeyPoint } =>
        s.counter !== undefined && s.primary.authorCount > 0 && s.counter.authorCount > 0,
    )
    .map(({ primary, counter }) => ({
      id: `crux-${primary.id}`,
      text: primary.text,
      balance:
        Math.min(primary.authorCount, counter.authorCount) /
        Math.max(primary.authorCount, counter.authorCount),
      pro: { keyPointId: primary.id, authorCount: primary.authorCount, quotes: primary.quotes },
      con: { keyPointId: counter.id, authorCount: counter.authorCount, quotes: counter.quotes },
    }))
    .sort((a, b) => {
      const ta = a.pro.authorCount + a.con.authorCount;
      const tb = b.pro.authorCount + b.con.authorCount;
      return (
        Math.sqrt(b.balance) * Math.log2(1 + tb) - Math.sqrt(a.balance) * Math.log2(1 + ta) ||
        tb - ta ||
        (a.id < b.id ? -1 : 1)
      );
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
  return [...stances].map(([unitId, s]) => ({
    unitId,
    thesis: s.thesis,
    keyPoint: s.keyPoint,
    ...(s.keyPointId ? { keyPointId: s.keyPointId } : {}),
  }));
}
