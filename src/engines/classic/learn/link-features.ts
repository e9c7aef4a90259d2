/**
 * Features of an ordered unit pair (source → target) for the relation classifier and the CDCP
 * reason-link head: distance and order, the units' (predicted) types, their opening words and
 * lemma n-grams, both units' linguistic signals (`../signals.ts`: markers, cues), embedding
 * similarity, lexical overlap and negation mismatch.
 */
import type { Analysed } from "./analyse.js";
import { cosine, type Embeddings } from "./embeddings.js";
import { segmentSignals } from "../signals.js";
import { FeatureBuilder, type SparseVector } from "./hash.js";

export const LINK_BITS = 16;

export interface LinkContext {
  /** Positions of source and target in their post (or thread order), and the post size. */
  from: number;
  to: number;
  count: number;
  /** Predicted or known unit types (e.g. "claim", "premise", CDCP types). */
  fromType: string;
  toType: string;
  /** True when both units are in the same post; false for a unit in a reply. */
  samePost: boolean;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let i = 0;
  for (const w of sb) if (sa.has(w)) i++;
  return sa.size + sb.size - i > 0 ? i / (sa.size + sb.size - i) : 0;
}

const signalCache = new WeakMap<Analysed, string[]>();

/** Position-independent signals of a unit (markers, cues), memoised per analysis. */
function unitSignals(u: Analysed): string[] {
  let s = signalCache.get(u);
  if (!s) {
    const text = u.tokens.map((t) => t.value).join(" ");
    const context = { indexInPost: 1, postLength: 3, paragraphIndex: 0, paragraphCount: 1, isReply: false };
    s = segmentSignals({ text, tokens: u.tokens, context }).signals;
    signalCache.set(u, s);
  }
  return s;
}

/**
 * Feature vector of a (source, target) pair.
 * @example linkFeatures(analyseText(premise), analyseText(claim), ctx, emb)
 */
export function linkFeatures(src: Analysed, tgt: Analysed, ctx: LinkContext, emb: Embeddings): SparseVector {
  const f = new FeatureBuilder(LINK_BITS);
  const d = ctx.to - ctx.from;
  const dist = Math.max(-6, Math.min(6, d));
  f.add("bias");
  f.add(`d:${dist}`);
  f.add(`d:${dist}|${ctx.fromType}>${ctx.toType}`);
  f.add(`absd`, Math.min(Math.abs(d), 20) / 20);
  f.add(`types:${ctx.fromType}>${ctx.toType}`);
  f.add(`ft:${ctx.fromType}`);
  f.add(`tt:${ctx.toType}`);
  f.add(ctx.samePost ? "samePost" : "reply");
  f.add(`n:${Math.min(5, Math.floor(Math.log2(1 + ctx.count)))}`);
  f.add(`n:${Math.min(5, Math.floor(Math.log2(1 + ctx.count)))}|d:${dist}`);
  if (ctx.to === 0) f.add("toFirst");
  if (ctx.to === ctx.count - 1) f.add("toLast");
  const s0 = src.lemmas[0] ?? "";
  const s01 = src.lemmas.slice(0, 2).join(" ");
  const t0 = tgt.lemmas[0] ?? "";
  f.add(`sfirst:${s0}`);
  f.add(`sfirst2:${s01}`);
  f.add(`sfirst:${s0}|${d > 0 ? "fwd" : "back"}`);
  f.add(`tfirst:${t0}`);
  for (const w of new Set(src.lemmas)) f.add(`s:${w}`, 0.3);
  for (const w of new Set(tgt.lemmas)) f.add(`t:${w}`, 0.3);
  for (const [tag, u] of [
    ["ss", src],
    ["ts", tgt],
  ] as const) {
    const signals = unitSignals(u);
    for (const s of signals) f.add(`${tag}:${s}`, 0.5);
    if (tag === "ss")
      for (const s of signals) if (s.startsWith("opens:")) f.add(`${s}|${d > 0 ? "fwd" : "back"}`);
  }
  const sim = cosine(emb.sentenceVectorOf(src.words), emb.sentenceVectorOf(tgt.words));
  f.add("cos", sim);
  f.add(`cos#${Math.max(0, Math.min(9, Math.floor(sim * 10)))}`);
  f.add("jacc", overlap(src.content, tgt.content));
  const negS = src.negations > 0;
  const negT = tgt.negations > 0;
  f.add(`neg:${negS ? 1 : 0}${negT ? 1 : 0}`);
  f.add("lenS", Math.log1p(src.words.length) / 4);
  f.add("lenT", Math.log1p(tgt.words.length) / 4);
  return f.build();
}
