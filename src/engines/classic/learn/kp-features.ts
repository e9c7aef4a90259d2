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

const textCache = new WeakMap<Analysed, KpText>();

/**
 * Lemma ids shared by every text, so that a text's lemma sets are small sorted Int32Arrays (and
 * its bigrams pairs of ids): a clustering run keeps one `KpText` per distinct text. Grows with
 * the vocabulary seen by the process, not with the number of texts.
 */
const lemmaIdOf = new Map<string, number>();
const lemmaOf: string[] = [];
/** Bigram ids pack two lemma ids exactly into one float64. */
const ID_SPAN = 2 ** 26;

function lemmaId(w: string): number {
  let id = lemmaIdOf.get(w);
  if (id === undefined) {
    id = lemmaOf.length;
    if (id >= ID_SPAN) throw new RangeError(`key point features: more than ${ID_SPAN} distinct lemmas`);
    lemmaIdOf.set(w, id);
    lemmaOf.push(w);
  }
  return id;
}

function sortedUnique<T extends Int32Array | Float64Array>(xs: T): T {
  xs.sort();
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (i === 0 || xs[i] !== xs[n - 1]) xs[n++] = xs[i]!;
  return xs.subarray(0, n) as T;
}

/** Size of the intersection of two sorted distinct runs: `n` values of `a` from `i`, `m` of `b` from `j`. */
function intersect(a: Float64Array, i: number, n: number, b: Float64Array, j: number, m: number): number {
  const endA = i + n;
  const endB = j + m;
  let count = 0;
  while (i < endA && j < endB) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}

/** Header slots of `KpText.data`; the sections follow in this order. */
const WORDS_NORM = 0;
const NEGATIONS = 1;
const OWN_NORM = 2;
const N_CONTENT = 3;
const N_ALL = 4;
const N_BIGRAMS = 5;
const N_OWN = 6;
const N_OWN_UNIQUE = 7;
const HEADER = 8;

/**
 * What the pair features need of one text and one topic, computed once per text (the matcher
 * scores one text against many), packed into two typed arrays (about 1.5 KB a text): `vecs`
 * holds the sentence vector of all words then that of the content words minus the topic; `data`
 * a header, then the content lemma ids in order, the distinct content ids (sorted), the distinct
 * bigrams (packed id pairs, sorted), and for the content words minus the topic their ids in
 * order, their offsets in `emb.table` (-1 when unknown) and their distinct ids (sorted).
 */
export class KpText {
  constructor(
    readonly emb: Embeddings,
    public topic: ReadonlySet<string>,
    public data: Float64Array,
    public vecs: Float32Array,
  ) {}

  /** Content lemmas in order (topic words included). */
  get content(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.data[N_CONTENT]!; i++) out.push(lemmaOf[this.data[HEADER + i]!]!);
    return out;
  }
}

/** Texts are carved out of shared 256 KB buffers: two small typed arrays each cost more in overhead than in numbers. */
const SLAB_BYTES = 1 << 18;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** A Float64Array of `n` and a Float32Array of `m` numbers, side by side in one shared buffer. */
function carve(n: number, m: number): { data: Float64Array; vecs: Float32Array } {
  const bytes = 8 * n + 8 * Math.ceil(m / 2);
  if (bytes > SLAB_BYTES) return { data: new Float64Array(n), vecs: new Float32Array(m) };
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const data = new Float64Array(slab, slabUsed, n);
  const vecs = new Float32Array(slab, slabUsed + 8 * n, m);
  slabUsed += bytes;
  return { data, vecs };
}

function sumSquares(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  return n;
}

