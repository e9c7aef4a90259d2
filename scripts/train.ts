/**
 * Train the classic engine's models deterministically and print the scores they reach.
 *
 *   npm run train            # needs ../shared/data and models/embeddings.* (scripts/build-embeddings.ts)
 *   npm run train -- reply-stance   # only the named models (keypoint-matcher, cdcp, reply-stance)
 *
 * Writes models/keypoint-matcher.json, models/segment-classifier.json,
 * models/relation-classifier.json, models/reply-stance.json. Same data → byte-identical files.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readArgKp, type ArgKpSplit } from "../src/datasets/argkp.js";
import { readCdcp } from "../src/datasets/cdcp.js";
import { readWebDiscourse } from "../src/datasets/web-discourse.js";
import { kFolds } from "../src/eval/folds.js";
import { argKpMap } from "../src/eval/metrics/argkp-map.js";
import { scoreSameGroupPairs } from "../src/eval/systems.js";
import { serializeLogReg, type LogRegModel } from "../src/engines/classic/learn/logreg.js";
import { rescoreWithMargin } from "../src/engines/classic/learn/margin.js";
import { kpMatcherScore, trainKp } from "../src/train/kp.js";
import {
  CDCP_LINK_THRESHOLD,
  CDCP_TYPE_ORDER,
  decodeLinks,
  predictTypes,
  scoreLinks,
  trainCdcpLinks,
  trainCdcpTypes,
} from "../src/train/cdcp.js";
import { RELATION_KINDS, SEGMENT_KINDS } from "../src/engines/classic/learn/segments.js";
import { trainRelationClassifier, trainSegmentClassifier } from "../src/train/segments.js";
import { embeddingsFromFiles, type ModelFile } from "../src/engines/classic/models.js";
import { readStanceCorpora, V1_STANCE_CORPORA } from "../src/datasets/stance.js";
import { STANCE_CLASSES } from "../src/engines/classic/learn/stance-features.js";
import { StanceFeaturizer, trainReplyStance } from "../src/train/stance.js";
import { writeManifest } from "../src/train/manifest.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = path.resolve(root, "../shared/data");
const models = path.join(root, "models");
const log = (s: string) => process.stderr.write(s + "\n");
const t0 = Date.now();
const f3 = (x: number) => x.toFixed(3);
/** Train only the model groups named on the command line (all when none is named). */
const only = new Set(process.argv.slice(2));
const wants = (group: "keypoint-matcher" | "cdcp" | "reply-stance") => only.size === 0 || only.has(group);

if (!existsSync(path.join(models, "embeddings.json"))) {
  log("models/embeddings.* missing: run `npx tsx scripts/build-embeddings.ts` first");
  process.exit(1);
}
const emb = embeddingsFromFiles({
  embeddingsMeta: JSON.parse(readFileSync(path.join(models, "embeddings.json"), "utf8")),
  embeddings: new Int8Array(readFileSync(path.join(models, "embeddings.i8.bin"))),
  wordLinks: JSON.parse(readFileSync(path.join(models, "wordnet-links.json"), "utf8")),
});

function save(
  name: string,
  file: string,
  classes: readonly string[],
  dataDesc: string,
  model: LogRegModel,
  extra: Pick<ModelFile, "version" | "features"> = { version: "1.0.0" },
): void {
  const out: ModelFile = {
    name,
    ...extra,
    classes: [...classes],
    data: dataDesc,
    model: serializeLogReg(model),
  };
  writeFileSync(path.join(models, file), JSON.stringify(out) + "\n");
  log(`wrote models/${file}`);
}

function kpScores(split: ArgKpSplit, model: LogRegModel, margin: boolean) {
  const raw = scoreSameGroupPairs(split, (a, k) => kpMatcherScore(model, emb, a.text, k.text, a.topic));
  if (!margin) return raw;
  return new Map(
    [...raw].map(([a, row]) => {
      const ids = [...row.keys()];
      const s = rescoreWithMargin(ids.map((k) => row.get(k)!));
      return [a, new Map(ids.map((k, i) => [k, s[i]!]))];
    }),
  );
}

if (wants("keypoint-matcher")) {
  // ── Key point matcher ──
  const argkpDir = path.join(data, "argkp-2021");
  const kpTrain = readArgKp(argkpDir, "train");
  const kpDev = readArgKp(argkpDir, "dev");
  const kpModel = trainKp(kpTrain, emb);
  for (const margin of [false, true]) {
    const dev = argKpMap(kpDev, kpScores(kpDev, kpModel, margin));
    log(
      `[argkp] dev mAP${margin ? " (margin)" : ""} strict ${f3(dev.strict)} relaxed ${f3(dev.relaxed)} (scaled variant ${f3(dev.strictScaled)} / ${f3(dev.relaxedScaled)})  ${Date.now() - t0} ms`,
    );
  }
  {
    const topics = [...new Set(kpTrain.arguments.map((a) => a.topic))].sort();
    const folds = 5;
    const acc = { plain: [0, 0], margin: [0, 0] };
    for (let f = 0; f < folds; f++) {
      const test = new Set(topics.filter((_, i) => i % folds === f));
      const m = trainKp(kpTrain, emb, (t) => !test.has(t));
      const sub: ArgKpSplit = {
        arguments: kpTrain.arguments.filter((a) => test.has(a.topic)),
        keyPoints: kpTrain.keyPoints.filter((k) => test.has(k.topic)),
        labels: kpTrain.labels,
      };
      for (const margin of [false, true]) {
        const res = argKpMap(sub, kpScores(sub, m, margin));
        const a = acc[margin ? "margin" : "plain"];
        a[0] = a[0]! + res.strict / folds;
        a[1] = a[1]! + res.relaxed / folds;
      }
    }
    for (const [name, [s, r]] of Object.entries(acc))
      log(
        `[argkp] train 5-fold-by-topic CV mAP (${name}) strict ${f3(s!)} relaxed ${f3(r!)}  ${Date.now() - t0} ms`,
      );
  }
  save(
    "keypoint-matcher",
    "keypoint-matcher.json",
    ["no-match", "match"],
    "ArgKP-2021 train (CDLA-Sharing-1.0)",
    kpModel,
  );
}

