/**
 * Web discourse (Habernal & Gurevych 2017): claim and premise detection from raw text, k-fold
 * cross-validated by document; span F1 per class and macro, at overlap ≥ 50 % and exact.
 *
 * Gold mapping: Claim → Claim; Premise and Backing → Premise (both give grounds for a claim in
 * the paper's modified Toulmin model). Rebuttal and Refutation are neither and are ignored: they
 * are not gold spans, and a predicted span overlapping one by ≥ 50 % is discarded rather than
 * counted as a false positive. Implicit (zero-length) claims are dropped by the reader.
 */
import { readWebDiscourseWithStats, type WdDoc } from "../../datasets/web-discourse.js";
import { kFolds } from "../folds.js";
import { sumPrf, type Prf } from "../metrics/classification.js";
import { spanCounts, spanOverlap, type TypedSpan } from "../metrics/spans.js";
import type { TaskResult } from "../result.js";
import type { WdLabel, WdSystem } from "../systems.js";

export const WD_LABELS: readonly WdLabel[] = ["Claim", "Premise"];

export interface WebDiscourseTaskOptions {
  path: string;
  folds?: number;
  systems: readonly WdSystem[];
}

/** Gold Claim/Premise spans of a document and the ignored (Rebuttal/Refutation) spans. */
export function goldSpans(doc: WdDoc): { gold: TypedSpan<WdLabel>[]; ignored: [number, number][] } {
  const gold: TypedSpan<WdLabel>[] = [];
  const ignored: [number, number][] = [];
  for (const c of doc.components) {
    if (c.type === "Claim") gold.push({ type: "Claim", span: c.span });
    else if (c.type === "Premise" || c.type === "Backing") gold.push({ type: "Premise", span: c.span });
    else ignored.push(c.span);
  }
  return { gold, ignored };
}

/** Run web discourse cross-validation for every system. */
export async function runWebDiscourse(options: WebDiscourseTaskOptions): Promise<TaskResult> {
  const { docs, dropped } = readWebDiscourseWithStats(options.path);
  const k = options.folds ?? 10;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const folds = kFolds(
    docs.map((d) => d.id),
    k,
  );
  const rows = [];
  for (const system of options.systems) {
    const counts: Record<"overlap" | "exact", Record<WdLabel, Prf[]>> = {
      overlap: { Claim: [], Premise: [] },
      exact: { Claim: [], Premise: [] },
    };
    let discarded = 0;
    for (const fold of folds) {
      const held = new Set(fold);
      const predictor = await system.fit(docs.filter((d) => !held.has(d.id)));
      for (const id of fold) {
        const doc = byId.get(id)!;
        const { gold, ignored } = goldSpans(doc);
        const raw = await predictor.predict({ id: doc.id, text: doc.text });
        const pred = raw.filter((p) => !ignored.some((s) => spanOverlap(s, p.span) >= 0.5));
        discarded += raw.length - pred.length;
        for (const mode of ["overlap", "exact"] as const) {
          const c = spanCounts(doc.text, WD_LABELS, gold, pred, mode);
          for (const l of WD_LABELS) counts[mode][l].push(c[l]);
        }
      }
    }
    const metrics: Record<string, number> = {};
    const details: Record<string, Record<WdLabel, Prf>> = {};
    for (const mode of ["overlap", "exact"] as const) {
      const per = { Claim: sumPrf(counts[mode].Claim), Premise: sumPrf(counts[mode].Premise) };
      details[mode] = per;
      for (const l of WD_LABELS) {
        metrics[`${mode}_${l}_P`] = per[l].precision;
        metrics[`${mode}_${l}_R`] = per[l].recall;
        metrics[`${mode}_${l}_F1`] = per[l].f1;
      }
      metrics[`${mode}_macroF1`] = (per.Claim.f1 + per.Premise.f1) / 2;
    }
    metrics.discarded = discarded;
    rows.push({ system: system.name, description: system.description, metrics, details });
  }
  return {
    task: "web-discourse",
    data: options.path,
    protocol: `${k}-fold cross-validation by document (${docs.length} documents); counts pooled over folds`,
    notes: [
      "Overlap match: same class and |pred ∩ gold| / max(|pred|, |gold|) ≥ 0.5, one-to-one (greedy by overlap). Exact: identical boundaries after trimming whitespace.",
      "Gold: Claim → Claim; Premise + Backing → Premise; Rebuttal/Refutation ignored (predictions overlapping them ≥ 50 % discarded, count in 'discarded').",
      `Reader dropped ${dropped.implicit} implicit (zero-length) components, ${dropped.untyped} untyped ArgumentComponent annotations and ${dropped.relations} relations touching them.`,
    ],
    columns: [
      { key: "overlap_Claim_F1", label: "Claim F1≥50%" },
      { key: "overlap_Premise_F1", label: "Premise F1≥50%" },
      { key: "overlap_macroF1", label: "macro F1≥50%" },
      { key: "exact_Claim_F1", label: "Claim F1 exact" },
      { key: "exact_Premise_F1", label: "Premise F1 exact" },
      { key: "exact_macroF1", label: "macro F1 exact" },
    ],
    rows,
  };
}
