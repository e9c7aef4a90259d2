/**
 * Relations v1 of the classic engine: support/attack inside a post from discourse markers, and
 * support/attack of a reply toward its parent from agreement/disagreement openers, concession
 * then contrast, and negation of the parent's words.
 */
import type { Post, Quote, Relation, SourceDoc, Span, StageContext, Unit } from "../../model/index.js";
import { overlapLength, provenance } from "../../model/index.js";
import type { Token } from "../../segment/index.js";
import type { RelateInput } from "../engine.js";
import { normalizeText, phraseSets, type PhraseMatch } from "./lexicon.js";

export const relateStage = { name: "relate", version: "1.0.0" } as const;

const ARGUMENTATIVE = new Set(["major-claim", "claim", "premise", "evidence"]);
const CLAIMS = new Set(["major-claim", "claim"]);
const isArg = (u: Unit) => ARGUMENTATIVE.has(u.kind);
const isClaim = (u: Unit) => CLAIMS.has(u.kind);
const has = (u: Unit, signal: string) => u.signals.includes(signal);

/** Stance of a reply's opening toward what it answers. */
export interface ReplyStance {
  kind: "support" | "attack";
  /** Strength of the evidence for the stance, in [0, 1]. */
  strength: number;
  signals: string[];
}

const noisyOr = (xs: number[]) => 1 - xs.reduce((p, x) => p * (1 - x), 1);

/**
 * The stance of a reply from its first sentences (the text right after the quote, or the start
 * of the post): agreement and disagreement openers, concession then contrast ("That's true … but"),
 * and phrases anywhere in those sentences ("I disagree", "too cynical"). Undefined when nothing fired.
 *
 * @example replyStance(["Sure, but prices went up anyway."])?.kind // "attack"
 */
export function replyStance(texts: readonly string[]): ReplyStance | undefined {
  const first = normalizeText(texts[0] ?? "");
  const second = normalizeText(texts[1] ?? "");
  const both = `${first} ${second}`;
  const attack: number[] = [];
  const support: number[] = [];
  const signals: string[] = [];
  const add = (list: number[], w: number, signal: string) => {
    list.push(w);
    signals.push(signal);
  };

  let conceded = false;
  const concede = phraseSets.concede.findAtStart(first);
  if (concede) {
    const rest = both.slice(concede.end);
    const contrast =
      phraseSets.contrastAnywhere.find(rest)[0] ??
      phraseSets.contrastInitial.findAtStart(second) ??
      contrastAfterComma(rest);
    if (contrast) {
      add(attack, 0.7, `concession:${concede.phrase}…${contrast.phrase}`);
      conceded = true;
    }
  }
  const subordinate = phraseSets.subordinate.findAtStart(first);
  if (!conceded && subordinate) add(attack, 0.45, `concession:${subordinate.phrase}`);

  if (!conceded) {
    const starts: { m: PhraseMatch; list: number[]; w: number; tag: string }[] = [];
    const push = (m: PhraseMatch | undefined, list: number[], w: number, tag: string) => {
      if (m) starts.push({ m, list, w, tag });
    };
    push(phraseSets.disagreeStartStrong.findAtStart(first), attack, 0.8, "disagree");
    push(phraseSets.disagreeStartWeak.findAtStart(first), attack, 0.45, "disagree");
    push(phraseSets.agreeStartStrong.findAtStart(first), support, 0.75, "agree");
    push(phraseSets.agreeStartWeak.findAtStart(first), support, 0.45, "agree");
    // Only the longest opener counts: "absolutely not" is not "absolutely".
    const longest = starts.sort((a, b) => b.m.end - a.m.end || b.w - a.w)[0];
    if (longest) add(longest.list, longest.w, `${longest.tag}:${longest.m.phrase}`);
  }
  for (const m of phraseSets.disagreeAnyStrong.find(both)) add(attack, 0.7, `disagree:${m.phrase}`);
  for (const m of phraseSets.disagreeAnyWeak.find(both)) add(attack, 0.35, `disagree:${m.phrase}`);
  if (!conceded) {
    for (const m of phraseSets.agreeAnyStrong.find(both)) add(support, 0.65, `agree:${m.phrase}`);
    for (const m of phraseSets.agreeAnyWeak.find(both)) add(support, 0.35, `agree:${m.phrase}`);
  }
  return decide(attack, support, [...new Set(signals)]);
}

