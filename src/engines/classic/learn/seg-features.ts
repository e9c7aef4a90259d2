/**
 * Features of one segment (sentence, clause or proposition) for the segment classifier and the
 * CDCP proposition-type head: hashed lemma 1–2-grams, the opening words, POS bigrams, simple
 * cues (modals, first person, numbers, links, questions), the linguistic signals of
 * `../signals.ts` (discourse markers, hedges, evidence cues, …), position in the post, length,
 * and the SIF sentence vector as dense features.
 */
import type { Analysed } from "./analyse.js";
import type { Embeddings } from "./embeddings.js";
import { segmentSignals } from "../signals.js";
import { FeatureBuilder, ngrams, type SparseVector } from "./hash.js";

export const SEG_BITS = 16;

export interface SegmentContext {
  /** Raw text of the segment. */
  text: string;
  /** Position of the segment in its post (0-based) and the number of segments in the post. */
  index: number;
  count: number;
}

const MODALS = new Set(["should", "must", "ought", "need", "shall", "have to"]);
const FIRST_PERSON = new Set(["i", "me", "my", "mine", "we", "our", "us"]);

/**
 * Feature vector of one segment.
 * @example segmentFeatures(analyseText(text), { text, index: 0, count: 3 }, emb)
 */
export function segmentFeatures(a: Analysed, ctx: SegmentContext, emb: Embeddings, prefix = ""): SparseVector {
  const f = new FeatureBuilder(SEG_BITS);
  const p = prefix;
  f.add(`${p}bias`);
  f.addAll(ngrams(a.lemmas, 2).map((g) => `${p}w:${g}`));
  f.addAll(ngrams(a.pos, 2).map((g) => `${p}pos:${g}`), 0.5);
  f.add(`${p}first:${a.lemmas[0] ?? ""}`);
  f.add(`${p}first2:${a.lemmas.slice(0, 2).join(" ")}`);
  f.add(`${p}last:${a.lemmas[a.lemmas.length - 1] ?? ""}`);
  if (a.words.some((w) => MODALS.has(w))) f.add(`${p}modal`);
  if (a.words.some((w) => FIRST_PERSON.has(w))) f.add(`${p}firstPerson`);
  if (a.negations > 0) f.add(`${p}negated`);
  if (/\d/.test(ctx.text)) f.add(`${p}digit`);
  if (/%|percent/i.test(ctx.text)) f.add(`${p}percent`);
  if (/https?:\/\/|www\.|\.(gov|com|org)\b/i.test(ctx.text)) f.add(`${p}url`);
  if (/\?\s*$/.test(ctx.text)) f.add(`${p}question`);
  if (/!\s*$/.test(ctx.text)) f.add(`${p}exclaim`);
  if (/["“”]/.test(ctx.text)) f.add(`${p}quoteMark`);
  if (/\(\s*\d{4}\s*\)|\bet al\b|\bpp?\.\s*\d/i.test(ctx.text)) f.add(`${p}citation`);
  f.add(`${p}pos:${ctx.index === 0 ? "first" : ctx.index === ctx.count - 1 ? "last" : "middle"}`);
  f.add(`${p}relpos`, ctx.count > 1 ? ctx.index / (ctx.count - 1) : 0);
  f.add(`${p}len:${Math.min(6, Math.floor(Math.log2(1 + a.words.length)))}`);
  f.add(`${p}postLen:${Math.min(5, Math.floor(Math.log2(1 + ctx.count)))}`);
  const sig = segmentSignals({
    text: ctx.text,
    tokens: a.tokens,
    context: { indexInPost: ctx.index, postLength: ctx.count, paragraphIndex: 0, paragraphCount: 1, isReply: false },
  });
  f.addAll(sig.signals.map((s) => `${p}sig:${s}`));
  for (const [name, value] of Object.entries(sig.features)) f.add(`${p}feat:${name}`, Math.log1p(Math.max(0, value)));
  const v = emb.sentenceVector(a.words);
  for (let d = 0; d < v.length; d++) f.add(`${p}e${d}`, v[d]! * 3);
  return f.build();
}
