/**
 * Key point matcher recipes: which pairs it learns from and which learner, over the dense pair
 * values of `kpPairValues`. Pairs: the labelled (argument, key point) pairs of ArgKP; argument
 * pairs of one (topic, stance) whose arguments match the same key point (or none in common: the
 * pipeline scores units against candidate units, not against written key points); PERSPECTRUM
 * perspectives in the same paraphrase cluster (or another cluster of the same claim and stance).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ArgKpSplit } from "../datasets/argkp.js";
import {
  kpFeaturesFromValues,
  kpPairValues,
  kpText,
  KP_VALUES,
  type KpText,
} from "../engines/classic/learn/kp-features.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import { predictProba, trainLogReg, type Example } from "../engines/classic/learn/logreg.js";
import { seededRandom } from "../util/random.js";
import { an, KP_OPTIONS, topicSet } from "./kp.js";
import { predictMlp, trainMlp, type MlpOptions } from "./mlp.js";

/** One pair: its dense values, label, weight, topic and the ids of its two sides. */
export interface KpPair {
  v: Float64Array;
  y: 0 | 1;
  topic: string;
  a: string;
  b: string;
}

export type KpValueModel = (v: Float64Array) => number;

export interface KpRecipe {
  learner: "logreg" | "mlp";
  /** Total weight of argument pairs relative to the labelled pairs (0: none). */
  argPairs?: number;
  /** Most argument pairs drawn per (topic, stance). */
  argPairCap?: number;
  /** Total weight of PERSPECTRUM pairs relative to the labelled pairs (0: none). */
  perspectrum?: number;
  /** MLP options (learner "mlp"). */
  mlp?: Partial<MlpOptions>;
  /** Weight of the labelled (argument, key point) pairs (default 1). */
  labelled?: number;
}

export const KP_RECIPES: Record<string, KpRecipe> = {
  base: { learner: "logreg" },
  args: { learner: "logreg", argPairs: 1 },
  "args.5": { learner: "logreg", argPairs: 0.5 },
  persp: { learner: "logreg", perspectrum: 0.5 },
  "args+persp": { learner: "logreg", argPairs: 1, perspectrum: 0.5 },
  mlp: { learner: "mlp" },
  mlp8: { learner: "mlp", mlp: { hidden: 8, epochs: 10, l2: 1e-3 } },
  mlp32: { learner: "mlp", mlp: { hidden: 32, epochs: 40, learningRate: 0.001 } },
  "mlp+args": { learner: "mlp", argPairs: 1 },
  "mlp+args+persp": { learner: "mlp", argPairs: 1, perspectrum: 0.5 },
};

function textCache(emb: Embeddings) {
  const cache = new Map<string, KpText>();
  return (text: string, topic: string): KpText => {
    const key = `${topic}\u0000${text}`;
    let t = cache.get(key);
    if (!t) cache.set(key, (t = kpText(an(text), emb, topicSet(topic))));
    return t;
  };
}

/**
 * Every pair set of an ArgKP split, with its values computed once. The words discounted are the
 * topic's (unless `topic` is false) plus, with `commonShare`, the content lemmas of at least that
 * share of the topic's arguments.
 */
export function kpPairSets(
  split: ArgKpSplit,
  emb: Embeddings,
  options: { commonShare?: number; topic?: boolean } = {},
) {
  const share = options.commonShare ?? 0;
  const useTopic = options.topic ?? true;
  const commonOf = new Map<string, Set<string>>();
  if (share > 0 || !useTopic) {
    const byTopic = new Map<string, string[]>();
    for (const a of split.arguments) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a.text]);
    for (const [t, texts] of byTopic) {
      const df = new Map<string, number>();
      for (const x of texts) for (const w of new Set(an(x).content)) df.set(w, (df.get(w) ?? 0) + 1);
      const set = new Set(useTopic ? topicSet(t) : []);
      if (share > 0) for (const [w, n] of df) if (n >= share * texts.length) set.add(w);
      commonOf.set(t, set);
    }
  }
  const topicOf = (t: string) => commonOf.get(t) ?? topicSet(t);
  const cache = new Map<string, KpText>();
  const text = (x: string, topic: string): KpText => {
    const key = `${topic}\u0000${x}`;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = kpText(an(x), emb, topicOf(topic))));
    return r;
  };
  const values = (a: string, b: string, topic: string) =>
    kpPairValues(text(a, topic), text(b, topic), emb, topicOf(topic), new Float64Array(KP_VALUES));
  const args = new Map(split.arguments.map((a) => [a.id, a]));
  const kps = new Map(split.keyPoints.map((k) => [k.id, k]));
  const labelled: KpPair[] = [];
  const positives = new Map<string, Set<string>>();
  for (const l of split.labels) {
    const a = args.get(l.argId);
    const k = kps.get(l.kpId);
    if (!a || !k) continue;
    labelled.push({ v: values(a.text, k.text, a.topic), y: l.label, topic: a.topic, a: a.id, b: k.id });
    if (l.label === 1) {
      const s = positives.get(a.id) ?? new Set();
      s.add(k.id);
      positives.set(a.id, s);
    }
  }
  const group = (x: { topic: string; stance: number }) => `${x.stance}\u0000${x.topic}`;
  const kpsOf = new Map<string, string[]>();
  for (const k of split.keyPoints) kpsOf.set(group(k), [...(kpsOf.get(group(k)) ?? []), k.id]);
  const all: KpPair[] = [];
  const argsOf = new Map<string, string[]>();
  for (const a of split.arguments) {
    for (const k of kpsOf.get(group(a)) ?? [])
      all.push({ v: values(a.text, kps.get(k)!.text, a.topic), y: 0, topic: a.topic, a: a.id, b: k });
    if (positives.has(a.id)) argsOf.set(group(a), [...(argsOf.get(group(a)) ?? []), a.id]);
  }
  const argPairs: KpPair[] = [];
  for (const ids of argsOf.values())
    for (const i of ids)
      for (const j of ids) {
        if (i === j) continue;
        const a = args.get(i)!;
        const b = args.get(j)!;
        const pi = positives.get(i)!;
        let y: 0 | 1 = 0;
        for (const k of positives.get(j)!) if (pi.has(k)) y = 1;
        argPairs.push({ v: values(a.text, b.text, a.topic), y, topic: a.topic, a: i, b: j });
      }
  return { labelled, all, argPairs };
}