function contrastAfterComma(text: string): PhraseMatch | undefined {
  for (const m of phraseSets.contrastInitial.find(text))
    if (/[,;:—–-]\s*$/.test(text.slice(0, m.start))) return m;
  return undefined;
}

function decide(attack: number[], support: number[], signals: string[]): ReplyStance | undefined {
  const a = noisyOr(attack);
  const s = noisyOr(support);
  if (a === 0 && s === 0) return undefined;
  if (a >= s) return { kind: "attack", strength: a * (1 - 0.5 * s), signals };
  return { kind: "support", strength: s * (1 - 0.5 * a), signals };
}

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ"]);
const LIGHT = new Set([
  "be",
  "have",
  "do",
  "get",
  "make",
  "go",
  "say",
  "think",
  "know",
  "thing",
  "lot",
  "way",
  "people",
  "just",
  "really",
]);

/**
 * Does a reply sentence restate a parent sentence with the opposite polarity? True when a content
 * word (noun, verb, adjective) occurs in both and is negated in exactly one of them
 * ("X has backfired" / "Definitely hasn't backfired").
 *
 * @example negatesParent(replyTokens, parentTokens) // "backfire"
 */
export function negatesParent(reply: readonly Token[], parent: readonly Token[]): string | undefined {
  const parentPolarity = new Map<string, boolean>();
  for (const t of parent) {
    if (!CONTENT_POS.has(t.pos) || t.lemma.length < 3 || LIGHT.has(t.lemma)) continue;
    parentPolarity.set(t.lemma, (parentPolarity.get(t.lemma) ?? false) || t.negated);
  }
  for (const t of reply) {
    if (!CONTENT_POS.has(t.pos) || !parentPolarity.has(t.lemma)) continue;
    if (t.negated !== parentPolarity.get(t.lemma)) return t.lemma;
  }
  return undefined;
}

/** P(`from` supports `to`) for two units of the same post, from a trained relation classifier. */
export type SupportScorer = (from: Unit, to: Unit, post: readonly Unit[]) => number;

/** Below this probability the classifier's choice is not trusted and proximity decides. */
export const SUPPORT_MODEL_THRESHOLD = 0.35;

interface Ctx {
  support?: SupportScorer | undefined;
  units: readonly Unit[];
  byPost: Map<string, Unit[]>;
  posts: Map<string, { post: Post; source: SourceDoc }>;
  tokens: ReadonlyMap<string, Token[]>;
  by: Relation["by"];
  out: Map<string, Relation>;
}

function emit(c: Ctx, r: Omit<Relation, "id" | "by">): void {
  const id = `r:${r.kind}:${r.from}->${r.to}`;
  const prev = c.out.get(id);
  if (prev && prev.confidence >= r.confidence) return;
  c.out.set(id, {
    id,
    ...r,
    confidence: Math.round(Math.min(1, Math.max(0, r.confidence)) * 1000) / 1000,
    by: c.by,
  });
}

