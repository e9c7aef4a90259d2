/**
 * Segment stage: posts → sentences → clauses, with exact offsets. Lossless in the sense that
 * `source.text.slice(segment.span) === segment.text` for every segment, and no segment is empty.
 */
import markers from "../lexicons/clause-markers.json" with { type: "json" };
import type { Segment, SourceDoc, Span, StageContext } from "../model/index.js";
import { provenance } from "../model/index.js";
import { findLongTokens, MAX_TOKEN_LENGTH } from "./long-tokens.js";
import type { Segmenter } from "./segmenter.js";
import type { Token, TokenizedSpan } from "./tokens.js";

export const segmentStage = { name: "segment", version: "1.0.0" } as const;

export interface SegmentedSources {
  segments: Segment[];
  /** Tokens of each segment, by segment id; transient (not serialised). */
  tokens: Map<string, Token[]>;
}

type MarkerGroup = "reason" | "consequence" | "contrast";
const MARKERS: { words: string[]; group: MarkerGroup }[] = (["reason", "consequence", "contrast"] as const)
  .flatMap((group) => markers[group].map((m) => ({ words: m.split(" "), group })))
  .sort((a, b) => b.words.length - a.words.length);

const MIN_CLAUSE_TOKENS = 4;
const COPULAS = new Set(["is", "was", "'s", "’s", "are", "were", "be"]);
const CONJUNCTIONS = new Set(["and", "or", "so"]);

function hasVerb(tokens: Token[]): boolean {
  return tokens.some((t) => t.pos === "VERB" || t.pos === "AUX");
}

/** Markers by first word, longest first (the order of `MARKERS`). */
const MARKERS_BY_FIRST = new Map<string, typeof MARKERS>();
for (const m of MARKERS) {
  const first = m.words[0]!;
  const list = MARKERS_BY_FIRST.get(first);
  if (list) list.push(m);
  else MARKERS_BY_FIRST.set(first, [m]);
}

function markerAt(tokens: Token[], i: number): { words: string[]; group: MarkerGroup } | undefined {
  const candidates = MARKERS_BY_FIRST.get(tokens[i]!.normal);
  return candidates?.find((m) => m.words.every((w, k) => tokens[i + k]?.normal === w));
}

/**
 * Split a sentence at discourse markers where both sides are clauses of their own (a verb and
 * at least a few tokens each). The marker starts the second clause.
 */
export function splitClauses(sentence: TokenizedSpan): TokenizedSpan[] {
  const { tokens } = sentence;
  const cuts: number[] = [];
  let last = 0;
  for (let i = MIN_CLAUSE_TOKENS; i < tokens.length - MIN_CLAUSE_TOKENS; i++) {
    const marker = markerAt(tokens, i);
    if (!marker) continue;
    // Ambiguous short markers ("so", "as", "while", "since", "yet") split only after a comma/semicolon.
    const afterPunct = /^[,;:—–-]$/.test(tokens[i - 1]?.value ?? "");
    if (
      marker.words.length === 1 &&
      ["so", "as", "while", "since", "yet", "though"].includes(marker.words[0]!) &&
      !afterPunct
    )
      continue;
    if (tokens[i + marker.words.length]?.type === "number") continue; // "since 2020"
    if (COPULAS.has(tokens[i - 1]?.normal ?? "")) continue; // "that is because …" is one clause
    // A conjunction right before the marker ("… and because …") belongs to the second clause.
    const cut = CONJUNCTIONS.has(tokens[i - 1]?.normal ?? "") ? i - 1 : i;
    const left = tokens.slice(last, cut);
    const right = tokens.slice(cut);
    if (left.length < MIN_CLAUSE_TOKENS || !hasVerb(left) || !hasVerb(right.slice(0, 12))) continue;
    cuts.push(cut);
    last = cut;
  }
  if (cuts.length === 0) return [sentence];
  const bounds = [0, ...cuts, tokens.length];
  const clauses: TokenizedSpan[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let part = tokens.slice(bounds[k], bounds[k + 1]);
    // Leave a trailing comma with the first clause but do not start a clause with punctuation.
    while (part.length > 0 && part[0]!.type === "punctuation") part = part.slice(1);
    if (part.length === 0) continue;
    clauses.push({ span: [part[0]!.start, part[part.length - 1]!.end], tokens: part });
  }
  return clauses;
}

/** Segment the own text (quotes excluded) of every post of every source. */
export function segmentSources(
  sources: readonly SourceDoc[],
  segmenter: Segmenter,
  ctx: StageContext,
): SegmentedSources {
  const segments: Segment[] = [];
  const tokens = new Map<string, Token[]>();
  const by = provenance(segmentStage, ctx.engine);
  const total = sources.reduce((n, s) => n + s.posts.length, 0);
  let done = 0;
  for (const source of sources) {
    segmenter.beginDocument?.();
    const long: Span[] = [];
    for (const post of source.posts) {
      let index = 0;
      for (const range of post.bodySpans) {
        for (const run of findLongTokens(source.text, range)) long.push(run);
        for (const sentence of segmenter.sentences(source.text, range)) {
          const clauses = splitClauses(sentence);
          for (const clause of clauses) {
            const span: Span = clause.span;
            const id = `${post.id}.s${index}`;
            segments.push({
              id,
              sourceId: source.id,
              postId: post.id,
              index: index++,
              kind: clauses.length > 1 ? "clause" : "sentence",
              span,
              text: source.text.slice(span[0], span[1]),
              by,
            });
            tokens.set(id, clause.tokens);
          }
        }
      }
      if (++done % 200 === 0) ctx.progress?.({ stage: segmentStage.name, done, total });
    }
    if (long.length > 0) {
      ctx.report({
        rule: "segment/long-token",
        stage: segmentStage.name,
        severity: "info",
        message:
          `${long.length} run(s) of over ${MAX_TOKEN_LENGTH} characters without a space (the first at ` +
          `${long[0]![0]}–${long[0]![1]}) kept as single opaque tokens, not analysed as words.`,
        sourceId: source.id,
        span: long[0]!,
      });
    }
  }
  ctx.progress?.({ stage: segmentStage.name, done: total, total });
  return { segments, tokens };
}
