/**
 * Which sources of one run are about the same subject, measured from their content: two sources
 * share a topic when the TF-IDF cosine of their units' content stems reaches a threshold, and
 * topics are the connected groups of that relation. Key points, cruxes and same-as links join
 * units of different sources only within one topic; file names are never consulted.
 */
import type { Unit } from "../model/index.js";
import { contentStems } from "./scorer.js";
import { substantiveWords } from "../util/words.js";

/**
 * `ClusterOptions.topicThreshold` by default: the cosine at or above which two sources share a
 * topic (see the README's "Several sources" for how it was measured).
 */
export const DEFAULT_TOPIC_THRESHOLD = 0.12;

/**
 * Terms of a source's profile: its most weighted stems. A long thread's chatter spreads over
 * thousands of common words; its subject is in the few it keeps coming back to.
 */
const TOPIC_TERMS = 150;

/** Stems that say what a unit is about (content stems that are substantive words). */
function topicStems(text: string): string[] {
  const substantive = new Set(substantiveWords(text));
  return contentStems(substantive.size === 0 ? "" : [...substantive].join(" "));
}

/** Per source, a unit-length TF-IDF vector of its units' `TOPIC_TERMS` heaviest topic stems (log term frequency). */
function sourceVectors(units: readonly Unit[]): Map<string, Map<string, number>> {
  const tf = new Map<string, Map<string, number>>();
  for (const u of units) {
    let bag = tf.get(u.sourceId);
    if (!bag) tf.set(u.sourceId, (bag = new Map()));
    for (const w of topicStems(u.text)) bag.set(w, (bag.get(w) ?? 0) + 1);
  }
  const df = new Map<string, number>();
  for (const bag of tf.values()) for (const w of bag.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = tf.size;
  const out = new Map<string, Map<string, number>>();
  for (const [id, bag] of tf) {
    const weighted = [...bag]
      .map(([w, c]) => [w, (1 + Math.log(c)) * Math.log(1 + n / df.get(w)!)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOPIC_TERMS);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, x] of weighted) {
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    out.set(id, v);
  }
  return out;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [w, x] of small) dot += x * (large.get(w) ?? 0);
  return dot;
}

/**
 * Similarity of every pair of sources (by their units), for reports and threshold choice.
 * @example sourceSimilarities(units) // [{ a: "s1", b: "s2", cosine: 0.04 }]
 */
export function sourceSimilarities(units: readonly Unit[]): { a: string; b: string; cosine: number }[] {
  const vectors = [...sourceVectors(units)];
  const out: { a: string; b: string; cosine: number }[] = [];
  for (let i = 0; i < vectors.length; i++)
    for (let j = i + 1; j < vectors.length; j++)
      out.push({ a: vectors[i]![0], b: vectors[j]![0], cosine: cosine(vectors[i]![1], vectors[j]![1]) });
  return out;
}

/**
 * The topic of each source: sources whose content cosine reaches `threshold` share one, and so,
 * transitively, do the sources linked through them (union-find). Topic numbers are the index of
 * each topic's first source in `sourceIds`.
 * @example sourceTopics(["a", "b"], units).get("b") // 0 when a and b are about the same subject, else 1
 */
export function sourceTopics(
  sourceIds: readonly string[],
  units: readonly Unit[],
  threshold = DEFAULT_TOPIC_THRESHOLD,
): Map<string, number> {
  const parent = sourceIds.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  if (sourceIds.length > 1) {
    const at = new Map(sourceIds.map((id, i) => [id, i]));
    for (const { a, b, cosine: c } of sourceSimilarities(units)) {
      if (c < threshold) continue;
      const x = find(at.get(a)!);
      const y = find(at.get(b)!);
      if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
    }
  }
  return new Map(sourceIds.map((id, i) => [id, find(i)]));
}
