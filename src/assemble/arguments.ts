/**
 * Assemble stage: group argumentative units into arguments — a thesis, the claims that support it
 * (each with its premises/evidence), the objections that attack it (each with its rebuttals) — and
 * rank them.
 *
 * How posts are grouped. Every post gets at most one parent, chosen from its links:
 * - explicit links — quote relations, reply relations at or above `explicitReplyConfidence`, and
 *   `Post.parentId` — are always followed;
 * - adjacency guesses (low-confidence reply relations) and bare post-level support/attack
 *   relations are followed only when the reply carries a support/attack signal (a post-level
 *   support/attack relation, or unit-level ones between the two posts); otherwise the post
 *   starts an argument of its own, so one long flat thread neither collapses into a single
 *   argument nor shatters into one per sentence;
 * - in an essay (plain text or Markdown without explicit links) every paragraph belongs to the
 *   nearest preceding paragraph that holds a major claim, and supports it unless signals say
 *   otherwise.
 * Each root seeds an argument; a root without any claim hands its replies on as roots.
 *
 * Diagnostics: `assemble/no-arguments` (warning) when the input holds no claim at all.
 */
import { pushAll } from "../util/array.js";
import type {
  Argument,
  ArgumentClaim,
  Objection,
  Post,
  Relation,
  Segment,
  SourceDoc,
  StageContext,
  Unit,
} from "../model/index.js";
import { DOCUMENT_FORMATS, overlapLength, provenance } from "../model/index.js";
import { standsAlone, trimConnective } from "../util/statement.js";
import { replySignFromText } from "../lexicons/reply-sign.js";
import { concedes, replyStanceOf, sideOf } from "./sides.js";

export const assembleStage = { name: "assemble", version: "1.0.0" } as const;

export interface AssembleInput {
  sources: readonly SourceDoc[];
  segments: readonly Segment[];
  units: readonly Unit[];
  relations: readonly Relation[];
}

export interface AssembleOptions {
  /** Reply relations at or above this confidence are explicit links; below, adjacency guesses. Default 0.6. */
  explicitReplyConfidence?: number;
  /** Upper bound of words in an argument's summary paragraph. Default 80. */
  summaryWords?: number;
  /**
   * `positions` (default): in a reply tree, each position argued in it heads an argument (the
   * root's thesis, and every post its own sub-debate disputes), sides composed along the reply
   * chain with authors keeping their side. `roots`: one argument per tree root, sides from the
   * reply signs alone (the assembly before positions; kept for `argmap eval cards`).
   */
  arguments?: "positions" | "roots";
}

type LinkKind = "explicit" | "signal" | "essay";
type Polarity = 1 | 0 | -1;

interface PostInfo {
  post: Post;
  source: SourceDoc;
  sourceIndex: number;
  /** Argumentative and non-argumentative units of the post, in text order. */
  units: Unit[];
}

interface Link {
  parent: string;
  kind: LinkKind;
  confidence: number;
}

const CLAIM_KINDS = new Set(["major-claim", "claim"]);
const SUPPORT_KINDS = new Set(["premise", "evidence"]);

function comparePosts(a: PostInfo, b: PostInfo): number {
  return a.sourceIndex - b.sourceIndex || a.post.index - b.post.index || a.post.span[0] - b.post.span[0];
}

function isClaim(u: Unit): boolean {
  return CLAIM_KINDS.has(u.kind);
}

function isSupport(u: Unit): boolean {
  return SUPPORT_KINDS.has(u.kind);
}

/** The post's thesis: its strongest major claim, else its strongest claim; ties go to the earlier unit. */
export function pickThesis(units: readonly Unit[]): Unit | undefined {
  let best: Unit | undefined;
  const rank = (u: Unit): number => (u.kind === "major-claim" ? 2 : u.kind === "claim" ? 1 : 0);
  for (const u of units) {
    if (rank(u) === 0) continue;
    if (!best || rank(u) > rank(best) || (rank(u) === rank(best) && u.confidence > best.confidence)) best = u;
  }
  return best;
}

