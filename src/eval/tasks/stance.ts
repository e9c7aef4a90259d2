/**
 * Reply stance: support / attack (/ none) of a text toward its parent, on each pair corpus's
 * held-out split (see `../datasets/stance.ts` for the protocols; the in-genre dev threads are
 * cross-validated by thread), accuracy and macro-F1 over the corpus's labels, and the confusion
 * of gold → predicted labels. Systems, all in the same run:
 * - `stance-logreg`: the shipped recipe (features v2), trained on the corpus's training part plus
 *   every pair of the other corpora;
 * - `stance-logreg-w1`: the same with the reply-thread corpus weighted like the others (no ×3);
 * - `stance-cross`: the same, leave-one-corpus-out (trained on the other corpora only);
 * - `stance-v1`: the previous model's recipe (features v1, the three claim-level corpora only, the
 *   corpus's own training part when it is one of them);
 * - `*-bow` variants (only when asked for): the same with hashed lemma 1–2-grams of the reply;
 * - `lexicon`: the opener rules (`replyStance`); no decision → the training majority class;
 * - `majority`: the training part's most frequent label; `coin`: a seeded uniform pick among the
 *   corpus's labels.
 * On corpora without `none` the classifiers pick the likelier of support and attack.
 */
import { replyStance } from "../../engines/classic/relations.js";
import { loadEmbeddings } from "../../engines/classic/models.js";
import { predictProba, type LogRegModel } from "../../engines/classic/learn/logreg.js";
import type { Analysed } from "../../engines/classic/learn/analyse.js";
import {
  STANCE_CLASSES,
  STANCE_FEATURES_VERSION,
  type StanceFeatureOptions,
} from "../../engines/classic/learn/stance-features.js";
import { createClassicEngine } from "../../engines/classic/index.js";
import { createReplyStanceModel } from "../../engines/classic/stance-model.js";
import {
  REPLY_CORPORA,
  StanceFeaturizer,
  trainReplyStance,
  type StanceTrainOptions,
} from "../../train/stance.js";
import {
  V1_STANCE_CORPORA,
  readStanceCorpora,
  type StanceCorpus,
  type StanceLabel,
  type StancePair,
} from "../../datasets/stance.js";
import type { Engine } from "../../engines/engine.js";
import { engineStances } from "../engine-system.js";
import { classReport } from "../metrics/classification.js";
import type { SystemRow, TaskResult } from "../result.js";
import { seededRandom } from "../../util/random.js";

export interface StanceTaskOptions {
  dir: string;
  /** Only these systems (default all). */
  systems?: readonly string[];
  /** Training options for the classifier (tests use fewer epochs). */
  train?: StanceTrainOptions;
  /** An engine scored end to end as the system `engine:<name>` (see `engineStances`). */
  engine?: Engine;
}

/** Names of the systems `runStance` scores by default, in table order (`*-bow` on request). */
export const STANCE_SYSTEMS: readonly string[] = [
  "stance-logreg",
  "stance-logreg-w1",
  "stance-cross",
  "stance-v1",
  "lexicon",
  "majority",
  "coin",
];

/** Every system name `runStance` knows (the defaults plus the `*-bow` variants). */
export const STANCE_ALL_SYSTEMS: readonly string[] = [
  ...STANCE_SYSTEMS,
  "classic-cv",
  "stance-logreg-bow",
  "stance-cross-bow",
];

/** The corpora the v1 model was trained on. */
const V1_CORPORA = new Set(V1_STANCE_CORPORA);

interface StanceSystem {
  name: string;
  description: string;
  /** Predict the held-out pairs of one fold of `corpus`, given all corpora (null: not scored on this corpus). */
  predict(
    corpus: StanceCorpus,
    fold: StanceCorpus["folds"][number],
    all: readonly StanceCorpus[],
  ): StanceLabel[] | null | Promise<StanceLabel[] | null>;
}

function majorityOf(pairs: readonly StancePair[]): StanceLabel {
  const counts = new Map<StanceLabel, number>();
  for (const p of pairs) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  let best: StanceLabel = "support";
  let n = -1;
  for (const l of STANCE_CLASSES) if ((counts.get(l) ?? 0) > n) [best, n] = [l, counts.get(l) ?? 0];
  return best;
}

