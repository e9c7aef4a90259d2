/**
 * Features of an (argument, key point) pair for the key point matcher: SIF embedding cosine,
 * soft word alignment through word vectors, lemma overlap (Jaccard, containment), bigram overlap,
 * length ratios and negation mismatch. Words of the debate topic (when given) are discounted so
 * that two texts do not look alike merely because both mention the topic.
 */
import type { Analysed } from "./analyse.js";
import type { Embeddings } from "./embeddings.js";
import { FNV_OFFSET, fnv1aMore } from "../../../util/hash.js";
import { FeatureBuilder, type SparseVector } from "./hash.js";

export const KP_BITS = 14;

const vectorCache = new WeakMap<Analysed, TextCache>();

/** What the pair features need of one text and one topic, computed once per analysis (the matcher scores one text against many). */
interface TextCache {
  emb: Embeddings;
  /** `emb.sentenceVector(a.words)` and its sum of squares (summed as `cosine` does). */
  wordsVec: Float32Array;
  wordsNorm: number;
  /** Distinct content lemmas (all of them, topic words included). */
  allSet: Set<string>;
  allUnique: string[];
  /** Distinct lemma bigrams. */
  biSet: Set<string>;
  biUnique: string[];
  /** The topic-dependent part, for the topic it was computed with. */
  topic: ReadonlySet<string>;
  content: ContentCache;
}

/** The content lemmas minus topic words (`aC`), with what `softAlign` and `sentenceVector` need of them. */
interface ContentCache {
  words: string[];
  set: Set<string>;
  unique: string[];
  vec: Float32Array;
  norm: number;
  /** Per word: 1 when the embedding table knows it and its vector is non-zero (else `similarity` is 0). */
  usable: Uint8Array;
  /** Per word: its vector (`dims` float32 components, exactly as in the table) and sum of squares. */
  rows: Float32Array;
  norms: Float64Array;
  sif: Float64Array;
}

function sumSquares(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  return n;
}

function contentCache(a: Analysed, emb: Embeddings, topic: ReadonlySet<string>): ContentCache {
  const words = a.content.filter((w) => !topic.has(w));
  const set = new Set(words);
  const vec = emb.sentenceVector(words);
  const dims = emb.dims;
  const usable = new Uint8Array(words.length);
  const rows = new Float32Array(words.length * dims);
  const norms = new Float64Array(words.length);
  const sif = new Float64Array(words.length);
  for (let i = 0; i < words.length; i++) {
    sif[i] = emb.sifWeight(words[i]!);
    const v = emb.vector(words[i]!);
    if (!v) continue;
    for (let d = 0; d < dims; d++) rows[i * dims + d] = v[d]!;
    norms[i] = sumSquares(v);
    usable[i] = norms[i]! > 0 ? 1 : 0;
  }
  return { words, set, unique: [...set], vec, norm: sumSquares(vec), usable, rows, norms, sif };
}

function textCache(a: Analysed, emb: Embeddings, topic: ReadonlySet<string>): TextCache {
  let c = vectorCache.get(a);
  if (!c || c.emb !== emb) {
    const wordsVec = emb.sentenceVector(a.words);
    const allSet = new Set(a.content);
    const biSet = bigrams(a.lemmas);
    c = {
      emb,
      wordsVec,
      wordsNorm: sumSquares(wordsVec),
      allSet,
      allUnique: [...allSet],
      biSet,
      biUnique: [...biSet],
      topic,
      content: contentCache(a, emb, topic),
    };
    vectorCache.set(a, c);
  } else if (c.topic !== topic && !(c.topic.size === 0 && topic.size === 0)) {
    c.topic = topic;
    c.content = contentCache(a, emb, topic);
  }
  return c;
}

function bigrams(xs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < xs.length; i++) out.add(`${xs[i]} ${xs[i + 1]}`);
  return out;
}

let colBest = new Float64Array(64);

/**
 * Soft alignment both ways between the key point's and the argument's content words, as
 * `[softAlign(kC, aC), softAlign(aC, kC)]` would give them: per word the SIF-weighted best
 * similarity to a word of the other text (1 for the same word), each word pair's similarity
 * computed once (it is symmetric: same products summed in the same order).
 */
function softAlignBoth(k: ContentCache, a: ContentCache, dims: number, out: Float64Array): void {
  const nk = k.words.length;
  const na = a.words.length;
  out[0] = 0;
  out[1] = 0;
  if (nk === 0 || na === 0) return;
  if (colBest.length < na) colBest = new Float64Array(Math.max(na, colBest.length * 2));
  const cb = colBest;
  cb.fill(0, 0, na);
  const kr = k.rows;
  const ar = a.rows;
  let total = 0;
  let weights = 0;
  for (let i = 0; i < nk; i++) {
    const wi = k.words[i]!;
    const ui = k.usable[i]!;
    const si = i * dims;
    const ni = k.norms[i]!;
    let best = 0;
    for (let j = 0; j < na; j++) {
      let s: number;
      if (wi === a.words[j]) s = 1;
      else if (ui === 0 || a.usable[j] === 0) s = 0;
      else {
        const sj = j * dims;
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += kr[si + d]! * ar[sj + d]!;
        s = dot / Math.sqrt(ni * a.norms[j]!);
      }
      if (s > best) best = s;
      if (s > cb[j]!) cb[j] = s;
    }
    const w = k.sif[i]!;
    total += w * best;
    weights += w;
  }
  out[0] = weights > 0 ? total / weights : 0;
  total = 0;
  weights = 0;
  for (let j = 0; j < na; j++) {
    const w = a.sif[j]!;
    total += w * cb[j]!;
    weights += w;
  }
  out[1] = weights > 0 ? total / weights : 0;
}

