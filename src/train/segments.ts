/**
 * Segment classifier (none / claim / premise / evidence) and the pairwise relation classifier
 * (none / support / attack): training examples from web discourse (Habernal & Gurevych 2017) and
 * CDCP (Park & Cardie 2018). Pure: documents come in already parsed.
 *
 * Label mapping. Web discourse: a segment of the repo segmenter takes the type of the component
 * covering most of it when that covers ≥ 50 % of the segment (Claim → claim; Premise, Backing,
 * Rebuttal, Refutation → premise), otherwise none. CDCP: policy, value → claim; fact, testimony →
 * premise; reference → evidence. Relations: CDCP reasons/evidences → support; web-discourse
 * relations → attack when the source is a Rebuttal, else support; other ordered pairs → none.
 */
import type { CdcpDoc, CdcpType } from "../datasets/cdcp.js";
import type { WdDoc, WdType } from "../datasets/web-discourse.js";
import { splitClauses, winkSegmenter } from "../segment/index.js";
import { analyseTokens, analyseText, type Analysed } from "../engines/classic/learn/analyse.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import type { SparseVector } from "../engines/classic/learn/hash.js";
import { LINK_BITS, linkFeatures } from "../engines/classic/learn/link-features.js";
import { trainLogReg, type Example, type LogRegModel } from "../engines/classic/learn/logreg.js";
import { SEG_BITS, segmentFeatures } from "../engines/classic/learn/seg-features.js";
import {
  RELATION_KINDS,
  SEGMENT_KINDS,
  type RelationKind,
  type SegmentKind,
} from "../engines/classic/learn/segments.js";

export const SEGMENT_OPTIONS = {
  classes: 4,
  bits: SEG_BITS,
  l2: 1e-5,
  epochs: 10,
  learningRate: 0.2,
  seed: 21,
} as const;
export const RELATION_OPTIONS = {
  classes: 3,
  bits: LINK_BITS,
  l2: 1e-5,
  epochs: 8,
  learningRate: 0.1,
  seed: 22,
} as const;

const CDCP_KIND: Record<CdcpType, SegmentKind> = {
  policy: "claim",
  value: "claim",
  fact: "premise",
  testimony: "premise",
  reference: "evidence",
};
const WD_KIND: Record<WdType, SegmentKind> = {
  Claim: "claim",
  Premise: "premise",
  Backing: "premise",
  Rebuttal: "premise",
  Refutation: "premise",
};

export interface TextSegment {
  span: [number, number];
  an: Analysed;
}

/**
 * Cut a raw text into the repo segmenter's sentences/clauses.
 * @example segmentRawText("Ban it. Because it hurts.").length // 2
 */
export function segmentRawText(text: string): TextSegment[] {
  return winkSegmenter
    .sentences(text, [0, text.length])
    .flatMap(splitClauses)
    .map((c) => ({ span: c.span, an: analyseTokens(c.tokens) }));
}

function overlap(a: readonly [number, number], b: readonly [number, number]): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

/** Gold kind of each segment of a web-discourse document. */
export function labelWdSegments(doc: WdDoc, segs: readonly TextSegment[]): SegmentKind[] {
  return segs.map((s) => {
    let best: SegmentKind = "none";
    let bestOv = 0;
    for (const c of doc.components) {
      const ov = overlap(s.span, c.span);
      if (ov > bestOv) {
        bestOv = ov;
        best = WD_KIND[c.type];
      }
    }
    return bestOv >= 0.5 * (s.span[1] - s.span[0]) ? best : "none";
  });
}

function segExamples(wd: readonly WdDoc[], cdcp: readonly CdcpDoc[], emb: Embeddings): Example[] {
  const ex: Example[] = [];
  for (const d of wd) {
    const segs = segmentRawText(d.text);
    const kinds = labelWdSegments(d, segs);
    segs.forEach((s, i) =>
      ex.push({
        x: segmentFeatures(
          s.an,
          { text: d.text.slice(s.span[0], s.span[1]), index: i, count: segs.length },
          emb,
        ),
        y: SEGMENT_KINDS.indexOf(kinds[i]!),
      }),
    );
  }
  for (const d of cdcp) {
    d.props.forEach((p, i) => {
      const text = d.text.slice(p.span[0], p.span[1]);
      ex.push({
        x: segmentFeatures(analyseText(text), { text, index: i, count: d.props.length }, emb),
        y: SEGMENT_KINDS.indexOf(CDCP_KIND[p.type]),
      });
    });
  }
  return ex;
}

/** Train the segment classifier on web-discourse and CDCP documents. */
export function trainSegmentClassifier(
  wd: readonly WdDoc[],
  cdcp: readonly CdcpDoc[],
  emb: Embeddings,
): LogRegModel {
  return trainLogReg(segExamples(wd, cdcp, emb), SEGMENT_OPTIONS);
}

interface Unit {
  an: Analysed;
  kind: SegmentKind;
}

function relationPairs(
  units: readonly Unit[],
  gold: ReadonlyMap<string, RelationKind>,
  emb: Embeddings,
  ex: Example[],
): void {
  const n = units.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const x: SparseVector = linkFeatures(
        units[i]!.an,
        units[j]!.an,
        { from: i, to: j, count: n, fromType: units[i]!.kind, toType: units[j]!.kind, samePost: true },
        emb,
      );
      ex.push({ x, y: RELATION_KINDS.indexOf(gold.get(`${i}>${j}`) ?? "none") });
    }
}

/** Train the relation classifier on CDCP proposition pairs and web-discourse component pairs. */
export function trainRelationClassifier(
  wd: readonly WdDoc[],
  cdcp: readonly CdcpDoc[],
  emb: Embeddings,
): LogRegModel {
  const ex: Example[] = [];
  for (const d of cdcp) {
    const units = d.props.map((p) => ({
      an: analyseText(d.text.slice(p.span[0], p.span[1])),
      kind: CDCP_KIND[p.type],
    }));
    const gold = new Map<string, RelationKind>();
    for (const r of [...d.reasons, ...d.evidences]) gold.set(`${r.from}>${r.to}`, "support");
    relationPairs(units, gold, emb, ex);
  }
  for (const d of wd) {
    const comps = [...d.components].sort((a, b) => a.span[0] - b.span[0]);
    const pos = new Map(comps.map((c, i) => [c.id, i]));
    const units = comps.map((c) => ({
      an: analyseText(d.text.slice(c.span[0], c.span[1])),
      kind: WD_KIND[c.type],
    }));
    const gold = new Map<string, RelationKind>();
    for (const r of d.relations) {
      const i = pos.get(r.from);
      const j = pos.get(r.to);
      if (i === undefined || j === undefined) continue;
      gold.set(`${i}>${j}`, comps[i]!.type === "Rebuttal" ? "attack" : "support");
    }
    relationPairs(units, gold, emb, ex);
  }
  return trainLogReg(ex, RELATION_OPTIONS);
}