function countWords(text: string): number {
  const t = text.trim();
  return t === "" ? 0 : t.split(/\s+/).length;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

/** Cut one over-long unit to at most `max` words, preferring a clause boundary, and mark the cut. */
function cutWords(text: string, max: number): string {
  const words = collapse(text).split(" ");
  if (words.length <= max) return words.join(" ");
  let end = max;
  for (let i = max; i > Math.floor(max / 2); i--) {
    if (/[,;:—–]$/.test(words[i - 1] ?? "")) {
      end = i;
      break;
    }
  }
  return `${words
    .slice(0, end)
    .join(" ")
    .replace(/[,;:—–]$/, "")}…`;
}

/**
 * The one-paragraph thesis: the argument's 1–`maxSentences` (default 3; 1 in an essay, whose thesis
 * is the sentence stating the position) most central claim sentences of the thesis post,
 * in text order, each standing on its own. A sentence is a run of units that follow each other on
 * one line without sentence-final punctuation between them (a sentence split into clauses is kept
 * whole; whitespace collapsed). Central: the thesis' sentence first, then major claims, then
 * claims by confidence. A leading connective is trimmed ("Hence we …" → "We …"); a sentence that
 * still opens with an unresolved reference ("That is …") or is a question takes its preceding
 * sentence along when that one stands alone, else it is skipped. When no claim sentence stands,
 * the post's first standing sentence of any kind is used; failing that, the thesis' own sentence.
 * Cut at a sentence boundary to at most `maxWords` words.
 */
export function summarizeThesis(
  postUnits: readonly Unit[],
  thesis: Unit,
  maxWords = 80,
  sourceText?: string,
  maxSentences = 3,
): string {
  const units = postUnits.slice().sort((a, b) => a.span[0] - b.span[0]);
  const sentences: Unit[][] = [];
  let prev: Unit | undefined;
  for (const u of units) {
    const gap = prev ? u.span[0] - prev.span[1] : -1;
    const gapText = prev && sourceText !== undefined ? sourceText.slice(prev.span[1], u.span[0]) : " ";
    // An essay's sentence may wrap onto the next line (hard-wrapped prose).
    const sameLine =
      prev !== undefined &&
      gap >= 0 &&
      gap <= (maxSentences === 1 ? 4 : 2) &&
      (maxSentences === 1 ? /^[ \t]*(?:\r?\n)?[ \t]*$/ : /^[ \t]*$/).test(gapText) &&
      !SENTENCE_END.test(prev.text.trim());
    if (sameLine) sentences[sentences.length - 1]!.push(u);
    else sentences.push([u]);
    prev = u;
  }
  const texts = sentences.map((s) => trimConnective(collapse(s.map((u) => u.text).join(" "))));
  // Each sentence's standing text: itself, or its predecessor and itself; undefined when neither stands.
  const standing = texts.map((t, i) => {
    if (standsAlone(t)) return t;
    const before = i > 0 ? texts[i - 1]! : undefined;
    const merged = `${before} ${collapse(sentences[i]!.map((u) => u.text).join(" "))}`;
    // Only the opening was the problem: the pair must stand (no trailing comma or colon).
    if (before !== undefined && standsAlone(before) && !/\?\s*["')\]”’]*$/u.test(t) && standsAlone(merged))
      return merged;
    return undefined;
  });
  // A title or heading (a line of its own without sentence-final punctuation) names a topic: it
  // does not state the position.
  const heading = (s: Unit[]): boolean => {
    const first = s[0]!;
    const last = s[s.length - 1]!;
    if (sourceText === undefined || SENTENCE_END.test(last.text.trim())) return false;
    return (
      /^[ \t]*(?:\r?\n|$)/.test(sourceText.slice(last.span[1])) &&
      /(?:^|\n)[ \t#>*-]*$/.test(sourceText.slice(Math.max(0, first.span[0] - 200), first.span[0]))
    );
  };
  // Paragraph of each sentence: a blank line, or a line break after a line too long to be
  // hard-wrapped (one paragraph per line), starts a new one.
  const paragraph: number[] = [];
  sentences.forEach((s, i) => {
    const before = sentences[i - 1];
    let p = i === 0 ? 0 : paragraph[i - 1]!;
    if (before && sourceText !== undefined) {
      const end = before[before.length - 1]!.span[1];
      const gap = sourceText.slice(end, s[0]!.span[0]);
      const lineStart = sourceText.lastIndexOf("\n", end - 1) + 1;
      if (/\n[ \t]*\n/.test(gap) || (gap.includes("\n") && end - lineStart > 120)) p++;
    }
    paragraph.push(p);
  });
  const deontic = /\b(?:should|must|ought to|need to|needs to|have to|has to)\b/i;
  const weight = (s: Unit[], i: number): number => {
    // One sentence (an essay): the first paragraph with a claim sentence states the position, in
    // its major claim, else its claim that says what should be done, else its first claim.
    if (maxSentences === 1) {
      if (!s.some((u) => CLAIM_KINDS.has(u.kind)) || heading(s)) return 0;
      const major = s.some((u) => u.kind === "major-claim") ? 2 : 0;
      const ought = deontic.test(collapse(s.map((u) => u.text).join(" "))) ? 1 : 0;
      return (
        (sentences.length - paragraph[i]!) * 10 +
        major +
        ought +
        (sentences.length - i) / (sentences.length + 1)
      );
    }
    let w = 0;
    for (const u of s) {
      if (u.id === thesis.id) w = Math.max(w, 10);
      else if (u.kind === "major-claim") w = Math.max(w, 2 + u.confidence);
      else if (u.kind === "claim") w = Math.max(w, 1 + u.confidence);
      else if (u.kind === "premise") w = Math.max(w, 0.5 * u.confidence);
    }
    return w;
  };
  const ranked = sentences
    .map((s, i) => ({ i, w: weight(s, i) }))
    .filter((x) => x.w > 0 && standing[x.i] !== undefined)
    .sort((a, b) => b.w - a.w || a.i - b.i);
  let chosen: number[] = [];
  let total = 0;
  for (const { i } of ranked) {
    if (chosen.length === maxSentences) break;
    const n = countWords(standing[i]!);
    if (chosen.length > 0 && total + n > maxWords) continue;
    // A merged sentence already holds its predecessor: never show a sentence twice.
    chosen.push(i);
    total += n;
  }
  if (chosen.length === 0) {
    const any = standing.findIndex(
      (t, i) => t !== undefined && t === texts[i] && !/\?\s*["')\]”’]*$/u.test(t),
    );
    if (any >= 0) chosen = [any];
  }
  if (chosen.length === 0) {
    const ti = sentences.findIndex((s) => s.some((u) => u.id === thesis.id));
    return cutWords(texts[Math.max(0, ti)] ?? collapse(thesis.text), maxWords);
  }
  chosen.sort((a, b) => a - b);
  // A sentence that took its predecessor along shows only itself when the predecessor is shown too.
  const raw = (i: number) => collapse(sentences[i]!.map((u) => u.text).join(" "));
  const out: string[] = [];
  chosen.forEach((i, k) => {
    const merged = standing[i] !== texts[i];
    if (!merged) out.push(standing[i]!);
    else if (k > 0 && chosen[k - 1] === i - 1) out.push(raw(i));
    else if (chosen[k + 1] === undefined || !out.includes(texts[i - 1]!)) out.push(standing[i]!);
  });
  if (out.length === 1 && countWords(out[0]!) > maxWords) return cutWords(out[0]!, maxWords);
  return out.join(" ");
}

/** Units by id and by post, for `argumentStats`. */
export interface UnitLookup {
  byId: ReadonlyMap<string, Unit>;
  byPost: ReadonlyMap<string, readonly Unit[]>;
}

export function indexUnits(units: readonly Unit[]): UnitLookup {
  const byId = new Map<string, Unit>();
  const byPost = new Map<string, Unit[]>();
  for (const u of units) {
    byId.set(u.id, u);
    push(byPost, u.postId, u);
  }
  return { byId, byPost };
}

/** Figures shown on a card and used for ranking. */
export interface ArgumentStats {
  posts: number;
  supports: number;
  attacks: number;
  evidence: number;
}

/**
 * Count an argument's posts, supporting claims, objections and evidence. Evidence is every unit
 * listed as a claim's evidence, every evidence-kind claim, and the evidence units of the thesis post.
 */
export function argumentStats(argument: Argument, units: UnitLookup): ArgumentStats {
  const evidence = new Set<string>();
  for (const c of argument.claims) {
    for (const e of c.evidence) evidence.add(e);
    if (units.byId.get(c.unitId)?.kind === "evidence") evidence.add(c.unitId);
  }
  const thesisPost = units.byId.get(argument.thesis)?.postId;
  if (thesisPost !== undefined) {
    for (const u of units.byPost.get(thesisPost) ?? []) if (u.kind === "evidence") evidence.add(u.id);
  }
  return {
    posts: argument.postIds.length,
    supports: argument.claims.length,
    attacks: argument.objections.length,
    evidence: evidence.size,
  };
}

/** How much of the discussion engages with an argument (inputs of `scoreArgument`). */
export interface Engagement {
  /** Posts in the argument's reply subtree besides the thesis post. */
  replies: number;
  /** Distinct named authors in the subtree (0 when the source names none). */
  authors: number;
  /** Posts outside the argument quoting one of its posts (a quoting reply inside it is a reply already). */
  quotes: number;
}

/**
 * Ranking score of an argument: how much of the discussion engages with it, then how contested
 * and how well evidenced it is.
 *
 *   score = 2·log2(1 + replies) + log2(1 + max(0, authors − 1)) + 0.5·log2(1 + quotes)
 *         + contested + 0.25·log2(1 + evidence) + 0.5·confidence + 0.25·[major claim]
 *
 * where contested = 0.5·log2(1 + attacks) + min(supports, attacks) / max(supports, attacks) ·
 * log2(1 + min(supports, attacks)): objections raised count on their own (a thesis that draws nine
 * objections is argued about even when nobody backs it), and more when both sides argue.
 * Arguments are sorted engaged first (at least one reply or
 * quote), then by score: a one-post aside nobody answered never outranks a claim others argue
 * about, whatever its length or evidence. Cards add key point prevalence (see `toCards`).
 */
export function scoreArgument(stats: ArgumentStats, engagement: Engagement, thesis: Unit): number {
  const { supports: s, attacks: a } = stats;
  const both = Math.min(s, a);
  const contested = 0.5 * Math.log2(1 + a) + (both > 0 ? (both / Math.max(s, a)) * Math.log2(1 + both) : 0);
  const score =
    2 * Math.log2(1 + engagement.replies) +
    Math.log2(1 + Math.max(0, engagement.authors - 1)) +
    0.5 * Math.log2(1 + engagement.quotes) +
    contested +
    0.25 * Math.log2(1 + stats.evidence) +
    0.5 * thesis.confidence +
    (thesis.kind === "major-claim" ? 0.25 : 0);
  return Math.round(score * 1e6) / 1e6;
}

/** Whether anyone engaged with the argument: a reply or a quote. */
export function isEngaged(engagement: Engagement): boolean {
  return engagement.replies > 0 || engagement.quotes > 0;
}

class Index {
  readonly posts = new Map<string, PostInfo>();
  readonly units = new Map<string, Unit>();
  /** Post-level relations by their `from` post. */
  readonly postRelations = new Map<string, Relation[]>();
  /** Unit-level support/attack relations by `from` and by `to` unit. */
  readonly unitFrom = new Map<string, Relation[]>();
  readonly unitTo = new Map<string, Relation[]>();
  /** Summed unit-level support/attack confidence between two posts, keyed `child\0parent`. */
  readonly pairSignals = new Map<string, { support: number; attack: number }>();

  constructor(input: AssembleInput) {
    input.sources.forEach((source, sourceIndex) => {
      for (const post of source.posts) this.posts.set(post.id, { post, source, sourceIndex, units: [] });
    });
    for (const u of input.units) {
      this.units.set(u.id, u);
      this.posts.get(u.postId)?.units.push(u);
    }
    for (const info of this.posts.values()) info.units.sort((a, b) => a.span[0] - b.span[0]);
    for (const r of input.relations) {
      if (r.level === "post") {
        push(this.postRelations, r.from, r);
      } else if (r.kind === "support" || r.kind === "attack") {
        push(this.unitFrom, r.from, r);
        push(this.unitTo, r.to, r);
        const a = this.units.get(r.from);
        const b = this.units.get(r.to);
        if (a && b && a.postId !== b.postId) {
          const key = `${a.postId}\0${b.postId}`;
          const sig = this.pairSignals.get(key) ?? { support: 0, attack: 0 };
          sig[r.kind] += r.confidence;
          this.pairSignals.set(key, sig);
        }
      }
    }
  }

  /** Stance of `child` towards `parent` from signals: +1 support, -1 attack, undefined when silent. */
  signalStance(child: string, parent: string): Polarity | undefined {
    let best: Relation | undefined;
    for (const r of this.postRelations.get(child) ?? []) {
      if (r.to !== parent || (r.kind !== "support" && r.kind !== "attack")) continue;
      if (!best || r.confidence > best.confidence) best = r;
    }
    if (best) return best.kind === "support" ? 1 : -1;
    const sig = this.pairSignals.get(`${child}\0${parent}`);
    if (sig && (sig.support > 0 || sig.attack > 0)) return sig.attack > sig.support ? -1 : 1;
    return undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Choose each post's parent (a forest: links that would close a cycle are skipped). */
function chooseParents(index: Index, ordered: readonly PostInfo[], explicitAt: number): Map<string, Link> {
  const parents = new Map<string, Link>();
  // Union-find over tree roots: a post without a parent is a root, so linking it under `parent`
  // closes a cycle exactly when `parent` already hangs below it.
  const up = new Map<string, string>();
  const rootOf = (id: string): string => {
    let at = id;
    while (up.has(at)) at = up.get(at)!;
    for (let x = id; x !== at;) {
      const next = up.get(x)!;
      up.set(x, at);
      x = next;
    }
    return at;
  };
  const createsCycle = (child: string, parent: string): boolean => rootOf(parent) === child;
  for (const info of ordered) {
    const id = info.post.id;
    const candidates: Link[] = [];
    const weak = new Set<string>();
    for (const r of index.postRelations.get(id) ?? []) {
      if (r.to === id || !index.posts.has(r.to)) continue;
      if (r.kind === "quote") candidates.push({ parent: r.to, kind: "explicit", confidence: r.confidence });
      else if (r.kind === "reply") {
        if (r.confidence >= explicitAt)
          candidates.push({ parent: r.to, kind: "explicit", confidence: r.confidence });
        else {
          weak.add(r.to);
          if (index.signalStance(id, r.to) !== undefined)
            candidates.push({ parent: r.to, kind: "signal", confidence: r.confidence });
        }
      } else if (r.kind === "support" || r.kind === "attack") {
        candidates.push({ parent: r.to, kind: "signal", confidence: r.confidence });
      }
    }
    const pid = info.post.parentId;
    if (pid !== undefined && pid !== id && index.posts.has(pid) && !weak.has(pid)) {
      candidates.push({ parent: pid, kind: "explicit", confidence: 1 });
    }
    candidates.sort((a, b) => {
      const ka = a.kind === "explicit" ? 1 : 0;
      const kb = b.kind === "explicit" ? 1 : 0;
      if (ka !== kb) return kb - ka;
      if (a.confidence !== b.confidence) return b.confidence - a.confidence;
      return comparePosts(index.posts.get(b.parent)!, index.posts.get(a.parent)!);
    });
    const chosen = candidates.find((c) => !createsCycle(id, c.parent));
    if (chosen) {
      parents.set(id, chosen);
      up.set(id, rootOf(chosen.parent));
    }
  }
  return parents;
}

/** Whether `id` is `start` or one of its ancestors (guarded against cycles). */
function hangsBelow(parents: ReadonlyMap<string, Link>, start: string, id: string): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = start; at !== undefined && !seen.has(at); at = parents.get(at)?.parent) {
    if (at === id) return true;
    seen.add(at);
  }
  return false;
}

/** In essays, attach unlinked paragraphs to the nearest preceding paragraph with a major claim. */
function attachEssayParagraphs(index: Index, input: AssembleInput, parents: Map<string, Link>): void {
  for (const source of input.sources) {
    if (!DOCUMENT_FORMATS.has(source.format)) continue;
    const infos = source.posts.map((p) => index.posts.get(p.id)!);
    if (infos.some((i) => parents.get(i.post.id)?.kind === "explicit")) continue;
    let seeds = infos.filter((i) => i.units.some((u) => u.kind === "major-claim"));
    if (seeds.length === 0) seeds = infos.filter((i) => i.units.some(isClaim)).slice(0, 1);
    if (seeds.length === 0) continue;
    const seedIds = new Set(seeds.map((s) => s.post.id));
    let current = seeds[0]!.post.id;
    for (const info of infos) {
      const id = info.post.id;
      if (seedIds.has(id)) {
        current = id;
        continue;
      }
      if (!parents.has(id) && !hangsBelow(parents, current, id)) {
        parents.set(id, { parent: current, kind: "essay", confidence: 0.5 });
      }
    }
  }
}

interface Builder {
  thesis: Unit;
  thesisPost: PostInfo;
  claims: ArgumentClaim[];
  /** Claim entries by the post they come from. */
  claimsByPost: Map<string, ArgumentClaim[]>;
  objections: Objection[];
  objectionsByPost: Map<string, Objection[]>;
  postIds: string[];
  used: Set<string>;
  /** Side of each placed post toward the thesis. */
  sides: Map<string, Polarity>;
  /** Units of posts that concede (shown as concessions). */
  concessions: string[];
}

/**
 * The nearest anchor (claim or thesis) of a post to a unit starting at `start`: the last one that
 * starts at or before it, else the first. Anchors in span order are searched by bisection (an
 * essay read as one post has thousands of claims, and a scan per unit was quadratic).
 */
export function nearestAnchor(anchors: readonly Unit[], start: number, sorted: boolean): Unit | undefined {
  if (!sorted) {
    let nearest: Unit | undefined;
    for (const a of anchors) {
      if (a.span[0] <= start) nearest = a;
      else if (!nearest) nearest = a;
    }
    return nearest;
  }
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid]!.span[0] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? anchors[lo - 1] : anchors[0];
}

/** Attach a post's premises/evidence to the claim they support (by relation), else the nearest claim. */
function attachEvidence(
  index: Index,
  info: PostInfo,
  entries: ArgumentClaim[],
  anchors: Unit[],
  b: Builder,
): void {
  const byUnit = new Map(entries.map((e) => [e.unitId, e]));
  const sorted = anchors.every((a, i) => i === 0 || anchors[i - 1]!.span[0] <= a.span[0]);
  for (const u of info.units) {
    if (!isSupport(u) || b.used.has(u.id)) continue;
    let target: ArgumentClaim | undefined;
    let linkedToThesis = false;
    for (const r of index.unitFrom.get(u.id) ?? []) {
      if (r.kind !== "support") continue;
      if (byUnit.has(r.to)) {
        target = byUnit.get(r.to);
        break;
      }
      if (r.to === b.thesis.id) linkedToThesis = true;
    }
    if (!target && !linkedToThesis) {
      const nearest = nearestAnchor(anchors, u.span[0], sorted);
      if (nearest) target = byUnit.get(nearest.id);
    }
    if (target) {
      target.evidence.push(u.id);
      b.used.add(u.id);
    }
  }
}

function addClaims(index: Index, info: PostInfo, units: Unit[], b: Builder, anchors: Unit[]): void {
  const entries: ArgumentClaim[] = [];
  for (const u of units) {
    if (b.used.has(u.id)) continue;
    b.used.add(u.id);
    entries.push({ unitId: u.id, evidence: [] });
  }
  if (entries.length === 0) return;
  pushAll(b.claims, entries);
  const list = b.claimsByPost.get(info.post.id) ?? [];
  pushAll(list, entries);
  b.claimsByPost.set(info.post.id, list);
  attachEvidence(index, info, entries, anchors, b);
}

/** The post's main units: its claims, else its premises and evidence. */
function mainUnits(info: PostInfo): Unit[] {
  const claims = info.units.filter(isClaim);
  return claims.length > 0 ? claims : info.units.filter(isSupport);
}

function pickObjection(index: Index, rebuttal: Unit, child: PostInfo, candidates: Objection[]): Objection {
  for (const r of index.unitFrom.get(rebuttal.id) ?? []) {
    if (r.kind !== "attack") continue;
    const hit = candidates.find((o) => o.unitId === r.to);
    if (hit) return hit;
  }
  for (const q of child.post.quotes) {
    if (!q.targetSpan) continue;
    let best: Objection | undefined;
    let bestOverlap = 0;
    for (const o of candidates) {
      const unit = index.units.get(o.unitId);
      if (!unit || unit.postId !== q.targetPostId) continue;
      const overlap = overlapLength(unit.span, q.targetSpan);
      if (overlap > bestOverlap) {
        best = o;
        bestOverlap = overlap;
      }
    }
    if (best) return best;
  }
  return candidates[0]!;
}

interface Visit {
  info: PostInfo;
  parent: PostInfo | undefined;
  /** Side toward the thesis: +1 pro, -1 con, 0 unknown. */
  polarity: Polarity;
  parentPolarity: Polarity;
  /** The parent's visit (the chain up to the thesis post). */
  up: Visit | undefined;
  /** The post gives up the side its author argued (a delta, "You're right"). */
  concession: boolean;
}

/** How sides are composed along a reply chain (see `sides.ts`). */
interface SideRules {
  stanceOf: (child: string, parent: string) => Polarity;
  /** Authors keep their side and concessions are read (positions mode); off: signs only. */
  authors: boolean;
  /** The post's own words (quoted lines left out), for concession cues. */
  bodyOf: (info: PostInfo) => string;
}

/** The visit of `child` below `parent`: its side composed from the chain and its author. */
function visitBelow(
  parent: Visit,
  child: PostInfo,
  root: PostInfo,
  rules: SideRules,
  authorSide: Polarity,
): Visit {
  const base = { info: child, parent: parent.info, parentPolarity: parent.polarity, up: parent };
  const stance =
    parent.polarity === 0 && !rules.authors ? 0 : rules.stanceOf(child.post.id, parent.info.post.id);
  if (!rules.authors) return { ...base, polarity: (parent.polarity * stance) as Polarity, concession: false };
  const author = child.post.author;
  const { side, concession } = sideOf({
    parentSide: parent.polarity,
    stance,
    byThesisAuthor: author !== undefined && author === root.post.author,
    authorSide,
    conceded: concedes(rules.bodyOf(child)),
  });
  return { ...base, polarity: side, concession };
}

/**
 * The posts of a thread below `root` in depth-first post order, each with its side toward the
 * root's thesis. Iterative (threads can be thousands of posts deep); each author's sides along
 * the current chain are kept on a stack per author, so finding an author's earlier side is O(1).
 */
function sidesBelow(children: ReadonlyMap<string, PostInfo[]>, root: PostInfo, rules: SideRules): Visit[] {
  const out: Visit[] = [];
  const chainSides = new Map<string, Polarity[]>();
  const stack: { visit: Visit; exit: boolean }[] = [
    {
      visit: {
        info: root,
        parent: undefined,
        polarity: 1,
        parentPolarity: 1,
        up: undefined,
        concession: false,
      },
      exit: false,
    },
  ];
  while (stack.length > 0) {
    const { visit: v, exit } = stack.pop()!;
    const author = v.info.post.author;
    const tracked = author !== undefined && v.polarity !== 0;
    if (exit) {
      if (tracked) chainSides.get(author)!.pop();
      continue;
    }
    out.push(v);
    if (tracked) {
      const list = chainSides.get(author) ?? [];
      list.push(v.polarity);
      chainSides.set(author, list);
    }
    stack.push({ visit: v, exit: true });
    const kids = children.get(v.info.post.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i]!;
      const sides = kid.post.author !== undefined ? chainSides.get(kid.post.author) : undefined;
      const authorSide = sides?.[sides.length - 1] ?? 0;
      stack.push({ visit: visitBelow(v, kid, root, rules, authorSide), exit: false });
    }
  }
  return out;
}

/** Place one post's units in the argument; its parent has been placed before it. */
function place(
  index: Index,
  { info, parent, polarity, parentPolarity, concession }: Visit,
  b: Builder,
): void {
  const id = info.post.id;
  b.postIds.push(id);
  if (concession) {
    // Shown as a concession, not as a point of the side it now agrees with.
    for (const u of mainUnits(info)) {
      if (b.used.has(u.id)) continue;
      b.used.add(u.id);
      b.concessions.push(u.id);
    }
    return;
  }
  if (parent === undefined) {
    // The thesis post: its other claims support the thesis; its premises back the nearest claim.
    const others = info.units.filter((u) => isClaim(u) && u.id !== b.thesis.id);
    addClaims(
      index,
      info,
      others,
      b,
      [b.thesis, ...others].sort((x, y) => x.span[0] - y.span[0]),
    );
  } else if (
    polarity === 1 &&
    parentPolarity === -1 &&
    (b.objectionsByPost.get(parent.post.id)?.length ?? 0) > 0
  ) {
    // Attacks an objection: rebuttals.
    const targets = b.objectionsByPost.get(parent.post.id)!;
    for (const u of mainUnits(info)) {
      if (b.used.has(u.id)) continue;
      b.used.add(u.id);
      pickObjection(index, u, info, targets).rebuttals.push(u.id);
    }
  } else if (polarity === 1) {
    const claims = info.units.filter(isClaim);
    const parentClaims = b.claimsByPost.get(parent.post.id);
    if (claims.length === 0 && parent !== b.thesisPost && parentClaims && parentClaims.length > 0) {
      // Reasons without a claim of their own back the parent's claims: the one they support by
      // relation, else the parent's first claim.
      attachEvidence(index, info, parentClaims, [], b);
      for (const u of info.units) {
        if (!isSupport(u) || b.used.has(u.id)) continue;
        parentClaims[0]!.evidence.push(u.id);
        b.used.add(u.id);
      }
    } else {
      addClaims(index, info, mainUnits(info), b, claims);
    }
  } else if (
    polarity === -1 &&
    parentPolarity === -1 &&
    (b.objectionsByPost.get(parent.post.id)?.length ?? 0) > 0
  ) {
    // Agrees with an objection: it backs that objection, it is not an objection of its own.
    b.objectionsByPost.set(id, b.objectionsByPost.get(parent.post.id)!);
  } else if (polarity === -1) {
    const entries: Objection[] = [];
    for (const u of mainUnits(info)) {
      if (b.used.has(u.id)) continue;
      b.used.add(u.id);
      entries.push({ unitId: u.id, rebuttals: [] });
    }
    pushAll(b.objections, entries);
    b.objectionsByPost.set(id, entries);
  }
}

/** Place every post of the root's reply tree in its argument, parents first. */
function walk(
  index: Index,
  children: ReadonlyMap<string, PostInfo[]>,
  root: PostInfo,
  b: Builder,
  rules: SideRules,
): void {
  for (const v of sidesBelow(children, root, rules)) {
    b.sides.set(v.info.post.id, v.polarity);
    place(index, v, b);
  }
}

/** What building one argument needs besides its root: the thread, the rules and the ranking inputs. */
interface BuildContext {
  index: Index;
  lookup: UnitLookup;
  children: ReadonlyMap<string, PostInfo[]>;
  rules: SideRules;
  /** Posts quoting each post (quote relations between posts). */
  quotedBy: ReadonlyMap<string, string[]>;
  maxWords: number;
  by: Argument["by"];
}

interface Built {
  argument: Argument;
  order: PostInfo;
  thesis: Unit;
  engaged: boolean;
}

/** Sort an argument's claims, objections and their units in source order. */
function sortInPlace(index: Index, b: Builder): void {
  // Units in source order, then text order, as one number (offsets stay far below 2^32).
  const unitOrder = (id: string): number => {
    const u = index.units.get(id)!;
    return index.posts.get(u.postId)!.sourceIndex * 2 ** 32 + u.span[0];
  };
  const byPosition = (x: string, y: string): number => unitOrder(x) - unitOrder(y);
  b.claims.sort((x, y) => byPosition(x.unitId, y.unitId));
  for (const c of b.claims) c.evidence.sort(byPosition);
  b.objections.sort((x, y) => byPosition(x.unitId, y.unitId));
  for (const o of b.objections) o.rebuttals.sort(byPosition);
  b.concessions.sort(byPosition);
}

/** The argument seeded by `root` with `thesis`: its reply tree placed by side, scored. */
function buildArgument(c: BuildContext, root: PostInfo, thesis: Unit): Built {
  const { index } = c;
  const b: Builder = {
    thesis,
    thesisPost: root,
    claims: [],
    claimsByPost: new Map(),
    objections: [],
    objectionsByPost: new Map(),
    postIds: [],
    used: new Set([thesis.id]),
    sides: new Map(),
    concessions: [],
  };
  walk(index, c.children, root, b, c.rules);
  // Unit-level attacks on an objection from anywhere in the argument are rebuttals too — from
  // the other side of the objection only (positions mode) or from any post (roots mode).
  const inArgument = new Set(b.postIds);
  for (const o of b.objections) {
    for (const r of index.unitTo.get(o.unitId) ?? []) {
      const from = index.units.get(r.from);
      if (r.kind !== "attack" || !from || b.used.has(from.id) || !inArgument.has(from.postId)) continue;
      if (c.rules.authors && b.sides.get(from.postId) !== 1) continue;
      b.used.add(from.id);
      o.rebuttals.push(from.id);
    }
  }
  sortInPlace(index, b);
  const postInfos = b.postIds.map((p) => index.posts.get(p)!).sort(comparePosts);
  const authors = new Set(postInfos.flatMap((p) => (p.post.author ? [p.post.author] : [])));
  const argument: Argument = {
    id: `a:${thesis.id}`,
    rank: 1,
    score: 0,
    sourceIds: [...new Set(postInfos.map((p) => p.source.id))],
    source: root.source.name,
    thesis: thesis.id,
    summary: summarizeThesis(
      root.units,
      thesis,
      c.maxWords,
      root.source.text,
      DOCUMENT_FORMATS.has(root.source.format) ? 1 : 3,
    ),
    span: thesis.span,
    claims: b.claims,
    objections: b.objections,
    ...(b.concessions.length > 0 ? { concessions: b.concessions } : {}),
    postIds: postInfos.map((p) => p.post.id),
    authorCount: authors.size,
    by: c.by,
  };
  // Quotes from outside the argument: a quoting reply inside it already counts as a reply.
  const quoting = new Set<string>();
  for (const p of argument.postIds)
    for (const r of c.quotedBy.get(p) ?? []) if (!inArgument.has(r)) quoting.add(r);
  const engagement = { replies: argument.postIds.length - 1, authors: authors.size, quotes: quoting.size };
  argument.score = scoreArgument(argumentStats(argument, c.lookup), engagement, thesis);
  return { argument, order: root, thesis, engaged: isEngaged(engagement) };
}

/**
 * Fewest posts in a reply's sub-debate that are not on its side — against it, or of unknown side
 * — for it to head a card of its own. Unknown sides count because the engine's reply stance is
 * often unknown: counting only posts against lost a third of the gold positions of the
 * argmap-dev threads.
 */
export const POSITION_OPPONENTS = 2;

/** Most positions one reply tree gives cards to (besides its root's). */
export const MAX_POSITIONS = 24;

/**
 * The posts below a thread's root that argue a position of their own: a post with a claim (or a
 * reason) whose sub-debate holds at least `POSITION_OPPONENTS` posts not on its side. Sides are
 * the root's (a side toward the root times the post's own side is the side toward the post), so
 * one pass over the tree counts every post's sub-debate: linear in the thread's size.
 */
function positionsBelow(c: BuildContext, root: PostInfo): PostInfo[] {
  const visits = sidesBelow(c.children, root, c.rules);
  const side = new Map(visits.map((v) => [v.info.post.id, v.polarity]));
  // Posts below each post by side toward the root: [pro, con, unknown].
  const below = new Map<string, [number, number, number]>();
  for (let i = visits.length - 1; i >= 0; i--) {
    const id = visits[i]!.info.post.id;
    const t: [number, number, number] = [0, 0, 0];
    for (const k of c.children.get(id) ?? []) {
      const kt = below.get(k.post.id) ?? [0, 0, 0];
      const ks = side.get(k.post.id) ?? 0;
      t[0] += kt[0] + (ks === 1 ? 1 : 0);
      t[1] += kt[1] + (ks === -1 ? 1 : 0);
      t[2] += kt[2] + (ks === 0 ? 1 : 0);
    }
    below.set(id, t);
  }
  const out: { info: PostInfo; disputing: number }[] = [];
  for (const v of visits) {
    if (v.info === root || positionThesis(v.info.units) === undefined) continue;
    const [pro, con, unknown] = below.get(v.info.post.id)!;
    // A post of unknown side toward the root: replies by other authors (their side toward it is
    // unknown too), counted up to what a position needs.
    const disputing =
      v.polarity === 1
        ? con + unknown
        : v.polarity === -1
          ? pro + unknown
          : othersBelow(c.children, v.info, POSITION_OPPONENTS);
    if (disputing >= POSITION_OPPONENTS) out.push({ info: v.info, disputing });
  }
  // Each position walks its own sub-debate: a cap keeps a deep chain (where every post is
  // disputed) linear in the thread's size. The most disputed come first; ties keep thread order.
  return out
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => b.disputing - a.disputing || a.i - b.i)
    .slice(0, MAX_POSITIONS)
    .map((x) => x.info);
}

/**
 * Posts below `top` by other authors than its own, counting up to `enough`. In a thread that
 * names no author (flattened thread text) every post below counts, so the same thread gives the
 * same positions whatever form it comes in.
 */
function othersBelow(children: ReadonlyMap<string, PostInfo[]>, top: PostInfo, enough: number): number {
  let n = 0;
  const stack = [...(children.get(top.post.id) ?? [])];
  while (stack.length > 0 && n < enough) {
    const p = stack.pop()!;
    const author = p.post.author;
    if (
      top.post.author === undefined
        ? author === undefined
        : author !== undefined && author !== top.post.author
    )
      n++;
    pushAll(stack, children.get(p.post.id) ?? []);
  }
  return n;
}

/** A position's thesis: its post's thesis, else (a reply arguing from reasons alone) its strongest reason. */
function positionThesis(units: readonly Unit[]): Unit | undefined {
  let best: Unit | undefined;
  for (const u of units) if (isSupport(u) && (!best || u.confidence > best.confidence)) best = u;
  return pickThesis(units) ?? best;
}

/** Sort built arguments engaged first, then by score and position, and number them. */
function rankBuilt(built: Built[]): Argument[] {
  built.sort(
    (x, y) =>
      Number(y.engaged) - Number(x.engaged) ||
      y.argument.score - x.argument.score ||
      comparePosts(x.order, y.order) ||
      x.thesis.span[0] - y.thesis.span[0],
  );
  return built.map((x, i) => ({ ...x.argument, rank: i + 1 }));
}

/**
 * Group units into ranked arguments. Pure: reads its input, reports diagnostics to `ctx`.
 *
 * @example
 * const args = assembleArguments({ sources, segments, units, relations }, collectingContext());
 * args[0]?.thesis; // unit id of the best-ranked argument's thesis
 */
export function assembleArguments(
  input: AssembleInput,
  ctx: StageContext,
  options: AssembleOptions = {},
): Argument[] {
  const explicitAt = options.explicitReplyConfidence ?? 0.6;
  const positions = (options.arguments ?? "positions") === "positions";
  const index = new Index(input);
  const ordered = [...index.posts.values()].sort(comparePosts);
  const parents = chooseParents(index, ordered, explicitAt);
  attachEssayParagraphs(index, input, parents);

  const children = new Map<string, PostInfo[]>();
  const roots: PostInfo[] = [];
  for (const info of ordered) {
    const link = parents.get(info.post.id);
    if (link) push(children, link.parent, info);
    else roots.push(info);
  }
  const bodyOf = (info: PostInfo): string =>
    info.post.bodySpans.map(([a, z]) => info.source.text.slice(a, z)).join("\n");
  const stanceOf = (child: string, parent: string): Polarity => {
    const signal = index.signalStance(child, parent);
    if (parents.get(child)?.kind === "essay") return signal ?? 1;
    if (!positions) return signal ?? 0;
    return replyStanceOf(signal, replySignFromText(bodyOf(index.posts.get(child)!)));
  };
  const quotedBy = new Map<string, string[]>();
  for (const r of input.relations) if (r.kind === "quote" && r.level === "post") push(quotedBy, r.to, r.from);
  const c: BuildContext = {
    index,
    lookup: indexUnits(input.units),
    children,
    rules: {
      stanceOf,
      authors: positions,
      bodyOf,
    },
    quotedBy,
    maxWords: options.summaryWords ?? 80,
    by: provenance(assembleStage, ctx.engine),
  };
  const built: Built[] = [];
  const queue = [...roots];
  for (let q = 0; q < queue.length; q++) {
    const root = queue[q]!;
    const thesis = pickThesis(root.units);
    if (!thesis) {
      pushAll(queue, children.get(root.post.id) ?? []);
      continue;
    }
    built.push(buildArgument(c, root, thesis));
    if (!positions || DOCUMENT_FORMATS.has(root.source.format)) continue;
    for (const p of positionsBelow(c, root)) built.push(buildArgument(c, p, positionThesis(p.units)!));
  }
  const result = rankBuilt(built);
  if (result.length === 0 && input.units.length > 0) {
    ctx.report({
      rule: "assemble/no-arguments",
      stage: assembleStage.name,
      severity: "warning",
      message: "No claim was found in the input, so no argument could be assembled.",
    });
  }
  return result;
}
