/**
 * Evaluate the confidence threshold of `same-as` links: a unit is linked `same-as` the unit that
 * names its key point when the key point matcher scores the pair at or above the threshold. On
 * ArgKP-2021 labelled (argument, key point) pairs, scored as the cluster stage scores them (the
 * classic engine's matcher, no topic), print per candidate threshold the precision of the pairs
 * at or above it (the share labelled match), their recall and count, for train (the matcher's own
 * training split) and dev (held out).
 *
 *   npx tsx scripts/same-as-threshold.ts [--data ../shared/data/argkp-2021]
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { classicScorer } from "../src/engines/classic/keypoint-scorer.js";
import { loadClassicModels } from "../src/engines/classic/models.js";
import { readArgKp } from "../src/datasets/argkp.js";

const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

const args = process.argv.slice(2);
const dataAt = args.indexOf("--data");
const dir =
  dataAt >= 0 ? args[dataAt + 1]! : fileURLToPath(new URL("../../shared/data/argkp-2021", import.meta.url));
if (!existsSync(dir)) {
  process.stderr.write(`same-as-threshold: ${dir} not found (pass --data <ArgKP-2021 folder>)\n`);
  process.exit(2);
}
const models = loadClassicModels();
const scorer = classicScorer(models).session!();
const rows: Record<string, unknown>[] = [];
for (const split of ["train", "dev"]) {
  const data = readArgKp(dir, split);
  const argText = new Map(data.arguments.map((a) => [a.id, a.text]));
  const kpText = new Map(data.keyPoints.map((k) => [k.id, k.text]));
  const pairs = data.labels.map((l) => [argText.get(l.argId) ?? "", kpText.get(l.kpId) ?? ""] as const);
  const scores = await scorer.scoreBatch(pairs);
  const positives = data.labels.filter((l) => l.label === 1).length;
  process.stderr.write(`${split}: ${data.labels.length} labelled pairs, ${positives} match\n`);
  const topicOf = new Map(data.arguments.map((a) => [a.id, a.topic]));
  // For reference: the same matcher told the debate topic (the cluster stage has none).
  const withTopic = data.labels.map((l) =>
    models.keyPointMatcher.score(argText.get(l.argId) ?? "", kpText.get(l.kpId) ?? "", topicOf.get(l.argId)),
  );
  for (const t of THRESHOLDS) {
    const at = (values: ArrayLike<number>) => {
      let n = 0;
      let hits = 0;
      data.labels.forEach((l, i) => {
        if (values[i]! < t) return;
        n++;
        hits += l.label;
      });
      return { n, hits };
    };
    const a = at(scores);
    const b = at(withTopic);
    rows.push({
      split,
      threshold: t,
      pairs: a.n,
      precision: a.n > 0 ? +(a.hits / a.n).toFixed(3) : NaN,
      recall: +(a.hits / positives).toFixed(3),
      "precision, topic given": b.n > 0 ? +(b.hits / b.n).toFixed(3) : NaN,
      "recall, topic given": +(b.hits / positives).toFixed(3),
    });
  }
}
console.table(rows);
