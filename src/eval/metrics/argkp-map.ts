/**
 * ArgKP key point matching mAP (strict / relaxed), as ../shared/data/README.md describes it:
 *
 * 1. For each argument keep its highest-scoring key point among the key points of the same topic
 *    and stance (ties: the key point listed first). No key point scored → score 0, label 0 (the
 *    official script's "dummy" key point; it counts as a non-match in strict and relaxed alike).
 * 2. Label of the kept pair from labels_*.csv; a pair absent there was undecided by annotators:
 *    strict counts it as 0, relaxed as 1.
 * 3. Within each (topic, stance) group sort by score descending (stable: ties keep argument
 *    order) and keep the top ⌊50 % · n⌋.
 * 4. Group score = averagePrecision(kept labels, kept scores) (scikit-learn semantics).
 * 5. mAP = mean over groups.
 *
 * The README adds "times (positives kept / size kept)" to step 4. That variant is computed too
 * (`strictScaled` / `relaxedScaled`), but the published figures match the unscaled score: token
 * overlap on dev reaches 0.656 / 0.769 unscaled (README: 0.643 / 0.802) against 0.372 / 0.547
 * scaled, and the shared task's scoring script returns `average_precision_score` of the kept list
 * without scaling. So `strict` / `relaxed` are the unscaled, comparable numbers.
 */
import type { ArgKpSplit } from "../../datasets/argkp.js";
import { averagePrecision } from "./average-precision.js";
import { bestThreshold } from "./classification.js";

/** argId → kpId → score. Missing entries mean "not scored". */
export type KpScores = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface ArgKpGroupScore {
  topic: string;
  stance: number;
  size: number;
  kept: number;
  strict: { ap: number; positiveRate: number; scaled: number };
  relaxed: { ap: number; positiveRate: number; scaled: number };
}

export interface ArgKpMapResult {
  /** Mean over groups of AP of the kept list (comparable to published figures). */
  strict: number;
  relaxed: number;
  /** Mean over groups of AP × positives kept / size kept (the README's literal wording). */
  strictScaled: number;
  relaxedScaled: number;
  groups: ArgKpGroupScore[];
}

export function groupKey(topic: string, stance: number): string {
  return `${stance > 0 ? "+" : "-"}${topic}`;
}

/**
 * Official-style mAP of `scores` on `split`.
 * @example argKpMap(split, new Map([["a1", new Map([["k1", 0.9]])]])).strict
 */
export function argKpMap(split: ArgKpSplit, scores: KpScores, topFraction = 0.5): ArgKpMapResult {
  const labels = new Map(split.labels.map((l) => [`${l.argId}\u0000${l.kpId}`, l.label]));
  const kpsByGroup = new Map<string, string[]>();
  for (const kp of split.keyPoints) {
    const k = groupKey(kp.topic, kp.stance);
    kpsByGroup.set(k, [...(kpsByGroup.get(k) ?? []), kp.id]);
  }
  const rows = new Map<
    string,
    { topic: string; stance: number; items: { score: number; strict: number; relaxed: number }[] }
  >();
  for (const arg of split.arguments) {
    const k = groupKey(arg.topic, arg.stance);
    const argScores = scores.get(arg.id);
    let best: { kp: string; score: number } | undefined;
    for (const kp of kpsByGroup.get(k) ?? []) {
      const s = argScores?.get(kp);
      if (s === undefined || Number.isNaN(s)) continue;
      if (!best || s > best.score) best = { kp, score: s };
    }
    let item;
    if (!best) item = { score: 0, strict: 0, relaxed: 0 };
    else {
      const label = labels.get(`${arg.id}\u0000${best.kp}`);
      item = { score: best.score, strict: label ?? 0, relaxed: label ?? 1 };
    }
    const row = rows.get(k) ?? { topic: arg.topic, stance: arg.stance, items: [] };
    row.items.push(item);
    rows.set(k, row);
  }
  const groups: ArgKpGroupScore[] = [];
  for (const row of rows.values()) {
    const sorted = row.items
      .map((it, i) => ({ ...it, i }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, Math.floor(row.items.length * topFraction));
    const scoreOf = (key: "strict" | "relaxed") => {
      const ls = sorted.map((x) => x[key]);
      const ap = averagePrecision(
        ls,
        sorted.map((x) => x.score),
      );
      const positiveRate = sorted.length === 0 ? 0 : ls.reduce((s, l) => s + l, 0) / sorted.length;
      return { ap, positiveRate, scaled: ap * positiveRate };
    };
    groups.push({
      topic: row.topic,
      stance: row.stance,
      size: row.items.length,
      kept: sorted.length,
      strict: scoreOf("strict"),
      relaxed: scoreOf("relaxed"),
    });
  }
  const mean = (f: (g: ArgKpGroupScore) => number) =>
    groups.length === 0 ? 0 : groups.reduce((s, g) => s + f(g), 0) / groups.length;
  return {
    strict: mean((g) => g.strict.ap),
    relaxed: mean((g) => g.relaxed.ap),
    strictScaled: mean((g) => g.strict.scaled),
    relaxedScaled: mean((g) => g.relaxed.scaled),
    groups,
  };
}

/**
 * Precision, recall and F1 at the F1-maximising threshold over all labelled (argument, key point)
 * pairs; unscored pairs get score 0.
 */
export function argKpBestThreshold(split: ArgKpSplit, scores: KpScores): ReturnType<typeof bestThreshold> {
  return bestThreshold(
    split.labels.map((l) => l.label),
    split.labels.map((l) => scores.get(l.argId)?.get(l.kpId) ?? 0),
  );
}
