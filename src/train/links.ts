/**
 * Training of the link scorer (`models/link-scorer.json`): ordered unit pairs within one
 * comment/paragraph → none / support / attack, over the relation classifier's pair features plus
 * the paragraph-context features of `src/engines/classic/structure.ts`. Data: CDCP reason and
 * evidence links (support) and web-discourse relations (Premise/Backing → Claim support,
 * Rebuttal → Claim attack, Refutation → its Rebuttal attack). Also the CDCP cross-validation
 * system `cdcp-forest` (`src/eval/cdcp-forest-system.ts`) uses the same features.
 */
import type { CdcpDoc } from "../datasets/cdcp.js";
import type { WdDoc } from "../datasets/web-discourse.js";
import { analyseText, type Analysed } from "../engines/classic/learn/analyse.js";
import { cosine, type Embeddings } from "../engines/classic/learn/embeddings.js";
import { linkFeatures } from "../engines/classic/learn/link-features.js";
import {
  predictProba,
  trainLogReg,
  type Example,
  type LogRegModel,
} from "../engines/classic/learn/logreg.js";
import {
  addSparse,
  contextFeatures,
  contextVector,
  STRUCTURE_BITS,
  type ParagraphUnit,
} from "../engines/classic/structure.js";
import { FeatureBuilder, type SparseVector } from "../engines/classic/learn/hash.js";

export const LINK_SCORER_CLASSES = ["none", "support", "attack"] as const;
export const LINK_SCORER_OPTIONS = {
  classes: 3,
  bits: STRUCTURE_BITS,
  l2: 1e-5,
  epochs: 8,
  learningRate: 0.1,
  seed: 17,
} as const;
/** Forest decoding threshold on P(link) (chosen on CDCP 5-fold CV). */
export const FOREST_THRESHOLD = 0.2;

const CLAIM_LIKE = new Set(["major-claim", "claim", "policy", "value"]);

/** A paragraph as the link scorer sees it: analysed units with their kinds. */
export interface LinkParagraph {
  an: Analysed[];
  kinds: string[];
}

/** Feature vectors of every ordered pair of a paragraph. */
export function paragraphPairs(
  par: LinkParagraph,
  emb: Embeddings,
  samePost = true,
  context = true,
): { i: number; j: number; x: SparseVector }[] {
  const n = par.an.length;
  const vecs = par.an.map((a) => emb.sentenceVector(a.words));
  const sims = vecs.map((a) => vecs.map((b) => cosine(a, b)));
  const units: ParagraphUnit[] = par.kinds.map((kind) => ({ kind, claimLike: CLAIM_LIKE.has(kind) }));
  const out: { i: number; j: number; x: SparseVector }[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const base = linkFeatures(
        par.an[i]!,
        par.an[j]!,
        { from: i, to: j, count: n, fromType: par.kinds[i]!, toType: par.kinds[j]!, samePost },
        emb,
      );
      out.push({
        i,
        j,
        x: context ? addSparse(base, contextVector(contextFeatures(units, sims, i, j))) : base,
      });
    }
  return out;
}

const analysed = new Map<string, Analysed>();
export function analyse(text: string): Analysed {
  let a = analysed.get(text);
  if (!a) analysed.set(text, (a = analyseText(text)));
  return a;
}

/** Training examples (0 none, 1 support, 2 attack) of one paragraph with gold links. */
export function paragraphExamples(
  par: LinkParagraph,
  gold: ReadonlyMap<string, 1 | 2>,
  emb: Embeddings,
): Example[] {
  return paragraphPairs(par, emb).map(({ i, j, x }) => ({ x, y: gold.get(`${i}>${j}`) ?? 0 }));
}

const CDCP_KIND: Record<string, string> = {
  policy: "claim",
  value: "claim",
  fact: "premise",
  testimony: "premise",
  reference: "evidence",
};

/** A CDCP comment as a link paragraph; `kinds` are CDCP types or, mapped, engine kinds. */
export function cdcpParagraph(d: CdcpDoc, kinds: readonly string[]): LinkParagraph {
  return { an: d.props.map((p) => analyse(d.text.slice(p.span[0], p.span[1]))), kinds: [...kinds] };
}