/** Dot product over cached sums of squares: the value `cosine(x, y)` gives. */
function cosineCached(x: Float32Array, nx: number, y: Float32Array, ny: number): number {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i]! * y[i]!;
  return nx > 0 && ny > 0 ? dot / Math.sqrt(nx * ny) : 0;
}

const h = (name: string): number => fnv1aMore(FNV_OFFSET, name);
const H = {
  bias2: h("bias2"),
  cos: h("cos"),
  cosC: h("cosC"),
  rec: h("rec"),
  prec: h("prec"),
  fsoft: h("fsoft"),
  rec2: h("rec2"),
  cosCRec: h("cosC*rec"),
  jacc: h("jacc"),
  contK: h("contK"),
  contA: h("contA"),
  contKAll: h("contKAll"),
  inter: h("inter"),
  bi: h("bi"),
  lenA: h("lenA"),
  lenK: h("lenK"),
  lenRatio: h("lenRatio"),
  kEmpty: h("kEmpty"),
  kHas: h("kHas"),
  negMismatchRec: h("negMismatch*rec"),
};
const binHashes = (name: string, bins: number): number[] =>
  Array.from({ length: bins }, (_, b) => h(`${name}#${b}`));
const BINS = {
  cos: binHashes("cos", 10),
  cosC: binHashes("cosC", 10),
  rec: binHashes("rec", 10),
  fsoft: binHashes("fsoft", 10),
  contK: binHashes("contK", 5),
};
const NEG = [h("neg:00"), h("neg:01"), h("neg:10"), h("neg:11")];

/** Binned indicator features of a similarity in [0, 1] so the linear model can bend. */
function addBinned(f: FeatureBuilder, hashes: readonly number[], v: number): void {
  const bins = hashes.length;
  const b = Math.max(0, Math.min(bins - 1, Math.floor(v * bins)));
  f.addHash(hashes[b]!);
}

const align = new Float64Array(2);

/**
 * Feature vector of an (argument, key point) pair. What depends on one text only is computed once
 * per `Analysed` object (and topic set) and kept.
 * @example kpPairFeatures(analyseText(arg), analyseText(kp), emb, topicLemmas)
 */
export function kpPairFeatures(
  arg: Analysed,
  kp: Analysed,
  emb: Embeddings,
  topic: ReadonlySet<string> = new Set(),
): SparseVector {
  const f = new FeatureBuilder(KP_BITS);
  const A = textCache(arg, emb, topic);
  const K = textCache(kp, emb, topic);
  const aC = A.content;
  const kC = K.content;
  let inter = 0;
  for (let i = 0; i < kC.unique.length; i++) if (aC.set.has(kC.unique[i]!)) inter++;
  const union = aC.set.size + kC.set.size - inter;
  const jacc = union > 0 ? inter / union : 0;
  const contK = kC.set.size > 0 ? inter / kC.set.size : 0;
  const contA = aC.set.size > 0 ? inter / aC.set.size : 0;
  let interAll = 0;
  for (let i = 0; i < K.allUnique.length; i++) if (A.allSet.has(K.allUnique[i]!)) interAll++;
  const contKAll = kp.content.length > 0 ? interAll / K.allSet.size : 0;

  const cosAll = cosineCached(A.wordsVec, A.wordsNorm, K.wordsVec, K.wordsNorm);
  const cosContent = cosineCached(aC.vec, aC.norm, kC.vec, kC.norm);
  softAlignBoth(kC, aC, emb.dims, align);
  const recall = align[0]!;
  const precision = align[1]!;
  const fsoft = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
  let biInter = 0;
  for (let i = 0; i < K.biUnique.length; i++) if (A.biSet.has(K.biUnique[i]!)) biInter++;
  const biCont = K.biSet.size > 0 ? biInter / K.biSet.size : 0;

  f.addHash(H.bias2);
  f.addHash(H.cos, cosAll);
  f.addHash(H.cosC, cosContent);
  f.addHash(H.rec, recall);
  f.addHash(H.prec, precision);
  f.addHash(H.fsoft, fsoft);
  f.addHash(H.rec2, recall * recall);
  f.addHash(H.cosCRec, cosContent * recall);
  f.addHash(H.jacc, jacc);
  f.addHash(H.contK, contK);
  f.addHash(H.contA, contA);
  f.addHash(H.contKAll, contKAll);
  f.addHash(H.inter, Math.min(inter, 5) / 5);
  f.addHash(H.bi, biCont);
  addBinned(f, BINS.cos, cosAll);
  addBinned(f, BINS.cosC, cosContent);
  addBinned(f, BINS.rec, recall);
  addBinned(f, BINS.fsoft, fsoft);
  addBinned(f, BINS.contK, contK);
  const la = Math.log1p(aC.words.length);
  const lk = Math.log1p(kC.words.length);
  f.addHash(H.lenA, la / 4);
  f.addHash(H.lenK, lk / 3);
  f.addHash(H.lenRatio, lk - la);
  f.addHash(kC.words.length === 0 ? H.kEmpty : H.kHas);
  const negA = arg.negations > 0;
  const negK = kp.negations > 0;
  f.addHash(NEG[(negA ? 2 : 0) + (negK ? 1 : 0)]!);
  f.addHash(H.negMismatchRec, negA !== negK ? recall : 0);
  return f.build();
}
