/**
 * Cross-validate key point analysis options by topic on an ArgKP split (train by default): the
 * topics are dealt into k folds (`kFolds`), the classic key point matcher is trained on the other
 * folds' labelled pairs, and `argkp-pipeline` scores the key points generated for each held-out
 * topic with that matcher (raw probabilities and SIF shortlist, as `argmap map` runs it). This is
 * how the defaults of `ClusterOptions` were chosen; the shipped matcher is never used here, so
 * the train split is not scored with a model fit on it.
 *
 *   npx tsx scripts/kpa-cv.ts                                  # shipped defaults, 4 folds
 *   npx tsx scripts/kpa-cv.ts '[{}, {"matchThreshold": 0.5}]'  # compare option sets
 *   npx tsx scripts/kpa-cv.ts '[{}]' --split train --folds 4 --data ../shared/data/argkp-2021
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { readArgKp } from "../src/datasets/argkp.js";
import { kFolds } from "../src/eval/folds.js";
import { runArgKpPipeline, type PipelineSystem } from "../src/eval/tasks/argkp-pipeline.js";
import { classicScorer, type ClassicMatcher } from "../src/engines/classic/keypoint-scorer.js";
import { analyseText, type Analysed } from "../src/engines/classic/learn/analyse.js";
import { kpPairFeatures } from "../src/engines/classic/learn/kp-features.js";
import { predictProba } from "../src/engines/classic/learn/logreg.js";
import { loadEmbeddings } from "../src/engines/classic/models.js";
import { topicSet, trainKp } from "../src/train/kp.js";
import type { ClusterOptions } from "../src/cluster/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const variants = z
  .array(z.record(z.string(), z.unknown()))
  .parse(JSON.parse(args.find((a) => a.startsWith("[")) ?? "[{}]")) as ClusterOptions[];
const dir = flag("data", path.join(root, "..", "shared", "data", "argkp-2021"));
const split = flag("split", "train");
const k = Number(flag("folds", "4"));

const data = readArgKp(dir, split);
const emb = loadEmbeddings();
const topics = [...new Set(data.arguments.map((a) => a.topic))];
type Matcher = ClassicMatcher<Analysed>;
const matcherOf = new Map<string, Matcher>();
for (const fold of kFolds(topics, k)) {
  const held = new Set(fold);
  const model = trainKp(data, emb, (t) => !held.has(t));
  const matcher: Matcher = {
    score: (a, b, t) =>
      predictProba(
        model,
        kpPairFeatures(analyseText(a), analyseText(b), emb, t ? topicSet(t) : new Set()),
      )[1]!,
    analyse: (t) => analyseText(t),
    scoreAnalysed: (a, b, t) => predictProba(model, kpPairFeatures(a, b, emb, t ?? new Set()))[1]!,
  };
  for (const t of fold) matcherOf.set(t, matcher);
}
const system: PipelineSystem = {
  name: "kp-fold",
  description: `classic matcher trained on the other ${k - 1} folds of '${split}'`,
  needsTraining: false,
  fit: () => ({ score: () => new Map() }),
  pipelineScorer: (topic) =>
    Promise.resolve(classicScorer({ keyPointMatcher: matcherOf.get(topic)!, embeddings: emb }, topic)),
};
const result = await runArgKpPipeline({
  dir,
  split,
  systems: [system],
  generators: variants.map((options, i) => ({ name: `v${i}`, options })),
});
const f = (x: number | undefined) => (x ?? 0).toFixed(3);
console.log(
  `${k}-fold CV by topic on '${split}' (${topics.length} topics, ${data.arguments.length} arguments)`,
);
result.rows.forEach((row, i) => {
  const m = row.metrics;
  console.log(
    `${JSON.stringify(variants[i])}  KPs/group ${f(m.generated)} (gold ${f(m.gold)})  cov@0.5 ${f(m.goldCoverageText)}  cov labels ${f(m.goldCoverageLabels)}  purity ${f(m.purity)}  arg cov ${f(m.argumentCoverage)}`,
  );
});
