/**
 * Key point matcher training on ArgKP-2021 (used by `scripts/train.ts` and the evaluation
 * harness): one example per labelled (argument, key point) pair. Pure.
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import { analyseText, type Analysed } from "../engines/classic/learn/analyse.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import { KP_BITS, kpPairFeatures } from "../engines/classic/learn/kp-features.js";
import type { SparseVector } from "../engines/classic/learn/hash.js";
import {
  predictProba,
  trainLogReg,
  type Example,
  type LogRegModel,
} from "../engines/classic/learn/logreg.js";

export const KP_OPTIONS = {
  classes: 2,
  bits: KP_BITS,
  l2: 1e-4,
  epochs: 15,
  learningRate: 0.1,
  seed: 7,
} as const;

const cache = new Map<string, Analysed>();
/** Analysis of a text, memoised (ArgKP repeats key points and topics across thousands of pairs). */
export function an(text: string): Analysed {
  let a = cache.get(text);
  if (!a) cache.set(text, (a = analyseText(text)));
  return a;
}

/** Content lemmas of a debate topic. */
export function topicSet(topic: string): Set<string> {
  return new Set(an(topic).content);
}

/** One training example per labelled pair whose argument topic passes `keep`. */
export function kpExamples(
  split: ArgKpSplit,
  emb: Embeddings,
  keep: (topic: string) => boolean = () => true,
): Example[] {
  const args = new Map(split.arguments.map((a) => [a.id, a]));
  const kps = new Map(split.keyPoints.map((k) => [k.id, k]));
  const out: Example[] = [];
  for (const l of split.labels) {
    const a = args.get(l.argId);
    const k = kps.get(l.kpId);
    if (!a || !k || !keep(a.topic)) continue;
    out.push({ x: kpPairFeatures(an(a.text), an(k.text), emb, topicSet(a.topic)), y: l.label });
  }
  return out;
}

/** A scoring function over the ids of a split. */
export function kpScorer(
  split: ArgKpSplit,
  emb: Embeddings,
  model: LogRegModel,
): (argId: string, kpId: string) => number {
  const args = new Map(split.arguments.map((a) => [a.id, a]));
  const kps = new Map(split.keyPoints.map((k) => [k.id, k]));
  return (argId, kpId) => {
    const a = args.get(argId)!;
    const k = kps.get(kpId)!;
    const x: SparseVector = kpPairFeatures(an(a.text), an(k.text), emb, topicSet(a.topic));
    return predictProba(model, x)[1]!;
  };
}

/** Train the matcher on every labelled pair of a split (optionally only some topics). */
export function trainKp(
  split: ArgKpSplit,
  emb: Embeddings,
  keep: (topic: string) => boolean = () => true,
): LogRegModel {
  return trainLogReg(kpExamples(split, emb, keep), KP_OPTIONS);
}

/**
 * Score one (argument, key point) pair with a trained matcher.
 * @example kpMatcherScore(model, emb, "uniforms stop bullying", "School uniform reduces bullying")
 */
export function kpMatcherScore(
  model: LogRegModel,
  emb: Embeddings,
  argument: string,
  keyPoint: string,
  topic?: string,
): number {
  return predictProba(
    model,
    kpPairFeatures(an(argument), an(keyPoint), emb, topic ? topicSet(topic) : new Set()),
  ).at(1)!;
}