if (wants("cdcp")) {
  // ── CDCP heads: 5-fold CV ──
  const cdcp = readCdcp(path.join(data, "cdcp/train"));
  {
    const conf = new Map<string, number>();
    let tp = 0;
    let fp = 0;
    let gold = 0;
    for (const fold of kFolds(
      cdcp.map((d) => d.id),
      5,
    )) {
      const test = new Set(fold);
      const tr = cdcp.filter((d) => !test.has(d.id));
      const tm = trainCdcpTypes(tr, emb);
      const lm = trainCdcpLinks(tr, emb, (d) => d.props.map((p) => p.type));
      for (const d of cdcp.filter((x) => test.has(x.id))) {
        const types = predictTypes(d, emb, tm);
        d.props.forEach((p, i) =>
          conf.set(`${p.type}|${types[i]}`, (conf.get(`${p.type}|${types[i]}`) ?? 0) + 1),
        );
        const g = new Set(d.reasons.map((x) => `${x.from}>${x.to}`));
        gold += g.size;
        for (const l of decodeLinks(scoreLinks(d, emb, types, lm), CDCP_LINK_THRESHOLD)) {
          if (g.has(`${l.from}>${l.to}`)) tp++;
          else fp++;
        }
      }
    }
    let macro = 0;
    const per: string[] = [];
    for (const c of CDCP_TYPE_ORDER) {
      let pred = 0;
      let g = 0;
      for (const [k, v] of conf) {
        const [a, b] = k.split("|");
        if (b === c) pred += v;
        if (a === c) g += v;
      }
      const f1 = pred + g > 0 ? (2 * (conf.get(`${c}|${c}`) ?? 0)) / (pred + g) : 0;
      macro += f1 / CDCP_TYPE_ORDER.length;
      per.push(`${c} ${f3(f1)}`);
    }
    const p = tp / Math.max(1, tp + fp);
    const r = tp / Math.max(1, gold);
    log(`[cdcp] 5-fold CV types macro-F1 ${f3(macro)} (${per.join(", ")})`);
    log(
      `[cdcp] 5-fold CV reason links P ${f3(p)} R ${f3(r)} F1 ${f3(p + r > 0 ? (2 * p * r) / (p + r) : 0)}  ${Date.now() - t0} ms`,
    );
  }

  // ── Segment and relation classifiers (all web discourse + all CDCP) ──
  const wd = readWebDiscourse(path.join(data, "web-discourse/gold_toulmin.jsonl"));
  const corpora = "web discourse (Habernal & Gurevych 2017, Apache-2.0) + CDCP train (ODbL 1.0 / DbCL 1.0)";
  save(
    "segment-classifier",
    "segment-classifier.json",
    SEGMENT_KINDS,
    corpora,
    trainSegmentClassifier(wd, cdcp, emb),
  );
  log(`[segment] trained  ${Date.now() - t0} ms`);
  save(
    "relation-classifier",
    "relation-classifier.json",
    RELATION_KINDS,
    corpora,
    trainRelationClassifier(wd, cdcp, emb),
  );
  log(`[relation] trained  ${Date.now() - t0} ms`);
}

// ── Reply stance: the shipped recipe (features v1, the three claim-level corpora; held-out
// scores and the v2 recipe on every stance corpus: `argmap eval stance`) ──
if (wants("reply-stance")) {
  const stanceCorpora = readStanceCorpora(data).filter((c) => V1_STANCE_CORPORA.includes(c.name));
  save(
    "reply-stance",
    "reply-stance.json",
    STANCE_CLASSES,
    "PERSPECTRUM (CC BY-SA 4.0) + Nixon-Kennedy speech pairs (CC BY 4.0) + IBM Debater Claim Stance (CC BY-SA 3.0), all splits",
    trainReplyStance(
      stanceCorpora.flatMap((c) => c.pairs),
      new StanceFeaturizer(emb, { version: 1 }),
    ),
  );
  log(
    `[stance] trained on ${stanceCorpora.map((c) => `${c.name} ${c.pairs.length}`).join(", ")}  ${Date.now() - t0} ms`,
  );
}

writeManifest(models);
log("wrote models/manifest.json");
