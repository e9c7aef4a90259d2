/**
 * `argmap eval argkp-pipeline`: the whole key point pipeline, not only the matcher. For each
 * (topic, stance) of the split, key points are generated from the arguments alone
 * (`clusterKeyPoints`, with the system's matcher as the pair scorer), then compared with the gold
 * key points:
 * - gold best-match similarity: for each gold key point, the highest text similarity to a
 *   generated one (symmetric content-stem overlap, the same for every system), and coverage@0.5;
 * - gold coverage by labels: a gold key point counts as found when some generated point has ≥ 2
 *   labelled arguments and at least half of them are labelled as matching that gold point;
 * - purity: per generated point, the largest share of its labelled arguments matching one gold
 *   point; argument coverage: share of arguments assigned to a generated point;
 * beside the official mAP (strict / relaxed) of the same matcher on the gold key points.
 */
import {
  batchScorer,
  clusterKeyPoints,
  lexicalScorer,
  sourceFromTexts,
  type ClusterOptions,
  type KeyPointScorer,
} from "../../cluster/index.js";
import type { NameKeyPointsInput } from "../../engines/engine.js";
import { collectingContext } from "../../model/index.js";
import { readArgKp, type ArgKpSplit } from "../../datasets/argkp.js";
import { argKpMap, groupKey } from "../metrics/argkp-map.js";
import type { TaskResult } from "../result.js";
import type { ArgKpSystem } from "../systems.js";

/**
 * A system whose key point pipeline runs with a scorer of its own (raw pair probabilities and
 * dense vectors, as `argmap map` runs it) instead of the per-group table of its `score` output.
 */
export interface PipelineSystem extends ArgKpSystem {
  pipelineScorer?(topic: string): Promise<KeyPointScorer>;
  /** Names of the generated key points in the system's own words (an LLM engine), by key point id. */
  nameKeyPoints?(input: NameKeyPointsInput): Promise<ReadonlyMap<string, string>>;
}

/** One key point generator: a name and the key point analysis options it runs with. */
export interface PipelineGenerator {
  name: string;
  options: ClusterOptions;
}

/**
 * The thresholds before issue 13 (match and assignment at 0.5, shortlist of 10, no coverage pass,
 * whole-text names of 4–30 words, duplicates at 0.75, no cap), run through today's selection: kept
 * so every run reports them beside the shipped options.
 */
export const LEGACY_GENERATOR: PipelineGenerator = {
  name: "legacy",
  options: {
    matchThreshold: 0.5,
    assignThreshold: 0.5,
    duplicateThreshold: 0.75,
    neighbours: 10,
    exhaustiveMatchPairs: 0,
    coverage: false,
    shortNames: false,
    minShare: 0,
    maxPointShare: 1,
    nameWords: { min: 4, max: 30 },
  },
};

/**
 * The options before issue 24 (every member the final assignment gives stays, reactions may
 * join): kept so every run reports the precision rules beside the generator they replaced.
 */
export const LOOSE_GENERATOR: PipelineGenerator = {
  name: "loose",
  options: { memberThreshold: 0.4, memberAgreement: 0, chatFilter: false },
};

/** Key point analysis with its shipped options: the same run as `argmap map`. */
export const DEFAULT_GENERATOR: PipelineGenerator = { name: "kpa", options: {} };

export interface ArgKpPipelineOptions {
  dir: string;
  split: string;
  systems: readonly PipelineSystem[];
  /** Generators to compare (default: the shipped one, the loose one and the legacy one). */
  generators?: readonly PipelineGenerator[];
  trainSplit?: string;
  /** Similarity at or above which a gold key point counts as covered by text. Default 0.5. */
  threshold?: number;
}

export interface PipelineGroupScore {
  topic: string;
  stance: number;
  arguments: number;
  gold: number;
  generated: number;
  goldBestSimilarity: number;
  goldCoverageText: number;
  goldCoverageLabels: number;
  purity: number;
  argumentCoverage: number;
  keyPoints: string[];
}

const lexical = lexicalScorer();
/** Symmetric text similarity of two key points. */
export function keyPointSimilarity(a: string, b: string): number {
  return (lexical.score(a, b) + lexical.score(b, a)) / 2;
}

