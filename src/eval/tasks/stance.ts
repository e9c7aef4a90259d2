/**
 * Reply stance: support / attack (/ none) of a text toward its parent, on each pair corpus's
 * held-out split (see `../datasets/stance.ts` for the protocols), accuracy and macro-F1 over the
 * corpus's labels. Systems, all in the same run:
 * - `stance-logreg`: the trained classifier, trained on the corpus's training part plus every
 *   pair of the other corpora;
 * - `stance-cross`: the same classifier trained on the other corpora only (cross-corpus transfer);
 * - `*-bow` variants: the same with hashed lemma 1–2-grams of the reply (topic words);
 * - `lexicon`: today's opener rules (`replyStance`); no decision → the training majority class;
 * - `majority`: the training part's most frequent label.
 * On corpora without `none` the classifier picks the likelier of support and attack.
 */
import { replyStance } from "../../engines/classic/relations.js";
import { loadEmbeddings } from "../../engines/classic/models.js";
import { predictProba, type LogRegModel } from "../../engines/classic/learn/logreg.js";
import { STANCE_CLASSES } from "../../engines/classic/learn/stance-features.js";
import { StanceFeaturizer, trainReplyStance, type StanceTrainOptions } from "../../train/stance.js";
import {
  readStanceCorpora,
  type StanceCorpus,
  type StanceLabel,
  type StancePair,
} from "../../datasets/stance.js";
import type { Engine } from "../../engines/engine.js";
import { engineStances } from "../engine-system.js";
import { classReport } from "../metrics/classification.js";
import type { SystemRow, TaskResult } from "../result.js";

export interface StanceTaskOptions {
  dir: string;
  /** Only these systems (default all). */
  systems?: readonly string[];
  /** Training options for the classifier (tests use fewer epochs). */
  train?: StanceTrainOptions;
  /** An engine scored end to end as the system `engine:<name>` (see `engineStances`). */
  engine?: Engine;
}

/** Names of the systems `runStance` scores, in table order. */
export const STANCE_SYSTEMS: readonly string[] = [
  "stance-logreg",
  "stance-cross",
  "stance-logreg-bow",
  "stance-cross-bow",
  "lexicon",
  "majority",
];

interface StanceSystem {
  name: string;
  description: string;
  /** Predict the held-out pairs of one fold of `corpus`, given all corpora. */
  predict(
    corpus: StanceCorpus,
    fold: StanceCorpus["folds"][number],
    all: readonly StanceCorpus[],
  ): StanceLabel[] | Promise<StanceLabel[]>;
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
  const featurizers = new Map<boolean, StanceFeaturizer>();
  const featurizer = (bow: boolean) => {
    let f = featurizers.get(bow);
    if (!f) featurizers.set(bow, (f = new StanceFeaturizer(loadEmbeddings(), { bagOfWords: bow })));
    return f;
  };
  const make = (name: string, own: boolean, bow: boolean): StanceSystem => ({
    name,
    description:
      `logistic regression on opener lexicons, first words, similarity, overlap, negation mismatch, polarity${bow ? ", reply lemma 1–2-grams" : ""}; ` +
      (own
        ? "trained on this corpus's training part + the other corpora"
        : "trained on the other corpora only"),
    predict(corpus, fold, all) {
      const f = featurizer(bow);
      const train = [
        ...(own ? fold.train.map((i) => corpus.pairs[i]!) : []),
        ...all.filter((c) => c.name !== corpus.name).flatMap((c) => c.pairs),
      ];
      const model = trainReplyStance(train, f, { ...opts.train, bagOfWords: bow });
      return fold.test.map((i) => decide(model, f, corpus.pairs[i]!, corpus.labels));
    },
  });
  return [
    make("stance-logreg", true, false),
    make("stance-cross", false, false),
    make("stance-logreg-bow", true, true),
    make("stance-cross-bow", false, true),
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
];

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
  const systems = names.length === 0 ? registry : registry.filter((s) => names.includes(s.name));
  const rows: SystemRow[] = [];
  for (const system of systems) {
    const metrics: Record<string, number> = {};
    const details: Record<string, unknown> = {};
    for (const corpus of corpora) {
      const gold: StanceLabel[] = [];
      const pred: StanceLabel[] = [];
      for (const fold of corpus.folds) {
        gold.push(...fold.test.map((i) => corpus.pairs[i]!.label));
        pred.push(...(await system.predict(corpus, fold, corpora)));
      }
      const r = classReport(corpus.labels, gold, pred);
      metrics[`${corpus.name}_acc`] = r.accuracy;
      metrics[`${corpus.name}_f1`] = r.macroF1;
      details[corpus.name] = r.perClass;
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
      "Training adds opener copies of 20 % of the training pairs (label-consistent lexicon openers) and unrelated-pair none examples; held-out texts are unchanged.",
    ],
    columns: corpora.flatMap((c) => [
      { key: `${c.name}_acc`, label: `${c.name} acc` },
      { key: `${c.name}_f1`, label: `${c.name} F1` },
    ]),
    rows,
  };
}
