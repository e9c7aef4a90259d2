/**
 * The CDCP cross-validation system `cdcp-head`: logistic-regression proposition types, a
 * head-selection link model (per source proposition, a softmax over "no link" and every other
 * proposition of the comment; `src/engines/classic/learn/head-select.ts`) over the link scorer's
 * features, and exact maximum-weight forest decoding (Chu–Liu/Edmonds, `msaForest`). The link
 * threshold is chosen by an inner 3-fold cross-validation on the training comments only.
 */
import type { CdcpDoc } from "../datasets/cdcp.js";
import { headProbs, trainHeadSelection, type HeadGroup } from "../engines/classic/learn/head-select.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import type { LogRegModel } from "../engines/classic/learn/logreg.js";
import { loadEmbeddings } from "../engines/classic/models.js";
import {
  addSparse,
  decodeForest,
  msaForest,
  STRUCTURE_BITS,
  type ScoredLink,
} from "../engines/classic/structure.js";
import { noLinkExtraVector, pairExtraVector, type HeadExtra } from "../engines/classic/learn/head-extras.js";
import type { SparseVector } from "../engines/classic/learn/hash.js";
import { predictTypeProbs, predictTypes, trainCdcpTypes } from "../train/cdcp.js";
import { analyse, cdcpGold, cdcpParagraph, paragraphGroups, type LinkParagraph } from "../train/links.js";
import { kFolds } from "./folds.js";
import type { CdcpSystem } from "./system-types.js";

export const HEAD_OPTIONS = { bits: 16, l2: 1e-5, epochs: 3, learningRate: 0.1, seed: 17 } as const;
/** Thresholds the inner cross-validation chooses from. */
export const HEAD_THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4] as const;

/** A comment as the head model sees it: a link paragraph plus (for the "probs" extra) soft types. */
type HeadParagraph = LinkParagraph & { probs?: Record<string, number>[] };

/** Head-selection groups of a paragraph with the chosen extra feature groups added. */
function headGroups(
  par: HeadParagraph,
  emb: Embeddings,
  extras: ReadonlySet<HeadExtra>,
): { from: number; to: number[]; candidates: SparseVector[] }[] {
  const groups = paragraphGroups(par, emb);
  if (extras.size === 0) return groups;
  return groups.map((g) => ({
    ...g,
    candidates: g.candidates.map((c, k) =>
      addSparse(
        c,
        k === 0
          ? noLinkExtraVector(par, g.from, extras, STRUCTURE_BITS)
          : pairExtraVector(par, g.from, g.to[k - 1]!, extras, STRUCTURE_BITS),
      ),
    ),
  }));
}

/** A comment with the given hard types, plus soft types when the "probs" extra is on. */
function headParagraph(
  d: CdcpDoc,
  kinds: readonly string[],
  emb: Embeddings,
  types: LogRegModel,
  extras: ReadonlySet<HeadExtra>,
): HeadParagraph {
  const par: HeadParagraph = cdcpParagraph(d, kinds);
  if (extras.has("probs")) par.probs = predictTypeProbs(d, emb, types);
  return par;
}

/**
 * Train the head model on gold types (and, for "probs", the type head's in-sample
 * probabilities on the same training comments: no held-out comment is seen).
 */
function trainHeads(
  docs: readonly CdcpDoc[],
  emb: Embeddings,
  types: LogRegModel,
  extras: ReadonlySet<HeadExtra>,
): LogRegModel {
  const groups: HeadGroup[] = [];
  for (const d of docs) {
    const gold = cdcpGold(d, false);
    for (const g of headGroups(
      headParagraph(
        d,
        d.props.map((p) => p.type),
        emb,
        types,
        extras,
      ),
      emb,
      extras,
    )) {
      const hits = g.to.map((j, k) => (gold.has(`${g.from}>${j}`) ? k + 1 : -1)).filter((k) => k > 0);
      if (hits.length === 0) groups.push({ candidates: g.candidates, gold: 0 });
      else for (const h of hits) groups.push({ candidates: g.candidates, gold: h });
    }
  }
  return trainHeadSelection(groups, HEAD_OPTIONS);
}