/** Pack a text's parts (see `KpText`); `wordsVec` and `bigrams` do not depend on the topic. */
function packText(
  emb: Embeddings,
  wordsVec: Float32Array,
  content: readonly string[],
  bigrams: Float64Array,
  negations: number,
  topic: ReadonlySet<string>,
): KpText {
  const dims = emb.dims;
  const own = content.filter((w) => !topic.has(w));
  const ids = Int32Array.from(content, lemmaId);
  const all = sortedUnique(ids.slice());
  const ownIds = Int32Array.from(own, lemmaId);
  const ownUnique = sortedUnique(ownIds.slice());
  const { data, vecs } = carve(
    HEADER + ids.length + all.length + bigrams.length + 2 * ownIds.length + ownUnique.length,
    2 * dims,
  );
  vecs.set(wordsVec, 0);
  vecs.set(emb.sentenceVector(own), dims);
  data[WORDS_NORM] = sumSquares(vecs.subarray(0, dims));
  data[NEGATIONS] = negations;
  data[OWN_NORM] = sumSquares(vecs.subarray(dims));
  data[N_CONTENT] = ids.length;
  data[N_ALL] = all.length;
  data[N_BIGRAMS] = bigrams.length;
  data[N_OWN] = ownIds.length;
  data[N_OWN_UNIQUE] = ownUnique.length;
  let at = HEADER;
  data.set(ids, at);
  data.set(all, (at += ids.length));
  data.set(bigrams, (at += all.length));
  data.set(ownIds, (at += bigrams.length));
  at += ownIds.length;
  for (let i = 0; i < own.length; i++) data[at + i] = emb.rowStart(own[i]!);
  data.set(ownUnique, at + ownIds.length);
  return new KpText(emb, topic, data, vecs);
}

/** Offsets of the sections of `data`. */
function sections(d: Float64Array) {
  const all = HEADER + d[N_CONTENT]!;
  const bigrams = all + d[N_ALL]!;
  const own = bigrams + d[N_BIGRAMS]!;
  const starts = own + d[N_OWN]!;
  const ownUnique = starts + d[N_OWN]!;
  return { all, bigrams, own, starts, ownUnique };
}

/**
 * The compact form of an analysed text for the pair features (see `kpPairFeaturesOf`).
 * @example const t = kpText(analyseText("Uniforms reduce bullying"), emb, new Set())
 */
export function kpText(a: Analysed, emb: Embeddings, topic: ReadonlySet<string>): KpText {
  const { lemmas } = a;
  const bi = new Float64Array(Math.max(0, lemmas.length - 1));
  for (let i = 0; i + 1 < lemmas.length; i++) bi[i] = lemmaId(lemmas[i]!) * ID_SPAN + lemmaId(lemmas[i + 1]!);
  return packText(emb, emb.sentenceVector(a.words), a.content, sortedUnique(bi), a.negations, topic);
}

/** `t` with its topic-dependent part for `topic` (recomputed only when the topic changes). */
function forTopic(t: KpText, topic: ReadonlySet<string>): KpText {
  if (t.topic !== topic && !(t.topic.size === 0 && topic.size === 0)) {
    const d = t.data;
    const at = sections(d);
    const packed = packText(
      t.emb,
      t.vecs.subarray(0, t.emb.dims),
      t.content,
      d.slice(at.bigrams, at.own),
      d[NEGATIONS]!,
      topic,
    );
    t.topic = topic;
    t.data = packed.data;
    t.vecs = packed.vecs;
  }
  return t;
}

function cachedText(a: Analysed, emb: Embeddings, topic: ReadonlySet<string>): KpText {
  const c = textCache.get(a);
  if (c && c.emb === emb) return forTopic(c, topic);
  const t = kpText(a, emb, topic);
  textCache.set(a, t);
  return t;
}

let colBest = new Float64Array(64);
let aNorms = new Float64Array(64);
let aSif = new Float64Array(64);

/**
 * Word-pair similarities already computed, direct-mapped by (row, row) of one embedding table: the
 * same words meet again and again across pairs, and a hit gives the same number as the dot
 * product (each pair's value is symmetric). 2^20 slots, 12 MB.
 */
const SIM_BITS = 20;
const simKeys = new Float64Array(1 << SIM_BITS).fill(-1);
const simVals = new Float64Array(1 << SIM_BITS);
let simTable: Float32Array | undefined;
let simEmb: Embeddings | undefined;

/**
 * Soft alignment both ways between the key point's and the argument's content words, as
 * `[softAlign(kC, aC), softAlign(aC, kC)]` would give them: per word the SIF-weighted best
 * similarity to a word of the other text (1 for the same word), each word pair's similarity
 * computed once (it is symmetric: same products summed in the same order).
 */
