/**
 * CDCP: k-fold cross-validation by comment. Proposition typing is scored with gold proposition
 * spans given (per-type P/R/F1, macro-F1 over the five types, accuracy); reason links as binary
 * classification of ordered proposition pairs within a comment (positive-class P/R/F1).
 * Predictions of all folds are pooled before scoring (each comment is predicted exactly once).
 */
import { ArgmapError } from "../../model/index.js";
import { CDCP_TYPES, readCdcp, type CdcpDoc, type CdcpType } from "../../datasets/cdcp.js";
import { kFolds } from "../folds.js";
import { classReport, prf } from "../metrics/classification.js";
import type { TaskResult } from "../result.js";
import type { CdcpSystem } from "../systems.js";

export interface CdcpTaskOptions {
  dir: string;
  folds?: number;
  systems: readonly CdcpSystem[];
}

/** Count reason-link hits: `gold` and `pred` are from→to pairs of one comment with `n` propositions. */
export function linkCounts(
  n: number,
  gold: readonly { from: number; to: number }[],
  pred: readonly { from: number; to: number }[],
) {
  const key = (l: { from: number; to: number }) => `${l.from}>${l.to}`;
  const valid = (l: { from: number; to: number }) =>
    l.from !== l.to && l.from >= 0 && l.to >= 0 && l.from < n && l.to < n;
  const g = new Set(gold.filter(valid).map(key));
  const p = new Set(pred.filter(valid).map(key));
  let tp = 0;
  for (const k of p) if (g.has(k)) tp++;
  return { tp, fp: p.size - tp, fn: g.size - tp, invalid: pred.filter((l) => !valid(l)).length };
}

/** Run CDCP cross-validation for every system. */
export async function runCdcp(options: CdcpTaskOptions): Promise<TaskResult> {
  const docs = readCdcp(options.dir);
  const k = options.folds ?? 5;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const folds = kFolds(
    docs.map((d) => d.id),
    k,
  );
  const notes = [
    "Types: gold proposition spans given; macro-F1 = unweighted mean of the five per-type F1.",
    "Reasons: candidate pairs = ordered pairs of distinct propositions in one comment; F1 of the positive (linked) class; [[a,b],t] ranges expanded to single links.",
  ];
  const rows = [];
  for (const system of options.systems) {
    const gold: CdcpType[] = [];
    const pred: CdcpType[] = [];
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let invalid = 0;
    for (const fold of folds) {
      const held = new Set(fold);
      const train = docs.filter((d) => !held.has(d.id));
      const predictor = await system.fit(train);
      for (const id of fold) {
        const doc: CdcpDoc = byId.get(id)!;
        const out = await predictor.predict({
          id: doc.id,
          text: doc.text,
          props: doc.props.map((p) => ({ span: p.span })),
        });
        if (out.types.length !== doc.props.length) {
          throw new ArgmapError(
            "INTERNAL",
            `System '${system.name}' returned ${out.types.length} types for ${doc.props.length} propositions in comment ${doc.id}.`,
          );
        }
        gold.push(...doc.props.map((p) => p.type));
        pred.push(...out.types);
        const c = linkCounts(doc.props.length, doc.reasons, out.reasons);
        tp += c.tp;
        fp += c.fp;
        fn += c.fn;
        invalid += c.invalid;
      }
    }
    if (invalid > 0) notes.push(`${system.name}: ${invalid} self or out-of-range predicted links ignored.`);
    const types = classReport(CDCP_TYPES, gold, pred);
    const links = prf(tp, fp, fn);
    rows.push({
      system: system.name,
      description: system.description,
      metrics: {
        typeMacroF1: types.macroF1,
        typeAccuracy: types.accuracy,
        ...Object.fromEntries(CDCP_TYPES.map((t) => [`f1_${t}`, types.perClass[t].f1])),
        reasonP: links.precision,
        reasonR: links.recall,
        reasonF1: links.f1,
      },
      details: { types: types.perClass, reasons: links },
    });
  }
  return {
    task: "cdcp",
    data: options.dir,
    protocol: `${k}-fold cross-validation by comment on ${options.dir} (${docs.length} comments, ${docs.reduce((s, d) => s + d.props.length, 0)} propositions); folds pooled`,
    notes,
    columns: [
      { key: "typeMacroF1", label: "type macro-F1" },
      { key: "typeAccuracy", label: "type acc" },
      ...CDCP_TYPES.map((t) => ({ key: `f1_${t}`, label: `F1 ${t}` })),
      { key: "reasonP", label: "reason P" },
      { key: "reasonR", label: "reason R" },
      { key: "reasonF1", label: "reason F1" },
    ],
    rows,
  };
}