/** Support/attack between units of the same post, from discourse markers and position. */
function relateWithinPost(c: Ctx, units: readonly Unit[]): void {
  const major = units.find((u) => u.kind === "major-claim");
  const linked = new Set<string>();
  const link = (from: Unit, to: Unit, kind: "support" | "attack", confidence: number, signals: string[]) => {
    if (from.id === to.id) return;
    linked.add(from.id);
    emit(c, {
      kind,
      level: "unit",
      from: from.id,
      to: to.id,
      confidence,
      sourceId: from.sourceId,
      span: from.span,
      signals,
    });
  };
  const nearest = (i: number, dir: -1 | 1, window: number, pred: (u: Unit) => boolean) => {
    for (let k = i + dir; k >= 0 && k < units.length && Math.abs(k - i) <= window; k += dir)
      if (pred(units[k]!)) return units[k];
    return undefined;
  };

  units.forEach((u, i) => {
    if (!isArg(u)) return;
    const markers = u.signals.filter((s) => s.startsWith("marker:"));
    // A contrast marker opening a segment turns it against the argumentative unit before it.
    if (has(u, "opens:contrast")) {
      const target = nearest(i, -1, 2, isArg);
      if (target) return link(u, target, "attack", 0.45, ["opens:contrast", ...markers]);
    }
    // "so / therefore Y": what precedes backs Y.
    if (isClaim(u) && has(u, "opens:conclusion")) {
      const prev = nearest(i, -1, 1, isArg);
      if (prev && !linked.has(prev.id)) link(prev, u, "support", 0.6, ["opens:conclusion", ...markers]);
    }
    if (u.kind !== "premise" && u.kind !== "evidence") return;
    if (linked.has(u.id)) return;
    const next = units[i + 1];
    if (next && isArg(next) && has(next, "opens:conclusion"))
      return link(u, next, "support", 0.6, ["next:conclusion"]);
    if (has(u, "opens:reason") || has(u, "opens:example") || has(u, "opens:addition")) {
      const target = nearest(i, -1, 4, isClaim) ?? nearest(i, -1, 2, isArg);
      if (target) return link(u, target, "support", 0.65, markers.length ? markers : ["opens:reason"]);
    }
    if (has(u, "opens:forward-reason")) {
      const target = nearest(i, 1, 3, isClaim);
      if (target) return link(u, target, "support", 0.6, markers);
    }
    // No marker says which claim this backs: the relation classifier picks among the nearby
    // claims (and the thesis); plain proximity is the fallback when it is unsure.
    if (c.support) {
      const candidates = units.filter(
        (v, k) => v !== u && (v === major || (isClaim(v) && k >= i - 3 && k <= i + 2)),
      );
      let best: { unit: Unit; p: number } | undefined;
      for (const v of candidates) {
        const p = c.support(u, v, units);
        if (!best || p > best.p) best = { unit: v, p };
      }
      if (best && best.p >= SUPPORT_MODEL_THRESHOLD)
        return link(u, best.unit, "support", Math.round(best.p * 1000) / 1000, ["relation-model"]);
    }
    const target = nearest(i, -1, 3, isClaim) ?? nearest(i, 1, 2, isClaim) ?? major;
    if (target) link(u, target, "support", 0.4, ["proximity"]);
  });
  // Claims of a post with a thesis back the thesis, weakly, unless something else links them.
  if (major)
    for (const u of units)
      if (u.kind === "claim" && !linked.has(u.id)) link(u, major, "support", 0.3, ["same-post"]);
}

/** The unit of `parent` a reply is about: the quoted one, else the parent's main claim. */
function targetUnit(parentUnits: readonly Unit[], targetSpan: Span | undefined): Unit | undefined {
  if (targetSpan) {
    let best: Unit | undefined;
    let bestScore = 0;
    for (const u of parentUnits) {
      const o = overlapLength(u.span, targetSpan);
      const score = o > 0 ? o + (isArg(u) ? 1e6 : 0) : 0;
      if (score > bestScore) [best, bestScore] = [u, score];
    }
    if (best) return best;
  }
  return (
    parentUnits.find((u) => u.kind === "major-claim") ??
    parentUnits.find((u) => u.kind === "claim") ??
    parentUnits.find(isArg) ??
    parentUnits[0]
  );
}

