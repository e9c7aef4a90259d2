/**
 * Relations v1 of the classic engine: support/attack inside a post from discourse markers, and
 * support/attack of a reply toward its parent from agreement/disagreement openers, concession
 * then contrast, and negation of the parent's words.
 */
import type { Post, Quote, Relation, SourceDoc, Span, StageContext, Unit } from "../../model/index.js";
import { overlapLength, provenance } from "../../model/index.js";
import type { Token } from "../../segment/index.js";
import type { RelateInput } from "../engine.js";
import { normalizeText, phraseSets, type PhraseMatch } from "../../lexicons/index.js";
import { decodeForest, decodeParagraph, type ParagraphRole, type ScoredLink } from "./structure.js";

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

/** Stance of a reply's opening units toward the parent unit they answer, from a trained classifier. */
export type StanceScorer = (
  parent: Unit | undefined,
  opening: readonly Unit[],
) => { kind: "support" | "attack" | "none"; p: number } | undefined;

/** Which within-post linker runs (see `ClassicEngineOptions.structure`). */
export type StructureVersion = "v1" | "v2";

interface Ctx {
  structure: StructureVersion;
  support?: SupportScorer | undefined;
  stance?: StanceScorer | undefined;
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

/** Weights of the within-post link score (chosen on `argmap eval relations` over CDCP and web discourse). */
export const STRUCTURE_WEIGHTS = {
  /** Source's predecessor in the paragraph (the strongest single cue in essays and comments). */
  previous: 0.3,
  /** The target a discourse marker of the source points to. */
  marker: 0.45,
  /** Premise/evidence → claim. */
  toClaim: 0.1,
  /** Claim → claim of the same paragraph (weaker). */
  claimToClaim: -0.05,
  /** Links kept at or above this score. */
  threshold: 0.45,
} as const;

const isReason = (u: Unit) =>
  has(u, "opens:reason") || has(u, "opens:example") || has(u, "opens:addition") || has(u, "opens:evidence");

/** Sequence markers and the like that may precede a counter-claim cue ("Finally, some fear that …"). */
const COUNTER_CLAIM_LEAD =
  /^(?:(?:first|firstly|second|secondly|third|thirdly|finally|lastly|of course|admittedly|on the other hand|in contrast|now|yet|still|however)\s*,?\s*)+/;

/** Whether a unit opens by stating the other side: "Some people argue that …", "Critics say that …". */
function opensCounterClaim(u: Unit): boolean {
  const text = normalizeText(u.text).replace(COUNTER_CLAIM_LEAD, "");
  return phraseSets.counterClaim.findAtStart(text) !== undefined;
}

/** The unit a discourse marker of `units[i]` points to, and the link kind, if any. */
function markerTarget(
  units: readonly Unit[],
  i: number,
): { to: number; kind: "support" | "attack"; signal: string } | undefined {
  const u = units[i]!;
  const back = (pred: (v: Unit) => boolean, window: number) => {
    for (let k = i - 1; k >= 0 && i - k <= window; k--) if (pred(units[k]!)) return k;
    return -1;
  };
  if (has(u, "opens:contrast") && i > 0) return { to: i - 1, kind: "attack", signal: "opens:contrast" };
  const next = units[i + 1];
  if (next && has(next, "opens:conclusion")) return { to: i + 1, kind: "support", signal: "next:conclusion" };
  if (u.kind !== "premise" && u.kind !== "evidence" && !isReason(u)) return undefined;
  if (isReason(u)) {
    const k = back(isClaim, 4);
    if (k >= 0) return { to: k, kind: "support", signal: "opens:reason" };
    if (i > 0) return { to: i - 1, kind: "support", signal: "opens:reason" };
  }
  if (has(u, "opens:forward-reason")) {
    for (let k = i + 1; k < units.length && k - i <= 3; k++)
      if (isClaim(units[k]!)) return { to: k, kind: "support", signal: "opens:forward-reason" };
  }
  return undefined;
}

/**
 * Structure of one paragraph (argumentative units in text order): every candidate link gets a
 * score — the relation classifier's P(link), plus the predecessor, discourse-marker and unit-kind
 * priors — and a forest is decoded (each unit at most one outgoing link, no cycles).
 */
function relateParagraph(c: Ctx, units: readonly Unit[], post: readonly Unit[]): Set<string> {
  const W = STRUCTURE_WEIGHTS;
  const scored: (ScoredLink & { kind: "support" | "attack"; signals: string[] })[] = [];
  units.forEach((u, i) => {
    const marked = markerTarget(units, i);
    units.forEach((v, j) => {
      if (i === j) return;
      const signals: string[] = [];
      let p = 0;
      let kind: "support" | "attack" = "support";
      if (c.support) {
        const m = c.support(u, v, post);
        p += m;
        if (m >= SUPPORT_MODEL_THRESHOLD) signals.push("relation-model");
      }
      if (j === i - 1) {
        p += W.previous;
        signals.push("previous");
      }
      if (marked?.to === j) {
        p += W.marker;
        kind = marked.kind;
        signals.push(marked.signal, ...u.signals.filter((s) => s.startsWith("marker:")));
      }
      if (isClaim(v) && !isClaim(u)) p += W.toClaim;
      if (isClaim(v) && isClaim(u) && v.kind !== "major-claim") p += W.claimToClaim;
      // A claim opened by "so / therefore" is what the unit before it backs, not a source.
      if (has(u, "opens:conclusion") && j === i - 1) p -= W.previous;
      if (v.kind === "major-claim" && u.kind !== "major-claim") p += W.toClaim;
      scored.push({ from: i, to: j, p, kind, signals: signals.length ? signals : ["structure"] });
    });
  });
  const linked = new Set<string>();
  for (const l of decodeForest(units.length, scored, W.threshold)) {
    const s = scored.find((x) => x.from === l.from && x.to === l.to)!;
    const from = units[l.from]!;
    linked.add(from.id);
    emit(c, {
      kind: s.kind,
      level: "unit",
      from: from.id,
      to: units[l.to]!.id,
      confidence: Math.min(0.95, 0.3 + 0.5 * Math.min(1, l.p)),
      sourceId: from.sourceId,
      span: from.span,
      signals: s.signals,
    });
  }
  return linked;
}

/**
 * Support/attack between units of the same post: the structure of each paragraph, then (in a
 * multi-paragraph post or essay) each paragraph's unlinked claim backs the thesis.
 */
function relateWithinPost(c: Ctx, units: readonly Unit[], text: string): void {
  const args = units.filter(isArg);
  if (args.length === 0) return;
  const paragraphs: Unit[][] = [];
  for (const u of args) {
    const prev = paragraphs[paragraphs.length - 1]?.at(-1);
    if (!prev || /\n[^\S\n]*\n/.test(text.slice(prev.span[1], u.span[0]))) paragraphs.push([u]);
    else paragraphs[paragraphs.length - 1]!.push(u);
  }
  const major = args.find((u) => u.kind === "major-claim");
  for (const par of paragraphs) {
    const linked = relateParagraph(c, par, units);
    if (!major || par.includes(major)) continue;
    // A paragraph that states the other side ("Some people argue that …") attacks the thesis there.
    const counter = par.find((u) => !linked.has(u.id) && opensCounterClaim(u));
    if (counter) {
      emit(c, {
        kind: "attack",
        level: "unit",
        from: counter.id,
        to: major.id,
        confidence: 0.5,
        sourceId: counter.sourceId,
        span: counter.span,
        signals: ["counter-claim→thesis"],
      });
      continue;
    }
    const root = par.find((u) => isClaim(u) && !linked.has(u.id));
    if (root)
      emit(c, {
        kind: "support",
        level: "unit",
        from: root.id,
        to: major.id,
        confidence: 0.4,
        sourceId: root.sourceId,
        span: root.span,
        signals: ["paragraph-claim→thesis"],
      });
  }
}

/** A concession that opens a unit: "Of course, …", "Admittedly …", "It is true that …", "Although …". */
export function opensConcession(text: string): boolean {
  const t = normalizeText(text).replace(COUNTER_CLAIM_LEAD_SEQUENCE, "");
  if (phraseSets.subordinate.findAtStart(t)) return true;
  const m = phraseSets.concede.findAtStart(t);
  // "Of course, …" / "It is true that …", not "True love …" or "Sure thing".
  return m !== undefined && /^\s*(?:,|that\b)/.test(t.slice(m.end));
}

/** Sequence markers that may precede a concession ("Secondly, of course, …"). */
const COUNTER_CLAIM_LEAD_SEQUENCE =
  /^(?:(?:first|firstly|second|secondly|third|thirdly|finally|lastly|now)\s*,?\s*)+/;

/** The decoder's view of a unit (`ParagraphRole`) from its kind and its opener signals. */
export function paragraphRole(u: Unit): ParagraphRole {
  return {
    // A "Thus / Therefore …" sentence is what its paragraph concludes, whatever its unit kind.
    claim: u.kind === "claim" || (u.kind !== "major-claim" && has(u, "opens:conclusion")),
    thesis: u.kind === "major-claim",
    conclusion: has(u, "opens:conclusion"),
    contrast: has(u, "opens:contrast"),
    counter: opensCounterClaim(u),
    concession: opensConcession(u.text),
    example: has(u, "opens:example"),
  };
}

/** Opens a closing paragraph that sums up ("In conclusion, …", "To sum up, …"). */
const SUMMARY_OPENER =
  /^\W*(?:in conclusion|to conclude|in summary|to sum up|to summari[sz]e|all in all|in short)\b/i;

/**
 * Argumentative units of a post grouped by paragraph, in text order: a new paragraph starts at a
 * new body span of the reader (which splits single-newline paragraphs) or after a blank line.
 */
function paragraphsOf(units: readonly Unit[], post: Post | undefined, text: string): Unit[][] {
  const spans = post?.bodySpans ?? [];
  const out: Unit[][] = [];
  let lastSpan = -2;
  let prev: Unit | undefined;
  for (const u of [...units].sort((a, b) => a.span[0] - b.span[0])) {
    const k = spans.findIndex((s) => s[0] <= u.span[0] && u.span[0] < s[1]);
    const blank = prev !== undefined && /\n[^\S\n]*\n/.test(text.slice(prev.span[1], u.span[0]));
    if (!prev || k !== lastSpan || blank) out.push([u]);
    else out[out.length - 1]!.push(u);
    lastSpan = k;
    prev = u;
  }
  return out;
}

/** Paragraphs that make an essay or article: an introduction, two body paragraphs and a conclusion. */
export const ESSAY_MIN_PARAGRAPHS = 4;

/**
 * Whether a post is decoded paragraph by paragraph (`relateWithinPostByParagraph`): a post of a
 * thread (replies are short and built around their one claim), or a composed essay — a thesis and
 * at least `ESSAY_MIN_PARAGRAPHS` paragraphs with argumentative units. A single comment of up to
 * three paragraphs (CDCP, web discourse) keeps the trained linker, whose scores fit it better.
 */
function readsAsComposed(units: readonly Unit[], post: Post, source: SourceDoc, text: string): boolean {
  if (source.posts.length > 1) return true;
  const args = units.filter(isArg);
  if (!args.some((u) => u.kind === "major-claim")) return false;
  return paragraphsOf(args, post, text).length >= ESSAY_MIN_PARAGRAPHS;
}

/**
 * Support/attack between units of the same post (structure v2): each paragraph of the reader is
 * decoded by `decodeParagraph` (claims → thesis, premises → their claim, the other side attacked
 * back); a premise left without a claim in its paragraph (a bullet, a one-line paragraph) backs
 * the post's thesis, else its first claim.
 */
function relateWithinPostByParagraph(
  c: Ctx,
  units: readonly Unit[],
  post: Post | undefined,
  text: string,
): void {
  const args = units.filter(isArg);
  const thesis = args.find((u) => u.kind === "major-claim");
  const inThread = (c.posts.get(post?.id ?? "")?.source.posts.length ?? 1) > 1;
  const reply = inThread && !thesis;
  const main = thesis ?? (reply ? args[0] : args.find((u) => u.kind === "claim"));
  const linked = new Set<string>();
  const link = (from: Unit, to: Unit, kind: "support" | "attack", rule: string) => {
    if (from === to) return;
    linked.add(from.id);
    emit(c, {
      kind,
      level: "unit",
      from: from.id,
      to: to.id,
      confidence: 0.5,
      sourceId: from.sourceId,
      span: from.span,
      signals: [`structure:${rule}`],
    });
  };
  // Before the thesis comes background; a closing "In conclusion, …" paragraph restates it.
  // A reply is short and built around one claim: it is decoded as one paragraph.
  const paragraphs = reply
    ? [args]
    : paragraphsOf(args, post, text).map((par) =>
        thesis ? par.filter((u) => u.span[0] >= thesis.span[0]) : par,
      );
  for (const par of paragraphs) {
    if (thesis && par.length > 0 && !par.includes(thesis) && SUMMARY_OPENER.test(par[0]!.text)) {
      par.forEach((u) => linked.add(u.id));
      continue;
    }
    // In a thread a concession answers the parent ("Sure, …"): the reply stance reads it, not the paragraph.
    const roles = par.map((u) => {
      const r = paragraphRole(u);
      if (!inThread) return r;
      // A reply leads with its claim: its first argumentative unit; the rest back it.
      return reply ? { ...r, concession: false, claim: u === main } : { ...r, concession: false };
    });
    for (const l of decodeParagraph(roles, thesis !== undefined)) {
      const to = l.to === "thesis" ? thesis : par[l.to];
      if (to) link(par[l.from]!, to, l.kind, l.rule);
    }
  }
  if (!main) return;
  for (const par of paragraphs)
    for (const u of par)
      if (!linked.has(u.id) && (u.kind === "premise" || u.kind === "evidence"))
        link(u, main, "support", "premise→main");
}

const STOP_LEMMAS = new Set([
  "the",
  "a",
  "an",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "for",
  "it",
  "that",
  "this",
]);

/** Content lemmas of a unit (from the segmenter's tokens; lower-cased words when none). */
function lemmaSet(c: Ctx, u: Unit): Set<string> {
  const tokens = c.tokens.get(u.segmentId) ?? [];
  const out = new Set<string>();
  for (const t of tokens)
    if (CONTENT_POS.has(t.pos) && t.lemma.length > 2 && !LIGHT.has(t.lemma)) out.add(t.lemma.toLowerCase());
  if (tokens.length === 0)
    for (const w of u.text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) if (!STOP_LEMMAS.has(w)) out.add(w);
  return out;
}

/** Below this word overlap with the reply's claim, the parent's main claim stays the target. */
export const TARGET_MIN_OVERLAP = 0.12;

/**
 * The unit of `parent` a reply is about: the quoted one when there is a quote, else the parent
 * unit whose content words overlap most with the reply's opening claims (its first three
 * argumentative units; the parent's main claim when no unit overlaps enough, or on ties).
 */
function targetUnit(
  c: Ctx,
  parentUnits: readonly Unit[],
  targetSpan: Span | undefined,
  replyClaim: readonly Unit[],
): Unit | undefined {
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
  const main =
    parentUnits.find((u) => u.kind === "major-claim") ??
    parentUnits.find((u) => u.kind === "claim") ??
    parentUnits.find(isArg) ??
    parentUnits[0];
  const r = new Set(replyClaim.flatMap((u) => [...lemmaSet(c, u)]));
  if (r.size === 0) return main;
  let best = main;
  let bestScore = TARGET_MIN_OVERLAP;
  for (const u of parentUnits) {
    if (!isArg(u)) continue;
    const p = lemmaSet(c, u);
    let inter = 0;
    for (const w of r) if (p.has(w)) inter++;
    const union = r.size + p.size - inter;
    const score = union === 0 ? 0 : inter / union;
    if (score > bestScore) [best, bestScore] = [u, score];
  }
  return best;
}

/** A reply that opens by adding to what it answers ("Even more so …", "On top of that, …") backs it. */
const ADDITIVE_OPENER =
  /^\W*(even more so|even more|on top of that|what'?s more|moreover|furthermore|in addition|additionally|not only that|similarly|likewise|also,|plus,)/i;

/** A trained stance verdict below this probability counts as "neither". */
export const STANCE_MODEL_MIN = 0.55;

/**
 * Content lemmas a reply's opening must share with the parent post for the stance model alone to
 * make it an attack (with fewer, it is not shown to be about the same point).
 */
export const ATTACK_MIN_SHARED = 2;

/**
 * Evidence beyond the stance model that a reply's opening attacks its parent: a disagreement or
 * concession signal, a negation of the parent's words or in the reply's first sentence, a
 * contrast marker ("but", "however"), or
 * at least `ATTACK_MIN_SHARED` content lemmas shared with the parent. The model is trained on
 * claim–perspective pairs that are always on topic; on a terse reply that shifts topic ("Cost vs
 * benefit.") it is confidently wrong, so its attack verdict alone is not trusted.
 */
function attackCorroborated(
  c: Ctx,
  opening: readonly Unit[],
  parentUnits: readonly Unit[],
  stance: ReplyStance | undefined,
  negation: string | undefined,
): boolean {
  if (stance?.kind === "attack" || negation) return true;
  // A negation in the reply's first sentence ("That's a design flaw, not an argument against it").
  if ((c.tokens.get(opening[0]!.segmentId) ?? []).some((t) => t.negated)) return true;
  for (const u of opening) {
    if (has(u, "opens:contrast")) return true;
    if (phraseSets.contrastAnywhere.find(normalizeText(u.text)).length > 0) return true;
  }
  const parent = new Set(parentUnits.flatMap((u) => [...lemmaSet(c, u)]));
  let shared = 0;
  for (const w of new Set(opening.flatMap((u) => [...lemmaSet(c, u)]))) if (parent.has(w)) shared++;
  return shared >= ATTACK_MIN_SHARED;
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
    const replyClaim = region.units.filter(isArg).slice(0, 3);
    const target = targetUnit(c, parentUnits, region.quote?.targetSpan, replyClaim);
    const additive = ADDITIVE_OPENER.exec(opening[0]!.text);
    const attack =
      stance?.kind !== "support"
        ? negationAgainst(c, opening, region.quote ? [target] : parentUnits.filter(isClaim).slice(0, 4))
        : undefined;
    let kind: "support" | "attack";
    let strength: number;
    let signals: string[];
    const model = c.stance?.(target, opening);
    if (stance?.kind === "support" && stance.signals.some((x) => x.startsWith("agree:")))
      // An agreeing reply ("Exactly", "This.", "Agreed, and …") supports; it is never an objection.
      [kind, strength, signals] = ["support", stance.strength, stance.signals];
    else if (additive && stance?.kind !== "attack")
      // Adding to the parent's point is elaboration, not objection.
      [kind, strength, signals] = ["support", 0.55, [`adds-to:${additive[1]!.toLowerCase()}`]];
    else if (
      model &&
      model.kind !== "none" &&
      model.p >= STANCE_MODEL_MIN &&
      (model.kind !== "attack" || attackCorroborated(c, opening, parentUnits, stance, attack))
    )
      [kind, strength, signals] = [
        model.kind,
        model.p,
        [
          `reply-stance-model:${model.kind}`,
          ...(stance?.signals ?? []),
          ...(attack ? [`negates-parent:${attack}`] : []),
        ],
      ];
    else if (stance && attack)
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
export function relateUnits(
  input: RelateInput,
  ctx: StageContext,
  support?: SupportScorer,
  stance?: StanceScorer,
  structure: StructureVersion = "v2",
): Relation[] {
  const byPost = new Map<string, Unit[]>();
  for (const u of input.units) {
    const list = byPost.get(u.postId);
    if (list) list.push(u);
    else byPost.set(u.postId, [u]);
  }
  const posts = new Map<string, { post: Post; source: SourceDoc }>();
  for (const source of input.sources) for (const post of source.posts) posts.set(post.id, { post, source });
  const c: Ctx = {
    structure,
    support,
    stance,
    units: input.units,
    byPost,
    posts,
    tokens: input.tokens,
    by: provenance(relateStage, ctx.engine),
    out: new Map(),
  };

  const texts = new Map(input.sources.map((s) => [s.id, s.text] as const));
  for (const units of byPost.values()) {
    const text = texts.get(units[0]!.sourceId) ?? "";
    const entry = posts.get(units[0]!.postId);
    if (structure === "v2" && entry && readsAsComposed(units, entry.post, entry.source, text))
      relateWithinPostByParagraph(c, units, entry.post, text);
    else relateWithinPost(c, units, text);
  }

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