/** The first two sentences of a text, as the relate stage passes a reply's first units. */
function firstSentences(text: string): string[] {
  const parts = text.trim().split(/(?<=[.!?])\s+|\n+/);
  return parts.slice(0, 2);
}

/**
 * Today's rule-based stance of a reply: the opener lexicons' decision, or `fallback` when none fires.
 * @example lexiconStance("I disagree, it is cheap.", "none") // "attack"
 */
export function lexiconStance(text: string, fallback: StanceLabel): StanceLabel {
  return replyStance(firstSentences(text))?.kind ?? fallback;
}

function classifierSystems(opts: StanceTaskOptions): StanceSystem[] {
  const featurizers = new Map<string, StanceFeaturizer>();
  const analysed = new Map<string, Analysed>();
  const featurizer = (o: StanceFeatureOptions) => {
    const key = JSON.stringify(o);
    let f = featurizers.get(key);
    if (!f) featurizers.set(key, (f = new StanceFeaturizer(loadEmbeddings(), o, analysed)));
    return f;
  };
  const make = (
    name: string,
    own: boolean,
    features: StanceFeatureOptions,
    v1 = false,
    train: StanceTrainOptions = {},
  ): StanceSystem => ({
    name,
    description: v1
      ? "the previous model's recipe: features v1 (openers, first words, similarity, overlap, negation mismatch, polarity); trained on PERSPECTRUM, Nixon–Kennedy and IBM claim stance (the corpus's own training part when it is one of them)"
      : `logistic regression, features v2 (v1 + response-initial n-grams, questions, "you", negation, hedges, punctuation, quotation, length ratio, contrast/sarcasm/correction/no-side cues)${features.bagOfWords ? " + reply lemma 1–2-grams" : ""}; ` +
        (own
          ? "trained on this corpus's training part + the other corpora"
          : "leave-one-corpus-out: trained on the other corpora only"),
    predict(corpus, fold, all) {
      const f = featurizer(features);
      const others = all.filter((c) => c.name !== corpus.name && (!v1 || V1_CORPORA.has(c.name)));
      const trainPairs = [
        ...(own && (!v1 || V1_CORPORA.has(corpus.name)) ? fold.train.map((i) => corpus.pairs[i]!) : []),
        ...others.flatMap((c) => c.pairs),
      ];
      const model = trainReplyStance(trainPairs, f, { ...opts.train, ...train, ...features });
      return fold.test.map((i) => decide(model, f, corpus.pairs[i]!, corpus.labels));
    },
  });
  const engineCv: StanceSystem = {
    name: "classic-cv",
    description:
      "the classic engine end to end (each pair a two-post thread, as engine:classic) with the stance-logreg recipe trained per fold instead of the shipped file; reply-thread corpora only",
    async predict(corpus, fold, all) {
      if (!REPLY_CORPORA.has(corpus.name)) return null;
      const f = featurizer({ version: STANCE_FEATURES_VERSION });
      const trainPairs = [
        ...fold.train.map((i) => corpus.pairs[i]!),
        ...all.filter((c) => c.name !== corpus.name).flatMap((c) => c.pairs),
      ];
      const model = trainReplyStance(trainPairs, f, { ...opts.train });
      const file = { name: "reply-stance", version: "fold", features: STANCE_FEATURES_VERSION };
      const stance = createReplyStanceModel({ file, model }, loadEmbeddings());
      const engine = createClassicEngine({ stanceModel: () => stance });
      const pairs = fold.test.map((i) => corpus.pairs[i]!);
      return engineStances(engine, pairs, "none");
    },
  };
  return [
    engineCv,
    make("stance-logreg", true, { version: 2 }),
    make("stance-logreg-w1", true, { version: 2 }, false, { replyWeight: 1 }),
    make("stance-cross", false, { version: 2 }),
    make("stance-v1", true, { version: 1 }, true),
    make("stance-logreg-bow", true, { version: 2, bagOfWords: true }),
    make("stance-cross-bow", false, { version: 2, bagOfWords: true }),
  ];
}

function decide(
  model: LogRegModel,
  f: StanceFeaturizer,
  pair: StancePair,
  labels: readonly StanceLabel[],
): StanceLabel {
  const p = predictProba(model, f.features(pair.parent, pair.text));
  let best = labels[0]!;
  for (const l of labels) if (p[STANCE_CLASSES.indexOf(l)]! > p[STANCE_CLASSES.indexOf(best)]!) best = l;
  return best;
}

