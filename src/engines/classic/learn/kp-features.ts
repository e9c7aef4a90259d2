/**
 * Features of an (argument, key point) pair for the key point matcher: SIF embedding cosine,
 * soft word alignment through word vectors, lemma overlap (Jaccard, containment), bigram overlap,
 * length ratios and negation mismatch. Words of the debate topic (when given) are discounted so
 * that two texts do not look alike merely because both mention the topic.
 */
import type { Analysed } from "./analyse.js";
import { cosine, type Embeddings } from "./embeddings.js";
import { FeatureBuilder, type SparseVector } from "./hash.js";

export const KP_BITS = 14;

function softAlign(from: readonly string[], to: readonly string[], emb: Embeddings): number {
  if (from.length === 0 || to.length === 0) return 0;
  let total = 0;
  let weights = 0;
  for (const a of from) {
    const w = emb.sifWeight(a);
    let best = 0;
    for (const b of to) {
      const s = a === b ? 1 : emb.similarity(a, b);
      if (s > best) best = s;
    }
    total += w * best;
    weights += w;
  }
  return weights > 0 ? total / weights : 0;
}

const vectors = new WeakMap<Analysed, { emb: Embeddings; v: Float32Array }>();

/** `emb.sentenceVector(a.words)`, kept per analysis (the matcher scores one text against many). */
function wordsVector(a: Analysed, emb: Embeddings): Float32Array {
  const hit = vectors.get(a);
  if (hit && hit.emb === emb) return hit.v;
  const v = emb.sentenceVector(a.words);
  vectors.set(a, { emb, v });
  return v;
}

function bigrams(xs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < xs.length; i++) out.add(`${xs[i]} ${xs[i + 1]}`);
  return out;
}

/** Binned indicator features of a similarity in [0, 1] so the linear model can bend. */
function addBinned(f: FeatureBuilder, name: string, v: number, bins: number): void {
  const b = Math.max(0, Math.min(bins - 1, Math.floor(v * bins)));
  f.add(`${name}#${b}`);
}

/**
 * Feature vector of an (argument, key point) pair.
 * @example kpPairFeatures(analyseText(arg), analyseText(kp), emb, topicLemmas)
 */
export function kpPairFeatures(arg: Analysed, kp: Analysed, emb: Embeddings, topic: ReadonlySet<string> = new Set()): SparseVector {
  const f = new FeatureBuilder(KP_BITS);
  const aC = arg.content.filter((w) => !topic.has(w));
  const kC = kp.content.filter((w) => !topic.has(w));
  const aSet = new Set(aC);
  const kSet = new Set(kC);
  let inter = 0;
  for (const w of kSet) if (aSet.has(w)) inter++;
  const union = aSet.size + kSet.size - inter;
  const jacc = union > 0 ? inter / union : 0;
  const contK = kSet.size > 0 ? inter / kSet.size : 0;
  const contA = aSet.size > 0 ? inter / aSet.size : 0;
  const aAll = new Set(arg.content);
  let interAll = 0;
  for (const w of new Set(kp.content)) if (aAll.has(w)) interAll++;
  const contKAll = kp.content.length > 0 ? interAll / new Set(kp.content).size : 0;

  const cosAll = cosine(wordsVector(arg, emb), wordsVector(kp, emb));
  const cosContent = cosine(emb.sentenceVector(aC), emb.sentenceVector(kC));
  const recall = softAlign(kC, aC, emb);
  const precision = softAlign(aC, kC, emb);
  const fsoft = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
  const aBi = bigrams(arg.lemmas);
  let biInter = 0;
  const kBi = bigrams(kp.lemmas);
  for (const b of kBi) if (aBi.has(b)) biInter++;
  const biCont = kBi.size > 0 ? biInter / kBi.size : 0;

  f.add("bias2");
  f.add("cos", cosAll);
  f.add("cosC", cosContent);
  f.add("rec", recall);
  f.add("prec", precision);
  f.add("fsoft", fsoft);
  f.add("rec2", recall * recall);
  f.add("cosC*rec", cosContent * recall);
  f.add("jacc", jacc);
  f.add("contK", contK);
  f.add("contA", contA);
  f.add("contKAll", contKAll);
  f.add("inter", Math.min(inter, 5) / 5);
  f.add("bi", biCont);
  addBinned(f, "cos", cosAll, 10);
  addBinned(f, "cosC", cosContent, 10);
  addBinned(f, "rec", recall, 10);
  addBinned(f, "fsoft", fsoft, 10);
  addBinned(f, "contK", contK, 5);
  const la = Math.log1p(aC.length);
  const lk = Math.log1p(kC.length);
  f.add("lenA", la / 4);
  f.add("lenK", lk / 3);
  f.add("lenRatio", lk - la);
  f.add(kC.length === 0 ? "kEmpty" : "kHas");
  const negA = arg.negations > 0;
  const negK = kp.negations > 0;
  f.add(`neg:${negA ? 1 : 0}${negK ? 1 : 0}`);
  f.add("negMismatch*rec", negA !== negK ? recall : 0);
  return f.build();
}