function scoreHeads(
  par: HeadParagraph,
  model: LogRegModel,
  emb: Embeddings,
  extras: ReadonlySet<HeadExtra>,
): ScoredLink[] {
  const out: ScoredLink[] = [];
  for (const g of headGroups(par, emb, extras)) {
    const p = headProbs(model, g.candidates);
    g.to.forEach((j, k) => out.push({ from: g.from, to: j, p: p[k + 1]! }));
  }
  return out;
}

type Decoder = (n: number, links: readonly ScoredLink[], threshold: number) => ScoredLink[];

/** The threshold of `HEAD_THRESHOLDS` with the best pooled link F1 over an inner k-fold CV of `docs`. */
export function innerThreshold(
  docs: readonly CdcpDoc[],
  emb: Embeddings,
  decode: Decoder,
  folds = 3,
  extras: ReadonlySet<HeadExtra> = new Set(),
): number {
  // Too few comments to split: fall back to the usual default.
  if (docs.length < 2) return 0.2;
  const k = Math.min(folds, docs.length);
  const counts = HEAD_THRESHOLDS.map(() => [0, 0, 0]);
  for (const fold of kFolds(
    docs.map((d) => d.id),
    k,
  )) {
    const held = new Set(fold);
    const tr = docs.filter((d) => !held.has(d.id));
    const types = trainCdcpTypes(tr, emb);
    const model = trainHeads(tr, emb, types, extras);
    for (const d of docs.filter((x) => held.has(x.id))) {
      const par = headParagraph(d, predictTypes(d, emb, types), emb, types, extras);
      const scored = scoreHeads(par, model, emb, extras);
      const gold = cdcpGold(d, false);
      HEAD_THRESHOLDS.forEach((t, i) => {
        const c = counts[i]!;
        let tp = 0;
        const pred = decode(d.props.length, scored, t);
        for (const l of pred) if (gold.has(`${l.from}>${l.to}`)) tp++;
        c[0]! += tp;
        c[1]! += pred.length - tp;
        c[2]! += gold.size - tp;
      });
    }
  }
  const f1 = (c: number[]) => (2 * c[0]!) / Math.max(1, 2 * c[0]! + c[1]! + c[2]!);
  let best = 0;
  counts.forEach((c, i) => {
    if (f1(c) > f1(counts[best]!)) best = i;
  });
  return HEAD_THRESHOLDS[best]!;
}

/**
 * CDCP reason links by head selection; `decoder` "msa" (exact forest) or "greedy"; `extras` the
 * optional feature groups of `head-extras.ts` (the name gets `+group` for each).
 */
export function cdcpHeadSystem(
  decoder: "msa" | "greedy" = "msa",
  extraGroups: readonly HeadExtra[] = [],
): CdcpSystem {
  const decode: Decoder = decoder === "msa" ? msaForest : decodeForest;
  const extras = new Set(extraGroups);
  const suffix = extraGroups.map((e) => `+${e}`).join("");
  return {
    name: (decoder === "msa" ? "cdcp-head" : "cdcp-head-greedy") + suffix,
    description: `logistic regression types + head-selection link model (softmax over "no link" and targets)${suffix ? ` with extra features ${extraGroups.join(", ")}` : ""}, ${decoder === "msa" ? "maximum spanning forest (Chu–Liu/Edmonds)" : "greedy forest"}, threshold by inner 3-fold CV on the training folds`,
    needsTraining: true,
    fit(train) {
      const emb = loadEmbeddings();
      const threshold = innerThreshold(train, emb, decode, 3, extras);
      const types = trainCdcpTypes(train, emb);
      const model = trainHeads(train, emb, types, extras);
      return {
        predict(doc) {
          const t = predictTypes(doc, emb, types);
          const par: HeadParagraph = {
            an: doc.props.map((p) => analyse(doc.text.slice(p.span[0], p.span[1]))),
            kinds: t,
          };
          if (extras.has("probs")) par.probs = predictTypeProbs(doc, emb, types);
          const links = decode(doc.props.length, scoreHeads(par, model, emb, extras), threshold);
          return { types: t, reasons: links.map((l) => ({ from: l.from, to: l.to })) };
        },
      };
    },
  };
}