const baselines: StanceSystem[] = [
  {
    name: "lexicon",
    description:
      "today's opener rules (replyStance: agreement/disagreement openers, concession + contrast); no decision → training majority",
    predict(corpus, fold) {
      const fallback = majorityOf(fold.train.map((i) => corpus.pairs[i]!));
      return fold.test.map((i) => lexiconStance(corpus.pairs[i]!.text, fallback));
    },
  },
  {
    name: "majority",
    description: "the most frequent label of the training part",
    predict(corpus, fold) {
      const m = majorityOf(fold.train.map((i) => corpus.pairs[i]!));
      return fold.test.map(() => m);
    },
  },
  {
    name: "coin",
    description: "a seeded uniform random pick among the corpus's labels",
    predict(corpus, fold) {
      const rand = seededRandom(fold.test.length * 31 + corpus.labels.length);
      return fold.test.map(() => corpus.labels[Math.floor(rand() * corpus.labels.length)]!);
    },
  },
];

/** Gold → predicted counts ("attack→none": 12). */
function confusion(gold: readonly StanceLabel[], pred: readonly StanceLabel[]): Record<string, number> {
  const out: Record<string, number> = {};
  gold.forEach((g, i) => (out[`${g}→${pred[i]}`] = (out[`${g}→${pred[i]}`] ?? 0) + 1));
  return out;
}

/** Run every selected system on every corpus under `dir`. */
export async function runStance(options: StanceTaskOptions): Promise<TaskResult> {
  const corpora = readStanceCorpora(options.dir);
  const registry = [...classifierSystems(options), ...baselines];
  const engine = options.engine;
  if (engine)
    registry.push({
      name: `engine:${engine.name}`,
      description: `argmap's ${engine.name} engine end to end: its reply-to-parent relation on two-post threads (no relation: none, or the training majority where none is not a label)`,
      predict: (corpus, fold) =>
        engineStances(
          engine,
          fold.test.map((i) => corpus.pairs[i]!),
          corpus.labels.includes("none") ? "none" : majorityOf(fold.train.map((i) => corpus.pairs[i]!)),
        ),
    });
  const names = options.systems ?? [];
  const systems =
    names.length === 0
      ? registry.filter((s) => STANCE_SYSTEMS.includes(s.name) || s.name.startsWith("engine:"))
      : registry.filter((s) => names.includes(s.name));
  const rows: SystemRow[] = [];
  for (const system of systems) {
    const metrics: Record<string, number> = {};
    const details: Record<string, unknown> = {};
    for (const corpus of corpora) {
      const gold: StanceLabel[] = [];
      const pred: StanceLabel[] = [];
      for (const fold of corpus.folds) {
        gold.push(...fold.test.map((i) => corpus.pairs[i]!.label));
        const out = await system.predict(corpus, fold, corpora);
        if (!out) break;
        pred.push(...out);
      }
      if (pred.length < gold.length) continue;
      const r = classReport(corpus.labels, gold, pred);
      metrics[`${corpus.name}_acc`] = r.accuracy;
      metrics[`${corpus.name}_f1`] = r.macroF1;
      details[corpus.name] = { perClass: r.perClass, confusion: confusion(gold, pred) };
    }
    rows.push({ system: system.name, description: system.description, metrics, details });
  }
  return {
    task: "stance",
    data: options.dir,
    protocol: corpora.map((c) => `${c.protocol} (${c.pairs.length} pairs)`).join("; "),
    notes: [
      "Scores on held-out pairs only; macro-F1 over the corpus's labels (support/attack, plus none where annotated).",
      "On corpora without none, the classifier picks the likelier of support and attack.",
      "Training adds opener copies of 20 % of the claim-level training pairs (label-consistent lexicon openers) and unrelated-pair none examples; held-out texts are unchanged.",
      "stance-cross is leave-one-corpus-out; on argmap-dev-threads it is the model trained on public corpora only.",
    ],
    columns: corpora.flatMap((c) => [
      { key: `${c.name}_acc`, label: `${c.name} acc` },
      { key: `${c.name}_f1`, label: `${c.name} F1` },
    ]),
    rows,
  };
}
