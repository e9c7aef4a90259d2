/**
 * ArgKP key point matching: mAP strict/relaxed (official, see metrics/argkp-map.ts) and P/R/F1 at
 * the F1-best threshold, either on one split (systems trained on `train`) or k-fold
 * cross-validated by topic on one split.
 */
import { readArgKp, type ArgKpSplit } from "../../datasets/argkp.js";
import { kFolds } from "../folds.js";
import { argKpMap, type ArgKpGroupScore, type KpScores } from "../metrics/argkp-map.js";
import { bestThreshold } from "../metrics/classification.js";
import type { TaskResult } from "../result.js";
import type { ArgKpSystem } from "../systems.js";

export interface ArgKpTaskOptions {
  dir: string;
  split: string;
  /** k-fold cross-validation by topic on `split` instead of train → split. */
  folds?: number;
  systems: readonly ArgKpSystem[];
  /** Split to fit trained systems on when not cross-validating (default "train"). */
  trainSplit?: string;
}

/** The part of `split` whose topics are (or, with `invert`, are not) in `topics`. */
export function subsetArgKp(split: ArgKpSplit, topics: ReadonlySet<string>, invert = false): ArgKpSplit {
  const keep = (t: string) => topics.has(t) !== invert;
  const args = split.arguments.filter((a) => keep(a.topic));
  const kps = split.keyPoints.filter((k) => keep(k.topic));
  const argIds = new Set(args.map((a) => a.id));
  return { arguments: args, keyPoints: kps, labels: split.labels.filter((l) => argIds.has(l.argId)) };
}

interface Scored {
  groups: ArgKpGroupScore[];
  labels: number[];
  scores: number[];
}

async function scoreOn(system: ArgKpSystem, train: ArgKpSplit, test: ArgKpSplit): Promise<Scored> {
  const predictor = await system.fit(train);
  const scores: KpScores = await predictor.score(test);
  return {
    groups: argKpMap(test, scores).groups,
    labels: test.labels.map((l) => l.label),
    scores: test.labels.map((l) => scores.get(l.argId)?.get(l.kpId) ?? 0),
  };
}

/** Run the ArgKP evaluation for every system. */
export async function runArgKp(options: ArgKpTaskOptions): Promise<TaskResult> {
  const data = readArgKp(options.dir, options.split);
  const trainSplit = options.trainSplit ?? "train";
  const notes = [
    "mAP: per argument its top-scoring key point of the same topic and stance; per (topic, stance) the top 50 % by score; AP of that list (scikit-learn average_precision_score: tied scores share a threshold); mean over groups. Undecided pairs: strict 0, relaxed 1. This is the shared task's scoring and matches the published figures.",
    "mAP·pos: the README's literal variant, each group's AP × (positives kept / size kept); shown for reference, not comparable to published figures.",
    "P/R/F1@best: over all labelled pairs, at the threshold that maximises F1.",
  ];
  let protocol: string;
  const runs: { system: ArgKpSystem; scored: Scored[] }[] = [];
  if (options.folds !== undefined) {
    const topics = [...new Set(data.arguments.map((a) => a.topic))];
    const folds = kFolds(topics, options.folds);
    protocol = `${options.folds}-fold cross-validation by topic on '${options.split}' (${topics.length} topics, ${data.arguments.length} arguments); groups pooled over folds`;
    for (const system of options.systems) {
      const scored: Scored[] = [];
      for (const fold of folds) {
        const held = new Set(fold);
        scored.push(await scoreOn(system, subsetArgKp(data, held, true), subsetArgKp(data, held)));
      }
      runs.push({ system, scored });
    }
  } else {
    const needsTrain = options.systems.some((s) => s.needsTraining);
    const train = needsTrain
      ? readArgKp(options.dir, trainSplit)
      : { arguments: [], keyPoints: [], labels: [] };
    protocol = `evaluated on '${options.split}' (${data.arguments.length} arguments, ${data.keyPoints.length} key points); trained systems fit on '${trainSplit}'`;
    if (needsTrain && trainSplit === options.split)
      notes.push(`warning: trained systems are scored on their own training split '${trainSplit}'.`);
    for (const system of options.systems) runs.push({ system, scored: [await scoreOn(system, train, data)] });
  }
  const rows = runs.map(({ system, scored }) => {
    const groups = scored.flatMap((s) => s.groups);
    const mean = (f: (g: ArgKpGroupScore) => number) =>
      groups.length === 0 ? 0 : groups.reduce((s, g) => s + f(g), 0) / groups.length;
    const best = bestThreshold(
      scored.flatMap((s) => s.labels),
      scored.flatMap((s) => s.scores),
    );
    return {
      system: system.name,
      description: system.description,
      metrics: {
        mapStrict: mean((g) => g.strict.ap),
        mapRelaxed: mean((g) => g.relaxed.ap),
        mapStrictScaled: mean((g) => g.strict.scaled),
        mapRelaxedScaled: mean((g) => g.relaxed.scaled),
        precisionAtBest: best.precision,
        recallAtBest: best.recall,
        f1AtBest: best.f1,
        bestThreshold: best.threshold,
      },
      details: { groups },
    };
  });
  return {
    task: "argkp",
    data: options.dir,
    protocol,
    notes,
    columns: [
      { key: "mapStrict", label: "mAP strict" },
      { key: "mapRelaxed", label: "mAP relaxed" },
      { key: "mapStrictScaled", label: "mAP·pos strict" },
      { key: "mapRelaxedScaled", label: "mAP·pos relaxed" },
      { key: "precisionAtBest", label: "P@best" },
      { key: "recallAtBest", label: "R@best" },
      { key: "f1AtBest", label: "F1@best" },
      { key: "bestThreshold", label: "threshold" },
    ],
    rows,
  };
}