/** A scorer that looks pairs up in a system's scores of every (argument, argument) pair of a group. */
async function groupScorer(
  system: Awaited<ReturnType<ArgKpSystem["fit"]>>,
  args: ArgKpSplit["arguments"],
): Promise<KeyPointScorer> {
  const pseudo: ArgKpSplit = {
    arguments: args,
    keyPoints: args.map((a) => ({ ...a, id: `cand:${a.id}` })),
    labels: [],
  };
  const scores = await system.score(pseudo);
  const byText = new Map<string, number>();
  const textOf = new Map(args.map((a) => [a.id, a.text.replace(/\s+/g, " ").trim()]));
  for (const [argId, row] of scores) {
    for (const [kpId, s] of row) byText.set(`${textOf.get(argId)}\u0000${textOf.get(kpId.slice(5))}`, s);
  }
  return batchScorer({
    score: (a, b) => (a === b ? 1 : (byText.get(`${a}\u0000${b}`) ?? lexical.score(a, b))),
    embed: lexical.embed,
  });
}

/** Score the key point pipeline of every system on one split. */
export async function runArgKpPipeline(options: ArgKpPipelineOptions): Promise<TaskResult> {
  const data = readArgKp(options.dir, options.split);
  const trainSplit = options.trainSplit ?? "train";
  const needsTrain = options.systems.some((s) => s.needsTraining);
  const train = needsTrain
    ? readArgKp(options.dir, trainSplit)
    : { arguments: [], keyPoints: [], labels: [] };
  const threshold = options.threshold ?? 0.5;
  const positive = new Map<string, Set<string>>(); // argId → gold kp ids labelled 1
  const labelled = new Set<string>();
  for (const l of data.labels) {
    labelled.add(l.argId);
    if (l.label === 1) positive.set(l.argId, (positive.get(l.argId) ?? new Set()).add(l.kpId));
  }
  const groupsOf = new Map<
    string,
    { topic: string; stance: number; args: ArgKpSplit["arguments"]; gold: ArgKpSplit["keyPoints"] }
  >();
  for (const a of data.arguments) {
    const k = groupKey(a.topic, a.stance);
    const g = groupsOf.get(k) ?? { topic: a.topic, stance: a.stance, args: [], gold: [] };
    g.args.push(a);
    groupsOf.set(k, g);
  }
  for (const kp of data.keyPoints) groupsOf.get(groupKey(kp.topic, kp.stance))?.gold.push(kp);

  const rows = [];
  const generators = options.generators ?? [DEFAULT_GENERATOR, LOOSE_GENERATOR, LEGACY_GENERATOR];
  for (const system of options.systems) {
    const predictor = await system.fit(train);
    const official = argKpMap(data, await predictor.score(data));
    for (const generator of generators) {
      const groups: PipelineGroupScore[] = [];
      for (const [key, g] of groupsOf) {
        const scorer = system.pipelineScorer
          ? await system.pipelineScorer(g.topic)
          : await groupScorer(predictor, g.args);
        const { source, units } = sourceFromTexts(
          g.args.map((a) => a.text),
          `argkp:${key}`,
        );
        const argOfUnit = new Map(units.map((u, i) => [u.id, g.args[i]!.id]));
        const result = await clusterKeyPoints(
          { sources: [source], units, relations: [] },
          scorer,
          collectingContext(),
          [],
          generator.options,
        );
        const names = await system.nameKeyPoints?.({ units, keyPoints: result.keyPoints });
        const texts = result.keyPoints.map((k) => names?.get(k.id) ?? k.text);
        const best = g.gold.map((gold) => Math.max(0, ...texts.map((t) => keyPointSimilarity(gold.text, t))));
        const foundByLabels = new Set<string>();
        let purity = 0;
        for (const kp of result.keyPoints) {
          const args = kp.unitIds.map((u) => argOfUnit.get(u)!).filter((a) => labelled.has(a));
          if (args.length === 0) continue;
          const counts = new Map<string, number>();
          for (const a of args)
            for (const k of positive.get(a) ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
          const top = Math.max(0, ...counts.values());
          purity += top / args.length;
          if (args.length >= 2) for (const [k, n] of counts) if (n / args.length >= 0.5) foundByLabels.add(k);
        }
        const judged = result.keyPoints.filter((kp) =>
          kp.unitIds.some((u) => labelled.has(argOfUnit.get(u)!)),
        ).length;
        const assigned = new Set(result.keyPoints.flatMap((k) => k.unitIds));
        const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
        groups.push({
          topic: g.topic,
          stance: g.stance,
          arguments: g.args.length,
          gold: g.gold.length,
          generated: result.keyPoints.length,
          goldBestSimilarity: mean(best),
          goldCoverageText: mean(best.map((b) => (b >= threshold ? 1 : 0))),
          goldCoverageLabels:
            g.gold.length === 0 ? 0 : g.gold.filter((k) => foundByLabels.has(k.id)).length / g.gold.length,
          purity: judged === 0 ? 0 : purity / judged,
          argumentCoverage: g.args.length === 0 ? 0 : assigned.size / g.args.length,
          keyPoints: texts,
        });
      }
      const mean = (f: (g: PipelineGroupScore) => number) =>
        groups.length === 0 ? 0 : groups.reduce((s, g) => s + f(g), 0) / groups.length;
      rows.push({
        // The shipped generator's row keeps the system's name; others are `system/generator`.
        system: generator === DEFAULT_GENERATOR ? system.name : `${system.name}/${generator.name}`,
        description: system.description,
        metrics: {
          mapStrict: official.strict,
          mapRelaxed: official.relaxed,
          generated: mean((g) => g.generated),
          gold: mean((g) => g.gold),
          goldBestSimilarity: mean((g) => g.goldBestSimilarity),
          goldCoverageText: mean((g) => g.goldCoverageText),
          goldCoverageLabels: mean((g) => g.goldCoverageLabels),
          purity: mean((g) => g.purity),
          argumentCoverage: mean((g) => g.argumentCoverage),
        },
        details: { groups },
      });
    }
  }
  return {
    task: "argkp-pipeline",
    data: options.dir,
    protocol: `key points generated per (topic, stance) from the arguments of '${options.split}' (${groupsOf.size} groups, ${data.arguments.length} arguments, ${data.keyPoints.length} gold key points); trained matchers fit on '${trainSplit}'`,
    notes: [
      "mAP: the official matcher score on the gold key points (see `argmap eval argkp`).",
      `gold sim: per gold key point, best symmetric content-stem similarity to a generated key point; cov@${threshold}: share of gold points at or above ${threshold}.`,
      "cov labels: share of gold points that are the majority (≥ 50 %) label of a generated point with ≥ 2 labelled arguments.",
      "purity: per generated point, the largest share of its labelled arguments labelled with one gold point. arg cov: share of arguments placed in a generated point.",
    ],
    columns: [
      { key: "mapStrict", label: "mAP strict" },
      { key: "mapRelaxed", label: "mAP relaxed" },
      { key: "generated", label: "KPs/group" },
      { key: "gold", label: "gold/group" },
      { key: "goldBestSimilarity", label: "gold sim" },
      { key: "goldCoverageText", label: `cov@${threshold}` },
      { key: "goldCoverageLabels", label: "cov labels" },
      { key: "purity", label: "purity" },
      { key: "argumentCoverage", label: "arg cov" },
    ],
    rows,
  };
}

/**
 * The shipped classic key point matcher (`models/keypoint-matcher.json`, trained on ArgKP
 * train): only meaningful on splits other than train.
 */
export const shippedMatcherSystem: ArgKpSystem = {
  name: "kp-shipped",
  description: "the shipped classic key point matcher (trained on ArgKP train; do not score on train)",
  needsTraining: false,
  async fit() {
    const { loadClassicModels } = await import("../../engines/classic/models.js");
    const models = loadClassicModels();
    return {
      score(split) {
        const kps = new Map<string, ArgKpSplit["keyPoints"]>();
        for (const kp of split.keyPoints)
          kps.set(groupKey(kp.topic, kp.stance), [...(kps.get(groupKey(kp.topic, kp.stance)) ?? []), kp]);
        const out = new Map<string, Map<string, number>>();
        for (const a of split.arguments) {
          const row = new Map<string, number>();
          for (const kp of kps.get(groupKey(a.topic, a.stance)) ?? [])
            row.set(kp.id, models.keyPointMatcher.score(a.text, kp.text, a.topic));
          out.set(a.id, row);
        }
        return out;
      },
    };
  },
};

/**
 * The key point pipeline as `argmap map` runs it with the classic engine: the shipped matcher's
 * raw pair probabilities (topic-aware) and its sentence vectors for the shortlist.
 */
export const engineMatcherSystem: PipelineSystem = {
  name: "kp-engine",
  description: "the classic engine's key point scorer (shipped matcher, raw probabilities, SIF shortlist)",
  needsTraining: false,
  async fit() {
    return shippedMatcherSystem.fit({ arguments: [], keyPoints: [], labels: [] });
  },
  async pipelineScorer(topic) {
    const { loadClassicModels } = await import("../../engines/classic/models.js");
    const { classicScorer } = await import("../../engines/classic/keypoint-scorer.js");
    return classicScorer(loadClassicModels(), topic);
  },
};