export function cdcpGold(d: CdcpDoc, evidences = true): Map<string, 1 | 2> {
  const links = evidences ? [...d.reasons, ...d.evidences] : d.reasons;
  return new Map(links.map((l) => [`${l.from}>${l.to}`, 1 as const]));
}

/** Web discourse document as a link paragraph with gold links (see the module comment). */
export function wdParagraph(d: WdDoc): { par: LinkParagraph; gold: Map<string, 1 | 2> } {
  const comps = [...d.components].sort((a, b) => a.span[0] - b.span[0]);
  const index = new Map(comps.map((c, i) => [c.id, i] as const));
  const gold = new Map<string, 1 | 2>();
  const rebuttals = comps.map((c, i) => (c.type === "Rebuttal" ? i : -1)).filter((i) => i >= 0);
  for (const r of d.relations) {
    const from = index.get(r.from)!;
    const type = comps[from]!.type;
    let to = index.get(r.to)!;
    if (type === "Refutation") to = rebuttals.filter((k) => k < from).pop() ?? rebuttals[0] ?? to;
    gold.set(`${from}>${to}`, type === "Rebuttal" || type === "Refutation" ? 2 : 1);
  }
  return {
    par: {
      an: comps.map((c) => analyse(d.text.slice(c.span[0], c.span[1]))),
      kinds: comps.map((c) => (c.type === "Claim" ? "claim" : "premise")),
    },
    gold,
  };
}

/** Train the shipped link scorer on CDCP (engine kinds) and web discourse. */
export function trainLinkScorer(
  cdcp: readonly CdcpDoc[],
  wd: readonly WdDoc[],
  emb: Embeddings,
): LogRegModel {
  const ex: Example[] = [];
  for (const d of cdcp)
    ex.push(
      ...paragraphExamples(
        cdcpParagraph(
          d,
          d.props.map((p) => CDCP_KIND[p.type]!),
        ),
        cdcpGold(d),
        emb,
      ),
    );
  for (const d of wd) {
    const { par, gold } = wdParagraph(d);
    ex.push(...paragraphExamples(par, gold, emb));
  }
  return trainLogReg(ex, LINK_SCORER_OPTIONS);
}

/** P(any link) per ordered pair of a paragraph. */
export function scoreParagraph(par: LinkParagraph, model: LogRegModel, emb: Embeddings) {
  return paragraphPairs(par, emb).map(({ i, j, x }) => {
    const p = predictProba(model, x);
    return { from: i, to: j, p: 1 - p[0]!, attack: p[2] ?? 0 };
  });
}

/** Each source keeps its best target when it reaches the threshold (no tree constraint). */
export function decodeBest(scored: readonly { from: number; to: number; p: number }[], threshold: number) {
  const best = new Map<number, { from: number; to: number; p: number }>();
  for (const s of scored) if (s.p >= threshold && (best.get(s.from)?.p ?? -1) < s.p) best.set(s.from, s);
  return [...best.values()];
}

/**
 * Features of the "no link" candidate of source `i` in head selection: its kind, position in the
 * paragraph, paragraph size and first words (a policy proposal or an opening thesis is a root).
 */
export function noLinkVector(par: LinkParagraph, i: number): SparseVector {
  const n = par.an.length;
  const kind = par.kinds[i]!;
  const pos = i === 0 ? "first" : i === n - 1 ? "last" : "mid";
  const lem = par.an[i]!.lemmas;
  const f = new FeatureBuilder(STRUCTURE_BITS);
  f.add("none");
  f.add(`none|${kind}`);
  f.add(`none|${pos}`);
  f.add(`none|${pos}|${kind}`);
  f.add(`none|n:${Math.min(5, Math.floor(Math.log2(1 + n)))}`);
  f.add(`none|w:${lem[0] ?? ""}`);
  f.add(`none|w2:${lem.slice(0, 2).join(" ")}`);
  return f.build();
}

/** Head-selection groups of a paragraph: per source, "no link" then every other unit (in order). */
export function paragraphGroups(
  par: LinkParagraph,
  emb: Embeddings,
): { from: number; to: number[]; candidates: SparseVector[] }[] {
  const pairs = paragraphPairs(par, emb);
  return par.an.map((_, i) => {
    const mine = pairs.filter((p) => p.i === i);
    return { from: i, to: mine.map((p) => p.j), candidates: [noLinkVector(par, i), ...mine.map((p) => p.x)] };
  });
}