function softAlignBoth(k: KpText, a: KpText, emb: Embeddings, out: Float64Array): void {
  const kd = k.data;
  const ad = a.data;
  const nk = kd[N_OWN]!;
  const na = ad[N_OWN]!;
  out[0] = 0;
  out[1] = 0;
  if (nk === 0 || na === 0) return;
  if (colBest.length < na) {
    const size = Math.max(na, colBest.length * 2);
    colBest = new Float64Array(size);
    aNorms = new Float64Array(size);
    aSif = new Float64Array(size);
  }
  const cb = colBest;
  cb.fill(0, 0, na);
  const dims = emb.dims;
  const table = emb.table;
  if (simTable !== table || simEmb !== emb) {
    simKeys.fill(-1);
    simTable = table;
    simEmb = emb;
  }
  const span = table.length;
  const ks = sections(kd);
  const as = sections(ad);
  // Per argument word: its sum of squares (0 when unknown: never used) and SIF weight.
  for (let j = 0; j < na; j++) {
    const sj = ad[as.starts + j]!;
    aNorms[j] = sj < 0 ? 0 : emb.squaredNormAt(sj);
    aSif[j] = sj < 0 ? 1 : emb.sifWeightAt(sj);
  }
  let total = 0;
  let weights = 0;
  for (let i = 0; i < nk; i++) {
    const wi = kd[ks.own + i]!;
    const si = kd[ks.starts + i]!;
    const ni = si < 0 ? 0 : emb.squaredNormAt(si);
    const ui = ni > 0;
    let best = 0;
    for (let j = 0; j < na; j++) {
      let s: number;
      if (wi === ad[as.own + j]) s = 1;
      else if (!ui || !(aNorms[j]! > 0)) s = 0;
      else {
        const sj = ad[as.starts + j]!;
        const key = si < sj ? si * span + sj : sj * span + si;
        const slot = Math.imul((key % 0x7fffffff) | 0, 0x9e3779b1) >>> (32 - SIM_BITS);
        if (simKeys[slot] === key) s = simVals[slot]!;
        else {
          let dot = 0;
          for (let d = 0; d < dims; d++) dot += table[si + d]! * table[sj + d]!;
          s = emb.linkedSimilarity(key, dot / Math.sqrt(ni * aNorms[j]!));
          simKeys[slot] = key;
          simVals[slot] = s;
        }
      }
      if (s > best) best = s;
      if (s > cb[j]!) cb[j] = s;
    }
    const w = si < 0 ? 1 : emb.sifWeightAt(si);
    total += w * best;
    weights += w;
  }
  out[0] = weights > 0 ? total / weights : 0;
  total = 0;
  weights = 0;
  for (let j = 0; j < na; j++) {
    const w = aSif[j]!;
    total += w * cb[j]!;
    weights += w;
  }
  out[1] = weights > 0 ? total / weights : 0;
}

/** Dot product of `dims` components at offsets, over cached sums of squares: the value `cosine(x, y)` gives. */
function cosineAt(
  x: Float32Array,
  xi: number,
  nx: number,
  y: Float32Array,
  yi: number,
  ny: number,
  dims: number,
): number {
  let dot = 0;
  for (let i = 0; i < dims; i++) dot += x[xi + i]! * y[yi + i]!;
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
  return kpPairFeaturesOf(cachedText(arg, emb, topic), cachedText(kp, emb, topic), emb, topic);
}

/** Names of the dense pair values (`kpPairValues`), in order. */
export const KP_VALUE_NAMES = [
  "cos",
  "cosC",
  "rec",
  "prec",
  "fsoft",
  "jacc",
  "contK",
  "contA",
  "contKAll",
  "inter",
  "bi",
  "lenA",
  "lenK",
  "kEmpty",
  "negA",
  "negK",
] as const;
export const KP_VALUES = KP_VALUE_NAMES.length;

/**
 * The dense values of an (argument, key point) pair that the hashed features are made of, in
 * the order of `KP_VALUE_NAMES`, written into `out`.
 * @example kpPairValues(kpText(a, emb, topic), kpText(k, emb, topic), emb, topic, new Float64Array(KP_VALUES))
 */
