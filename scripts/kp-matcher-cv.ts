/**
 * Compare key point matcher recipes (training pairs × learner) by 4-fold cross-validation by topic
 * on ArgKP train (the folds of `scripts/kpa-cv.ts`), and check them on dev (trained on all of train).
 * Per recipe: the official mAP (pair probability), AUC of "same key point" argument pairs (the
 * pipeline's candidates are arguments), the gold-key-point assignment curve (each argument to its
 * best gold key point when the score passes a threshold: purity, argument coverage), and the
 * key point pipeline's scores (`argkp-pipeline`, shipped cluster options).
 *
 *   npx tsx scripts/kp-matcher-cv.ts                 # every recipe
 *   npx tsx scripts/kp-matcher-cv.ts base args       # some of them
 *
 * Environment (for the measurements in models/README.md): KP_WN=none|same|same+opp and
 * KP_WN_SIM=<similarity> (and KP_WN_FILE=<links file>) replace the shipped WordNet links; KP_MAPLIKE=1 makes key points
 * without the topic, as `argmap map` does; KP_OPTS='{"matchThreshold":0.5}' sets cluster
 * options; KP_RUN_COMMON=<share> sets the share of a run's texts that makes a common word
 * (above 1: none); KP_COMMON / KP_NO_TOPIC change the words discounted in the pair sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readArgKp, type ArgKpSplit } from "../src/datasets/argkp.js";
import { kFolds } from "../src/eval/folds.js";
import { argKpMap } from "../src/eval/metrics/argkp-map.js";
import { runArgKpPipeline, type PipelineSystem } from "../src/eval/tasks/argkp-pipeline.js";
import type { ClusterOptions } from "../src/cluster/index.js";
import { classicScorer } from "../src/engines/classic/keypoint-scorer.js";
import { analyseText } from "../src/engines/classic/learn/analyse.js";
import { kpPairValues, kpText, KP_VALUES, type KpText } from "../src/engines/classic/learn/kp-features.js";
import { loadEmbeddings } from "../src/engines/classic/models.js";
import {
  KP_RECIPES,
  kpPairSets,
  perspectrumPairs,
  trainKpRecipe,
  type KpPair,
  type KpRecipe,
  type KpValueModel,
} from "../src/train/kp-recipes.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, "..", "shared", "data");
const dir = path.join(dataDir, "argkp-2021");
const want = process.argv.slice(2);
const recipes = Object.entries(KP_RECIPES).filter(([n]) => want.length === 0 || want.includes(n));
const log = (s: string) => process.stderr.write(s + "\n");
const f3 = (x: number) => x.toFixed(3);
const t0 = Date.now();

const emb = loadEmbeddings();
if (process.env.KP_WN) {
  const wn = JSON.parse(
    readFileSync(process.env.KP_WN_FILE ?? path.join(root, "models", "wordnet-links.json"), "utf8"),
  ) as {
    same: string;
    opposite?: string;
  };
  emb.setWordLinks(
    process.env.KP_WN.includes("same") ? wn.same.split("\n") : [],
    process.env.KP_WN.includes("opp") ? (wn.opposite ?? "").split("\n") : [],
    Number(process.env.KP_WN_SIM ?? 0.9),
  );
}
const train = readArgKp(dir, "train");
const dev = readArgKp(dir, "dev");
const persp = recipes.some(([, r]) => r.perspectrum) ? perspectrumPairs(dataDir, emb) : [];
log(`perspectrum pairs: ${persp.length}  ${Date.now() - t0} ms`);
// KP_COMMON=<share>: also discount the lemmas of that share of a topic's arguments; KP_NO_TOPIC=1: not the topic's.
const setOptions = {
  commonShare: Number(process.env.KP_COMMON ?? 0),
  topic: process.env.KP_NO_TOPIC !== "1",
};
const trainSets = kpPairSets(train, emb, setOptions);
const devSets = kpPairSets(dev, emb, setOptions);
log(
  `train: ${trainSets.labelled.length} labelled, ${trainSets.argPairs.length} argument pairs, ${trainSets.all.length} same-group (arg, kp)  ${Date.now() - t0} ms`,
);

function auc(pairs: readonly KpPair[], model: KpValueModel): number {
  const s = pairs.map((p) => ({ s: model(p.v), y: p.y }));
  s.sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j < s.length && s[j]!.s === s[i]!.s) j++;
    const r = (i + j + 1) / 2;
    for (let k = i; k < j; k++)
      if (s[k]!.y) {
        rankSum += r;
        pos++;
      }
    i = j;
  }
  const neg = s.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0.5;
}

interface Eval {
  strict: number;
  relaxed: number;
  auc: number;
  /** Per argument: best gold key point's score and whether it is labelled a match. */
  best: { s: number; ok: boolean }[];
}