/** Support/attack of a reply toward its parent, at post and unit level. */
function relateReply(
  c: Ctx,
  fromPost: string,
  toPost: string,
  structConfidence: number,
  quotes: readonly Quote[],
): void {
  const replyUnits = c.byPost.get(fromPost) ?? [];
  const parentUnits = c.byPost.get(toPost) ?? [];
  if (replyUnits.length === 0 || parentUnits.length === 0) return;
  const regions: { units: Unit[]; quote?: Quote }[] =
    quotes.length > 0
      ? quotes.map((q) => ({ units: replyUnits.filter((u) => u.span[0] >= q.span[1]), quote: q }))
      : [{ units: replyUnits }];
  const factor = 0.5 + 0.5 * structConfidence;
  let bestPost: { kind: "support" | "attack"; confidence: number; signals: string[]; span: Span } | undefined;

  for (const region of regions) {
    const opening = region.units.slice(0, 2);
    if (opening.length === 0) continue;
    const stance = replyStance(opening.map((u) => u.text));
    const target = targetUnit(parentUnits, region.quote?.targetSpan);
    const attack =
      stance?.kind !== "support"
        ? negationAgainst(c, opening, region.quote ? [target] : parentUnits.filter(isClaim).slice(0, 4))
        : undefined;
    let kind: "support" | "attack";
    let strength: number;
    let signals: string[];
    if (stance && attack)
      [kind, strength, signals] = [
        "attack",
        noisyOr([stance.strength, 0.55]),
        [...stance.signals, `negates-parent:${attack}`],
      ];
    else if (stance) [kind, strength, signals] = [stance.kind, stance.strength, stance.signals];
    else if (attack) [kind, strength, signals] = ["attack", 0.55, [`negates-parent:${attack}`]];
    else continue;
    const confidence = strength * factor;
    const from = region.units.slice(0, 3).find(isArg) ?? opening[0]!;
    const sourceId = from.sourceId;
    if (target)
      emit(c, {
        kind,
        level: "unit",
        from: from.id,
        to: target.id,
        confidence,
        sourceId,
        span: opening[0]!.span,
        signals,
      });
    if (!bestPost || confidence > bestPost.confidence)
      bestPost = {
        kind,
        confidence,
        signals,
        span: [opening[0]!.span[0], opening[opening.length - 1]!.span[1]],
      };
  }
  if (bestPost) {
    const sourceId = c.posts.get(fromPost)?.source.id ?? replyUnits[0]!.sourceId;
    emit(c, {
      kind: bestPost.kind,
      level: "post",
      from: fromPost,
      to: toPost,
      confidence: bestPost.confidence,
      sourceId,
      span: bestPost.span,
      signals: bestPost.signals,
    });
  }
}

function negationAgainst(
  c: Ctx,
  opening: readonly Unit[],
  targets: readonly (Unit | undefined)[],
): string | undefined {
  for (const u of opening) {
    const rt = c.tokens.get(u.segmentId) ?? [];
    for (const t of targets) {
      if (!t) continue;
      const hit = negatesParent(rt, c.tokens.get(t.segmentId) ?? []);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * All support/attack relations of the classic engine: within each post from discourse markers,
 * and for every reply (quote, parent or adjacency in `structure`) toward its parent from the
 * reply's opening. Replies with no signal get no relation here (the structural `reply` stays).
 *
 * @example relateUnits({ sources, segments, tokens, units, structure }, ctx)
 */
export function relateUnits(input: RelateInput, ctx: StageContext, support?: SupportScorer): Relation[] {
  const byPost = new Map<string, Unit[]>();
  for (const u of input.units) {
    const list = byPost.get(u.postId);
    if (list) list.push(u);
    else byPost.set(u.postId, [u]);
  }
  const posts = new Map<string, { post: Post; source: SourceDoc }>();
  for (const source of input.sources) for (const post of source.posts) posts.set(post.id, { post, source });
  const c: Ctx = {
    support,
    units: input.units,
    byPost,
    posts,
    tokens: input.tokens,
    by: provenance(relateStage, ctx.engine),
    out: new Map(),
  };

  for (const units of byPost.values()) relateWithinPost(c, units);

  // One decision per (reply, parent) pair, using every quote of that parent in the reply.
  const pairs = new Map<string, { from: string; to: string; confidence: number }>();
  for (const r of input.structure) {
    if (r.level !== "post" || (r.kind !== "reply" && r.kind !== "quote")) continue;
    const key = `${r.from}\u0000${r.to}`;
    const prev = pairs.get(key);
    pairs.set(key, { from: r.from, to: r.to, confidence: Math.max(prev?.confidence ?? 0, r.confidence) });
  }
  for (const { from, to, confidence } of pairs.values()) {
    const quotes = (posts.get(from)?.post.quotes ?? []).filter((q) => q.targetPostId === to);
    relateReply(c, from, to, confidence, quotes);
  }
  return [...c.out.values()];
}