/** PERSPECTRUM perspective pairs: same paraphrase cluster → 1, another cluster of the same claim and stance → 0. */
export function perspectrumPairs(dataDir: string, emb: Embeddings): KpPair[] {
  const text = textCache(emb);
  const rows = readFileSync(path.join(dataDir, "perspectrum", "pairs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map(
      (l) =>
        JSON.parse(l) as {
          parent_text: string;
          text: string;
          label: string;
          claim_id: number;
          cluster: string;
          perspective_id: number;
        },
    );
  const byClaim = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.claim_id}\u0000${r.label}`;
    const list = byClaim.get(key) ?? [];
    if (!list.some((x) => x.perspective_id === r.perspective_id)) list.push(r);
    byClaim.set(key, list);
  }
  const out: KpPair[] = [];
  const topicWords = (t: string) => topicSet(t);
  for (const list of byClaim.values())
    for (const a of list)
      for (const b of list) {
        if (a === b) continue;
        const topic = a.parent_text;
        out.push({
          v: kpPairValues(
            text(a.text, topic),
            text(b.text, topic),
            emb,
            topicWords(topic),
            new Float64Array(KP_VALUES),
          ),
          y: a.cluster === b.cluster ? 1 : 0,
          topic,
          a: String(a.perspective_id),
          b: String(b.perspective_id),
        });
      }
  return out;
}

/** A seeded sample of at most `n` items, in their original order. */
function sample<T>(xs: readonly T[], n: number, seed: number): T[] {
  if (xs.length <= n) return [...xs];
  const rand = seededRandom(seed);
  const idx = xs.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => xs[i]!);
}

/** Train a recipe on the pairs of the topics `keep` passes. */
export function trainKpRecipe(
  recipe: KpRecipe,
  sets: ReturnType<typeof kpPairSets>,
  persp: readonly KpPair[],
  keep: (topic: string) => boolean,
): KpValueModel {
  const data: { v: Float64Array; y: 0 | 1; w: number }[] = [];
  const labelled = sets.labelled.filter((p) => keep(p.topic));
  const lw = recipe.labelled ?? 1;
  for (const p of labelled) data.push({ v: p.v, y: p.y, w: lw });
  if (recipe.argPairs) {
    // Per topic a capped sample, so large groups do not dominate.
    const byGroup = new Map<string, KpPair[]>();
    for (const p of sets.argPairs) {
      if (!keep(p.topic)) continue;
      const g = p.topic;
      const list = byGroup.get(g) ?? [];
      list.push(p);
      byGroup.set(g, list);
    }
    const picked = [...byGroup.values()].flatMap((l) => sample(l, recipe.argPairCap ?? 1500, 31));
    const w = (recipe.argPairs * labelled.length) / Math.max(1, picked.length);
    for (const p of picked) data.push({ v: p.v, y: p.y, w });
  }
  if (recipe.perspectrum && persp.length > 0) {
    const w = (recipe.perspectrum * labelled.length) / persp.length;
    for (const p of persp) data.push({ v: p.v, y: p.y, w });
  }
  if (recipe.learner === "logreg") {
    const ex: Example[] = data.map((d) => ({ x: kpFeaturesFromValues(d.v), y: d.y, weight: d.w }));
    const m = trainLogReg(ex, KP_OPTIONS);
    return (v) => predictProba(m, kpFeaturesFromValues(v))[1]!;
  }
  const m = trainMlp(data, { hidden: 16, epochs: 20, seed: 7, ...recipe.mlp });
  return (v) => predictMlp(m, v);
}
