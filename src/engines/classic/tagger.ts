/**
 * Heuristic v1 tagger: scores each segment as claim / premise / evidence / none from its signals,
 * turns the scores into a confidence with a softmax, and promotes the strongest claim of a root
 * post (or an essay's introduction and conclusion) to `major-claim`.
 */
import type { Span, UnitKind } from "../../model/index.js";
import { splitClauses, winkSegmenter, type Token } from "../../segment/index.js";
import { maxOf } from "../../util/array.js";
import {
  contentSignals,
  withContext,
  type ContentSignals,
  type Features,
  type SegmentSignals,
  type SignalContext,
} from "./signals.js";

export interface TagResult {
  kind: UnitKind;
  confidence: number;
  signals: string[];
}

export type ScoredKind = "claim" | "premise" | "evidence" | "none";
const KINDS: ScoredKind[] = ["claim", "premise", "evidence", "none"];

/** Neighbouring segments of the same post, which shift the scores (a "because" next door makes this a claim). */
export interface Neighbours {
  prev?: SegmentSignals | undefined;
  next?: SegmentSignals | undefined;
}

const cap = (n: number, max = 1) => Math.min(n, max);

/** Raw scores per kind. Higher is more likely; the scale is that of a logit. */
export function scoreSegment(sig: SegmentSignals, neighbours: Neighbours = {}): Record<ScoredKind, number> {
  const f: Features = sig.features;
  const reasonAtStart = sig.markers.some(
    (m) => (m.role === "reason" || m.role === "forward-reason") && m.atStart,
  );
  const nextReason = neighbours.next?.markers.some((m) => m.role === "reason" && m.atStart) ?? false;
  const nextConclusion = neighbours.next?.markers.some((m) => m.role === "conclusion" && m.atStart) ?? false;
  const prevClaimish = neighbours.prev
    ? neighbours.prev.features.claimStance +
        neighbours.prev.features.deontic +
        neighbours.prev.features.firstPersonStance >
      0
    : false;
  const evaluative = f.evaluativePositive + f.evaluativeNegative;

  let claim =
    0.3 +
    1.2 * cap(f.claimStance) +
    1.0 * cap(f.deontic) +
    1.1 * cap(f.conclusion) +
    1.0 * cap(f.thesis) +
    1.0 * cap(f.firstPersonStance) +
    0.45 * cap(evaluative, 2) +
    0.4 * cap(f.comparatives) +
    0.35 * cap(f.boosters) +
    0.2 * cap(f.hedges) +
    0.4 * cap(f.modalVerb) +
    0.2 * cap(f.negations) +
    0.3 * f.imperative +
    0.7 * f.rhetoricalQuestion +
    0.8 * (nextReason ? 1 : 0) +
    0.3 * f.isFirst * (1 - f.isReply) +
    0.2 * f.lastParagraph -
    0.9 * (reasonAtStart ? 1 : 0) -
    0.4 * cap(f.example) -
    0.3 * cap(f.urls + f.citations + f.footnotes);

  const premise =
    0.35 +
    1.5 * (reasonAtStart ? 1 : 0) +
    0.8 * cap(f.reason) +
    0.5 * cap(f.addition) +
    0.4 * cap(f.example) +
    0.6 * (nextConclusion ? 1 : 0) +
    0.25 * (prevClaimish ? 1 : 0) +
    0.2 * cap(f.numbers) +
    0.25 * cap(f.testimony) +
    0.15 * (1 - f.isFirst) -
    0.4 * cap(f.conclusion) -
    0.3 * cap(f.deontic) -
    0.3 * cap(f.claimStance);

  const evidence =
    -0.6 +
    1.3 * cap(f.evidenceSource) +
    0.7 * cap(f.research, 2) +
    0.9 * cap(f.testimony) +
    1.6 * cap(f.urls) +
    1.2 * cap(f.citations) +
    1.2 * cap(f.footnotes) +
    0.7 * cap(f.percents) +
    0.6 * cap(f.money) +
    0.4 * cap(f.numberRanges) +
    0.3 * cap(f.units) +
    0.3 * cap(f.years) +
    0.2 * cap(f.numbers) +
    0.8 * cap(f.example) -
    0.5 * cap(f.claimStance + f.deontic) -
    0.3 * cap(f.hedges);

  let none =
    -0.2 +
    (f.question && !f.rhetoricalQuestion ? 2.2 : 0) +
    (f.hasVerb ? 0 : 0.9) +
    (f.words <= 3 ? 1.0 : f.words <= 5 ? 0.3 : 0) +
    (f.agreement || f.disagreement ? 0.5 : 0) -
    (f.urls > 0 ? 1.0 : 0);
  if (f.words === 0 && f.urls === 0) none += 3;
  if (f.rhetoricalQuestion) claim += 0.2;
  return { claim, premise, evidence, none };
}

const TEMPERATURE = 0.8;

/**
 * Tag one segment from its signals.
 *
 * @example
 * const sig = segmentSignals({ text, tokens, context });
 * tagSegment(sig).kind; // "premise" for "because the rent keeps rising"
 */
export function tagSegment(sig: SegmentSignals, neighbours: Neighbours = {}): TagResult {
  return tagFromScores(sig, scoreSegment(sig, neighbours));
}

