/**
 * CDCP heads: proposition type (five classes: fact, testimony, value, policy, reference) and
 * reason links (source proposition supports target proposition). Used by `scripts/train.ts` and
 * by the evaluation harness's cross-validation. Pure: documents come in already parsed.
 */
import type { CdcpDoc, CdcpType } from "../datasets/cdcp.js";
import { analyseText, type Analysed } from "../engines/classic/learn/analyse.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import { SEG_BITS, segmentFeatures } from "../engines/classic/learn/seg-features.js";
import { LINK_BITS, linkFeatures } from "../engines/classic/learn/link-features.js";
import {
  predictProba,
  trainLogReg,
  type Example,
  type LogRegModel,
} from "../engines/classic/learn/logreg.js";
import type { SparseVector } from "../engines/classic/learn/hash.js";

/** The five CDCP types in class-index order of the type head. */
export const CDCP_TYPE_ORDER: readonly CdcpType[] = ["fact", "testimony", "value", "policy", "reference"];
/** Default threshold of the reason-link decoder (chosen on 5-fold CV of CDCP train; flat 0.15–0.3). */
export const CDCP_LINK_THRESHOLD = 0.2;

export const CDCP_TYPE_OPTIONS = {
  classes: 5,
  bits: SEG_BITS,
  l2: 1e-5,
  epochs: 10,
  learningRate: 0.2,
  seed: 11,
} as const;
export const CDCP_LINK_OPTIONS = {
  classes: 2,
  bits: LINK_BITS,
  l2: 1e-5,
  epochs: 8,
  learningRate: 0.1,
  seed: 12,
} as const;

export interface Prepared {
  doc: CdcpLike;
  texts: string[];
  an: Analysed[];
  seg: SparseVector[];
}

/** A CDCP comment as predictors see it: text and proposition spans (types and links unknown). */
export interface CdcpLike {
  id: string;
  text: string;
  props: { span: [number, number] }[];
}

const prepCache = new Map<string, Prepared>();
/** Analysis and segment features of every proposition of a comment (memoised by id and text). */
export function prepare(doc: CdcpLike, emb: Embeddings): Prepared {
  const key = `${doc.id}\u0000${doc.text}`;
  const hit = prepCache.get(key);
  if (hit) return hit;
  const texts = doc.props.map((p) => doc.text.slice(p.span[0], p.span[1]));
  const an = texts.map(analyseText);
  const seg = an.map((a, i) => segmentFeatures(a, { text: texts[i]!, index: i, count: texts.length }, emb));
  const out = { doc, texts, an, seg };
  prepCache.set(key, out);
  return out;
}

/** Train the five-type proposition head. */
export function trainCdcpTypes(docs: readonly CdcpDoc[], emb: Embeddings): LogRegModel {
  const ex: Example[] = [];
  for (const d of docs) {
    const p = prepare(d, emb);
    d.props.forEach((prop, i) => ex.push({ x: p.seg[i]!, y: CDCP_TYPE_ORDER.indexOf(prop.type) }));
  }
  return trainLogReg(ex, CDCP_TYPE_OPTIONS);
}

function pairExamples(
  p: Prepared,
  types: readonly string[],
  emb: Embeddings,
): { i: number; j: number; x: SparseVector }[] {
  const out: { i: number; j: number; x: SparseVector }[] = [];
  const n = p.texts.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const x = linkFeatures(
        p.an[i]!,
        p.an[j]!,
        { from: i, to: j, count: n, fromType: types[i]!, toType: types[j]!, samePost: true },
        emb,
      );
      out.push({ i, j, x });
    }
  return out;
}

/** Train the reason-link head; `typesOf` gives the proposition types used as features (gold when training). */
export function trainCdcpLinks(
  docs: readonly CdcpDoc[],
  emb: Embeddings,
  typesOf: (d: CdcpDoc) => string[],
): LogRegModel {
  const ex: Example[] = [];
  for (const d of docs) {
    const p = prepare(d, emb);
    const gold = new Set(d.reasons.map((r) => `${r.from}>${r.to}`));
    for (const { i, j, x } of pairExamples(p, typesOf(d), emb))
      ex.push({ x, y: gold.has(`${i}>${j}`) ? 1 : 0 });
  }
  return trainLogReg(ex, CDCP_LINK_OPTIONS);
}

/** Most probable type of each proposition. */
export function predictTypes(d: CdcpLike, emb: Embeddings, model: LogRegModel): CdcpType[] {
  const p = prepare(d, emb);
  return p.seg.map((x) => {
    const pr = predictProba(model, x);
    return CDCP_TYPE_ORDER[pr.indexOf(Math.max(...pr))]!;
  });
}

/** The type head's probability of each type, per proposition. */
export function predictTypeProbs(
  d: CdcpLike,
  emb: Embeddings,
  model: LogRegModel,
): Record<CdcpType, number>[] {
  return prepare(d, emb).seg.map((x) => {
    const pr = predictProba(model, x);
    return Object.fromEntries(CDCP_TYPE_ORDER.map((t, k) => [t, pr[k]!])) as Record<CdcpType, number>;
  });
}

/** Scored candidate links of a document. */
export function scoreLinks(
  d: CdcpLike,
  emb: Embeddings,
  types: readonly string[],
  model: LogRegModel,
): { i: number; j: number; p: number }[] {
  return pairExamples(prepare(d, emb), types, emb).map(({ i, j, x }) => ({
    i,
    j,
    p: predictProba(model, x)[1]!,
  }));
}

/** Keep, for each source, its best target when the score passes the threshold. */
export function decodeLinks(
  scored: readonly { i: number; j: number; p: number }[],
  threshold: number,
): { from: number; to: number }[] {
  const best = new Map<number, { j: number; p: number }>();
  for (const s of scored) {
    const b = best.get(s.i);
    if (!b || s.p > b.p) best.set(s.i, { j: s.j, p: s.p });
  }
  return [...best.entries()].filter(([, b]) => b.p >= threshold).map(([i, b]) => ({ from: i, to: b.j }));
}
