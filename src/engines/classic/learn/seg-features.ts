/**
 * Features of one segment (sentence, clause or proposition) for the segment classifier and the
 * CDCP proposition-type head: hashed lemma 1–2-grams, the opening words, POS bigrams, simple
 * cues (modals, first person, numbers, links, questions), the linguistic signals of
 * `../signals.ts` (discourse markers, hedges, evidence cues, …), position in the post, length,
 * and the SIF sentence vector as dense features.
 */
import type { Analysed } from "./analyse.js";
import type { Embeddings } from "./embeddings.js";
import { contentSignals, FEATURE_NAMES, withContext, type ContentSignals } from "../signals.js";
import { FNV_OFFSET, fnv1aChar, fnv1aMore } from "../../../util/hash.js";
import { addUniBigrams, FeatureBuilder, type SparseVector } from "./hash.js";

export const SEG_BITS = 16;

export interface SegmentContext {
  /** Raw text of the segment. */
  text: string;
  /** Position of the segment in its post (0-based) and the number of segments in the post. */
  index: number;
  count: number;
  /** `contentSignals(text, tokens)` when the caller already has it (saves recomputing it). */
  signals?: ContentSignals;
}

const MODALS = new Set(["should", "must", "ought", "need", "shall", "have to"]);
const FIRST_PERSON = new Set(["i", "me", "my", "mine", "we", "our", "us"]);

/** Hash states of the fixed feature names under one prefix (computed once per prefix). */
interface PrefixHashes {
  w: number;
  pos: number;
  first: number;
  first2: number;
  last: number;
  sig: number;
  feat: number[];
  emb: number[];
}
const prefixCache = new Map<string, PrefixHashes>();

function hashesFor(p: string, dims: number): PrefixHashes {
  let h = prefixCache.get(p);
  if (!h || h.emb.length < dims) {
    const base = fnv1aMore(FNV_OFFSET, p);
    h = {
      w: fnv1aMore(base, "w:"),
      pos: fnv1aMore(base, "pos:"),
      first: fnv1aMore(base, "first:"),
      first2: fnv1aMore(base, "first2:"),
      last: fnv1aMore(base, "last:"),
      sig: fnv1aMore(base, "sig:"),
      feat: FEATURE_NAMES.map((name) => fnv1aMore(base, `feat:${name}`)),
      emb: Array.from({ length: dims }, (_, d) => fnv1aMore(base, `e${d}`)),
    };
    prefixCache.set(p, h);
  }
  return h;
}

const SPACE = 32;

/**
 * Feature vector of one segment.
 * @example segmentFeatures(analyseText(text), { text, index: 0, count: 3 }, emb)
 */
export function segmentFeatures(
  a: Analysed,
  ctx: SegmentContext,
  emb: Embeddings,
  prefix = "",
): SparseVector {
  const f = new FeatureBuilder(SEG_BITS);
  const p = prefix;
  const h = hashesFor(p, emb.dims);
  const { lemmas } = a;
  f.add(`${p}bias`);
  addUniBigrams(f, h.w, lemmas);
  addUniBigrams(f, h.pos, a.pos, 0.5);
  f.addHash(fnv1aMore(h.first, lemmas[0] ?? ""));
  f.addHash(
    lemmas.length > 1
      ? fnv1aMore(fnv1aChar(fnv1aMore(h.first2, lemmas[0]!), SPACE), lemmas[1]!)
      : fnv1aMore(h.first2, lemmas[0] ?? ""),
  );
  f.addHash(fnv1aMore(h.last, lemmas[lemmas.length - 1] ?? ""));
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
  const sig = withContext(ctx.signals ?? contentSignals(ctx.text, a.tokens), {
    indexInPost: ctx.index,
    postLength: ctx.count,
    paragraphIndex: 0,
    paragraphCount: 1,
    isReply: false,
  });
  for (const s of sig.signals) f.addHash(fnv1aMore(h.sig, s));
  const features = sig.features;
  for (let k = 0; k < FEATURE_NAMES.length; k++)
    f.addHash(h.feat[k]!, Math.log1p(Math.max(0, features[FEATURE_NAMES[k]!])));
  const v = emb.sentenceVectorOf(a.words);
  for (let d = 0; d < v.length; d++) f.addHash(h.emb[d]!, v[d]! * 3);
  return f.build();
}