function evaluate(
  split: ArgKpSplit,
  sets: ReturnType<typeof kpPairSets>,
  model: KpValueModel,
  topics: Set<string>,
): Eval {
  const scores = new Map<string, Map<string, number>>();
  const labels = new Map(split.labels.map((l) => [`${l.argId}\u0000${l.kpId}`, l.label]));
  for (const p of sets.all) {
    if (!topics.has(p.topic)) continue;
    let row = scores.get(p.a);
    if (!row) scores.set(p.a, (row = new Map()));
    row.set(p.b, model(p.v));
  }
  const sub: ArgKpSplit = {
    arguments: split.arguments.filter((a) => topics.has(a.topic)),
    keyPoints: split.keyPoints.filter((k) => topics.has(k.topic)),
    labels: split.labels,
  };
  const m = argKpMap(sub, scores);
  const best: Eval["best"] = [];
  for (const [a, row] of scores) {
    let b = "";
    let s = -1;
    for (const [k, v] of row)
      if (v > s) {
        s = v;
        b = k;
      }
    best.push({ s, ok: labels.get(`${a}\u0000${b}`) === 1 });
  }
  return {
    strict: m.strict,
    relaxed: m.relaxed,
    auc: auc(
      sets.argPairs.filter((p) => topics.has(p.topic)),
      model,
    ),
    best,
  };
}

function curve(best: Eval["best"]): string {
  const out: string[] = [];
  for (const t of [0.3, 0.4, 0.5, 0.6]) {
    const kept = best.filter((b) => b.s >= t);
    out.push(
      `≥${t}: ${f3(kept.filter((b) => b.ok).length / Math.max(1, kept.length))}/${f3(kept.length / best.length)}`,
    );
  }
  const sorted = [...best].sort((a, b) => b.s - a.s);
  for (const c of [0.5, 0.7]) {
    const top = sorted.slice(0, Math.round(c * sorted.length));
    out.push(`top${c * 100}%: ${f3(top.filter((b) => b.ok).length / Math.max(1, top.length))}`);
  }
  return out.join("  ");
}

function matcherOf(model: KpValueModel) {
  const buf = new Float64Array(KP_VALUES);
  const none = new Set<string>();
  const an = (t: string): KpText => kpText(analyseText(t), emb, none);
  return {
    score: (a: string, b: string, t?: string) =>
      model(kpPairValues(an(a), an(b), emb, t ? new Set(analyseText(t).content) : none, buf)),
    analyse: an,
    scoreAnalysed: (a: KpText, b: KpText, t?: ReadonlySet<string>) =>
      model(kpPairValues(a, b, emb, t ?? none, buf)),
  };
}

async function pipeline(split: string, modelOfTopic: (topic: string) => KpValueModel) {
  const system: PipelineSystem = {
    name: "recipe",
    description: "",
    needsTraining: false,
    fit: () => ({ score: () => new Map() }),
    pipelineScorer: (topic) =>
      Promise.resolve(
        classicScorer(
          { keyPointMatcher: matcherOf(modelOfTopic(topic)), embeddings: emb },
          process.env.KP_MAPLIKE === "1" ? undefined : topic,
          // KP_RUN_COMMON=<share> (1.01: none) sets the share of a run's texts that makes a common word.
          process.env.KP_RUN_COMMON ? { commonShare: Number(process.env.KP_RUN_COMMON) } : {},
        ),
      ),
  };
  const r = await runArgKpPipeline({
    dir,
    split,
    systems: [system],
    generators: [{ name: "kpa", options: JSON.parse(process.env.KP_OPTS ?? "{}") as ClusterOptions }],
  });
  const m = r.rows[0]!.metrics;
  return `KPs/group ${f3(m.generated ?? 0)} cov@0.5 ${f3(m.goldCoverageText ?? 0)} cov labels ${f3(m.goldCoverageLabels ?? 0)} purity ${f3(m.purity ?? 0)} arg cov ${f3(m.argumentCoverage ?? 0)}`;
}

const topics = [...new Set(train.arguments.map((a) => a.topic))];
const folds = kFolds(topics, 4);
for (const [name, recipe] of recipes as [string, KpRecipe][]) {
  const acc = { strict: 0, relaxed: 0, auc: 0 };
  const best: Eval["best"] = [];
  const byTopic = new Map<string, KpValueModel>();
  for (const fold of folds) {
    const held = new Set(fold);
    const model = trainKpRecipe(recipe, trainSets, persp, (t) => !held.has(t));
    const e = evaluate(train, trainSets, model, held);
    acc.strict += e.strict / folds.length;
    acc.relaxed += e.relaxed / folds.length;
    acc.auc += e.auc / folds.length;
    best.push(...e.best);
    for (const t of fold) byTopic.set(t, model);
  }
  const cvPipe = await pipeline("train", (t) => byTopic.get(t)!);
  log(`[${name}] CV  mAP ${f3(acc.strict)}/${f3(acc.relaxed)}  AUC ${f3(acc.auc)}  ${curve(best)}`);
  log(`[${name}] CV  pipeline ${cvPipe}`);
  const full = trainKpRecipe(recipe, trainSets, persp, () => true);
  const d = evaluate(dev, devSets, full, new Set(dev.arguments.map((a) => a.topic)));
  log(`[${name}] dev mAP ${f3(d.strict)}/${f3(d.relaxed)}  AUC ${f3(d.auc)}  ${curve(d.best)}`);
  log(`[${name}] dev pipeline ${await pipeline("dev", () => full)}  ${Date.now() - t0} ms`);
}