export function kpPairValues(
  argText: KpText,
  pointText: KpText,
  emb: Embeddings,
  topic: ReadonlySet<string>,
  out: Float64Array,
): Float64Array {
  const A = forTopic(argText, topic);
  const K = forTopic(pointText, topic);
  const ad = A.data;
  const kd = K.data;
  const as = sections(ad);
  const ks = sections(kd);
  const aUnique = ad[N_OWN_UNIQUE]!;
  const kUnique = kd[N_OWN_UNIQUE]!;
  const inter = intersect(kd, ks.ownUnique, kUnique, ad, as.ownUnique, aUnique);
  const union = aUnique + kUnique - inter;
  const interAll = intersect(kd, ks.all, kd[N_ALL]!, ad, as.all, ad[N_ALL]!);
  const dims = emb.dims;
  softAlignBoth(K, A, emb, align);
  const recall = align[0]!;
  const precision = align[1]!;
  const nkb = kd[N_BIGRAMS]!;
  const biInter = intersect(kd, ks.bigrams, nkb, ad, as.bigrams, ad[N_BIGRAMS]!);
  out[0] = cosineAt(A.vecs, 0, ad[WORDS_NORM]!, K.vecs, 0, kd[WORDS_NORM]!, dims);
  out[1] = cosineAt(A.vecs, dims, ad[OWN_NORM]!, K.vecs, dims, kd[OWN_NORM]!, dims);
  out[2] = recall;
  out[3] = precision;
  out[4] = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
  out[5] = union > 0 ? inter / union : 0;
  out[6] = kUnique > 0 ? inter / kUnique : 0;
  out[7] = aUnique > 0 ? inter / aUnique : 0;
  out[8] = kd[N_CONTENT]! > 0 ? interAll / kd[N_ALL]! : 0;
  out[9] = Math.min(inter, 5) / 5;
  out[10] = nkb > 0 ? biInter / nkb : 0;
  out[11] = Math.log1p(ad[N_OWN]!);
  out[12] = Math.log1p(kd[N_OWN]!);
  out[13] = kd[N_OWN]! === 0 ? 1 : 0;
  out[14] = ad[NEGATIONS]! > 0 ? 1 : 0;
  out[15] = kd[NEGATIONS]! > 0 ? 1 : 0;
  return out;
}

const values = new Float64Array(KP_VALUES);

/**
 * `kpPairFeatures` on texts already in compact form (`kpText`): the same features.
 * @example kpPairFeaturesOf(kpText(a, emb, topic), kpText(k, emb, topic), emb, topic)
 */
export function kpPairFeaturesOf(
  argText: KpText,
  pointText: KpText,
  emb: Embeddings,
  topic: ReadonlySet<string> = new Set(),
): SparseVector {
  return kpFeaturesFromValues(kpPairValues(argText, pointText, emb, topic, values));
}

/** The hashed features of a pair from its dense values (`kpPairValues`). */
export function kpFeaturesFromValues(v: Float64Array): SparseVector {
  const f = new FeatureBuilder(KP_BITS);
  const [cosAll, cosContent, recall, precision, fsoft, jacc, contK, contA, contKAll, inter, biCont] = v;
  f.addHash(H.bias2);
  f.addHash(H.cos, cosAll);
  f.addHash(H.cosC, cosContent);
  f.addHash(H.rec, recall);
  f.addHash(H.prec, precision);
  f.addHash(H.fsoft, fsoft);
  f.addHash(H.rec2, recall! * recall!);
  f.addHash(H.cosCRec, cosContent! * recall!);
  f.addHash(H.jacc, jacc);
  f.addHash(H.contK, contK);
  f.addHash(H.contA, contA);
  f.addHash(H.contKAll, contKAll);
  f.addHash(H.inter, inter);
  f.addHash(H.bi, biCont);
  addBinned(f, BINS.cos, cosAll!);
  addBinned(f, BINS.cosC, cosContent!);
  addBinned(f, BINS.rec, recall!);
  addBinned(f, BINS.fsoft, fsoft!);
  addBinned(f, BINS.contK, contK!);
  const la = v[11]!;
  const lk = v[12]!;
  f.addHash(H.lenA, la / 4);
  f.addHash(H.lenK, lk / 3);
  f.addHash(H.lenRatio, lk - la);
  f.addHash(v[13] ? H.kEmpty : H.kHas);
  const negA = v[14]! > 0;
  const negK = v[15]! > 0;
  f.addHash(NEG[(negA ? 2 : 0) + (negK ? 1 : 0)]!);
  f.addHash(H.negMismatchRec, negA !== negK ? recall : 0);
  return f.build();
}