function tagFromScores(sig: SegmentSignals, scores: Record<ScoredKind, number>): TagResult {
  let best: ScoredKind = "none";
  for (const k of KINDS) if (scores[k] > scores[best]) best = k;
  const z = KINDS.reduce((s, k) => s + Math.exp(scores[k] / TEMPERATURE), 0);
  const confidence = Math.exp(scores[best] / TEMPERATURE) / z;
  return { kind: best, confidence: round(confidence), signals: sig.signals };
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** One segment of a post to tag. */
export interface PostSegment {
  text: string;
  tokens: readonly Token[];
  span: Span;
  /** `contentSignals(text, tokens)` when the caller already has it. */
  signals?: ContentSignals;
}

export interface PostOptions {
  /** The post answers or quotes another post (replies get no major claim). */
  isReply: boolean;
  /** Paragraph index of each segment (same length as the segments). */
  paragraphs: readonly number[];
}

/** How strongly a claim reads as a thesis: stance, prescription, conclusion, evaluation. */
function thesisStrength(sig: SegmentSignals, score: number): number {
  const f = sig.features;
  return (
    score +
    0.5 * Math.min(1, f.thesis + f.claimStance + f.deontic + f.firstPersonStance) +
    0.2 * Math.min(1, f.evaluativeNegative + f.evaluativePositive) +
    (0.1 * Math.min(f.words, 25)) / 25
  );
}

/**
 * Tag the segments of one post (or essay), then promote its main claim: for a root post the
 * strongest claim of the first paragraph (or, failing that, of the whole post), and for a text of
 * three or more paragraphs also the strongest claim of the last paragraph (the conclusion).
 *
 * @example tagPost(segments, { isReply: false, paragraphs: [0, 0, 1] }).map((t) => t.kind)
 */
export function tagPost(
  segments: readonly PostSegment[],
  options: PostOptions,
): (TagResult & { signalsOf: SegmentSignals; scores: Record<ScoredKind, number> })[] {
  const paragraphCount = segments.length > 0 ? maxOf(options.paragraphs, -1) + 1 : 0;
  const sigs = segments.map((s, i) => {
    const context: SignalContext = {
      indexInPost: i,
      postLength: segments.length,
      paragraphIndex: options.paragraphs[i] ?? 0,
      paragraphCount,
      isReply: options.isReply,
    };
    return withContext(s.signals ?? contentSignals(s.text, s.tokens), context);
  });
  const results = sigs.map((sig, i) => {
    const scores = scoreSegment(sig, { prev: sigs[i - 1], next: sigs[i + 1] });
    return { ...tagFromScores(sig, scores), signalsOf: sig, scores };
  });
  if (!options.isReply) {
    const promote = (pick: (i: number) => boolean) => {
      let best = -1;
      let bestStrength = -Infinity;
      results.forEach((r, i) => {
        if (r.kind !== "claim" || !pick(i)) return;
        const s = thesisStrength(sigs[i]!, r.scores.claim);
        if (s > bestStrength) [best, bestStrength] = [i, s];
      });
      if (best < 0) return false;
      const r = results[best]!;
      r.kind = "major-claim";
      r.signals = [...r.signals, "thesis-position"].sort();
      return true;
    };
    // The introduction is the first paragraph that makes a claim: a title, heading or a lead without
    // one ("The case for the four-day week") does not hold the thesis.
    const firstClaim = results.findIndex((r) => r.kind === "claim");
    const firstPara = options.paragraphs[firstClaim] ?? options.paragraphs[0] ?? 0;
    if (!promote((i) => options.paragraphs[i] === firstPara)) promote(() => true);
    if (paragraphCount >= 3) promote((i) => options.paragraphs[i] === paragraphCount - 1);
  }
  return results;
}

/**
 * Paragraph index of each span: a new paragraph starts where a blank line separates a span from
 * the one before it.
 *
 * @example paragraphIndices("A.\n\nB. C.", [[0, 2], [4, 6], [7, 9]]) // [0, 1, 1]
 */
export function paragraphIndices(text: string, spans: readonly Span[]): number[] {
  let p = 0;
  return spans.map((span, i) => {
    const prev = spans[i - 1];
    if (prev && /\n[^\S\n]*(?:>[^\n]*)?\n|\r\n[^\S\r\n]*\r\n/.test(text.slice(prev[1], span[0]))) p++;
    return p;
  });
}

/**
 * Segment a raw text (wink-nlp sentences, then clause splits at discourse markers) and tag every
 * segment, treating the text as one root post or essay. The heuristic-v1 baseline of the
 * evaluation harness.
 *
 * @example tagText("We should ban cars in cities. Because they pollute.")
 * // [{ kind: "major-claim", span: [0, 29], confidence: … }, { kind: "premise", span: [30, 51], … }]
 */
export function tagText(text: string): { kind: UnitKind; span: [number, number]; confidence: number }[] {
  const segments: PostSegment[] = winkSegmenter
    .sentences(text, [0, text.length])
    .flatMap((sentence) => splitClauses(sentence))
    .map((c) => ({ text: text.slice(c.span[0], c.span[1]), tokens: c.tokens, span: c.span }));
  const tags = tagPost(segments, {
    isReply: false,
    paragraphs: paragraphIndices(
      text,
      segments.map((s) => s.span),
    ),
  });
  return tags.map((t, i) => ({
    kind: t.kind,
    span: [segments[i]!.span[0], segments[i]!.span[1]],
    confidence: t.confidence,
  }));
}
