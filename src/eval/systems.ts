/**
 * The systems `argmap eval` can score, one registry per task. A system is `{ name, description,
 * needsTraining, fit(trainData) → predictor }`; the harness calls `fit` once per cross-validation
 * fold (or once on the train split) and scores the predictor on held-out data only.
 *
 * Adding a system is one line: push an entry into the task's array, e.g.
 *   argKpSystems.push({ name: "kp-logreg", description: "…", needsTraining: true, fit: (train) => makeKpMatcher(train) });
 * (or add it to the array literal below). Names must be unique within a task.
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { CdcpType } from "../datasets/cdcp.js";
import { CDCP_TYPES } from "../datasets/cdcp.js";
import { seededRandom } from "./folds.js";
import { fnv1a } from "../util/hash.js";
import { contentLemmas, jaccard, sentenceSpans } from "./text.js";
export type * from "./system-types.js";
import type { ArgKpSystem, CdcpSystem, WdLabel, WdSystem } from "./system-types.js";
import { classicArgKpSystems, classicCdcpSystems, classicWdSystems } from "./classic-systems.js";
import { cdcpForestSystem } from "./cdcp-forest-system.js";
import { cdcpHeadSystem } from "./cdcp-head-system.js";
import { HEAD_EXTRAS } from "../engines/classic/learn/head-extras.js";

// ── ArgKP ────────────────────────────────────────────────────────────────────────────────────

/** Apply `f` to every (argument, key point) pair with the same topic and stance. */
export function scoreSameGroupPairs(
  split: ArgKpSplit,
  f: (arg: ArgKpSplit["arguments"][number], kp: ArgKpSplit["keyPoints"][number]) => number,
): Map<string, Map<string, number>> {
  const kps = new Map<string, ArgKpSplit["keyPoints"]>();
  for (const kp of split.keyPoints) {
    const k = `${kp.stance}\u0000${kp.topic}`;
    kps.set(k, [...(kps.get(k) ?? []), kp]);
  }
  const out = new Map<string, Map<string, number>>();
  for (const arg of split.arguments) {
    const row = new Map<string, number>();
    for (const kp of kps.get(`${arg.stance}\u0000${arg.topic}`) ?? []) row.set(kp.id, f(arg, kp));
    out.set(arg.id, row);
  }
  return out;
}

export const argKpSystems: ArgKpSystem[] = [
  {
    name: "random",
    description: "uniform random score per pair (seeded by the pair's ids)",
    needsTraining: false,
    fit: () => ({
      score: (split) => scoreSameGroupPairs(split, (a, k) => seededRandom(fnv1a(`${a.id}|${k.id}`))()),
    }),
  },
  {
    name: "token-overlap",
    description: "Jaccard similarity of content-word lemma sets",
    needsTraining: false,
    fit: () => ({
      score(split) {
        const cache = new Map<string, Set<string>>();
        const bag = (t: string) => {
          let s = cache.get(t);
          if (!s) cache.set(t, (s = new Set(contentLemmas(t))));
          return s;
        };
        return scoreSameGroupPairs(split, (a, k) => jaccard(bag(a.text), bag(k.text)));
      },
    }),
  },
];

// ── CDCP ─────────────────────────────────────────────────────────────────────────────────────

const POLICY = /\b(should|must|ought|need(s)? to|urge|recommend|require[sd]?|please|ask that|propose)\b/i;
const REFERENCE = /(https?:\/\/|www\.|\b\d+\s*(U\.?S\.?C|C\.?F\.?R)\b|§)/i;
const TESTIMONY = /\b(I|my|me|we|our|us)\b/;
const FACT = /(\d|\b(percent|according to|studies|study|report(ed|s)?|data|statistics)\b)/i;
const REASON_START = /^\W*(because|since|for example|for instance|as|given that|this is why|after all)\b/i;

/** Keyword rule for a proposition's type. */
export function keywordCdcpType(text: string): CdcpType {
  if (REFERENCE.test(text)) return "reference";
  if (POLICY.test(text)) return "policy";
  if (TESTIMONY.test(text)) return "testimony";
  if (FACT.test(text)) return "fact";
  return "value";
}

export const cdcpSystems: CdcpSystem[] = [
  {
    name: "majority",
    description: "most frequent training type for every proposition; no links",
    needsTraining: true,
    fit(train) {
      const counts = new Map<CdcpType, number>();
      for (const d of train) for (const p of d.props) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
      const top = [...CDCP_TYPES].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0]!;
      return { predict: (doc) => ({ types: doc.props.map(() => top), reasons: [] }) };
    },
  },
  {
    name: "keywords",
    description:
      "keyword rules for types; each non-policy proposition supports the nearest policy one, or its predecessor when it opens with a causal marker",
    needsTraining: false,
    fit: () => ({
      predict(doc) {
        const texts = doc.props.map((p) => doc.text.slice(p.span[0], p.span[1]));
        const types = texts.map(keywordCdcpType);
        const policies = types.flatMap((t, i) => (t === "policy" ? [i] : []));
        const reasons: { from: number; to: number }[] = [];
        types.forEach((t, i) => {
          if (t === "policy") return;
          if (policies.length > 0) {
            const to = policies.reduce((best, j) => (Math.abs(j - i) < Math.abs(best - i) ? j : best));
            reasons.push({ from: i, to });
          } else if (i > 0 && REASON_START.test(texts[i]!)) reasons.push({ from: i, to: i - 1 });
        });
        return { types, reasons };
      },
    }),
  },
];

// ── Web discourse ────────────────────────────────────────────────────────────────────────────

export const webDiscourseSystems: WdSystem[] = [
  {
    name: "majority",
    description: "every sentence is a Premise (the majority component class)",
    needsTraining: false,
    fit: () => ({
      predict: (doc) => sentenceSpans(doc.text).map((span) => ({ type: "Premise" as const, span })),
    }),
  },
  {
    name: "heuristic-v1",
    description:
      "the classic heuristic tagger (tagText): major-claim/claim → Claim, premise/evidence → Premise, one span per segment",
    needsTraining: false,
    // Loaded lazily so that a problem in the tagger affects this system only, not the whole harness.
    fit: async () => {
      const { tagText } = await import("../engines/classic/tagger.js");
      return {
        predict: (doc) =>
          tagText(doc.text).flatMap((u): { type: WdLabel; span: [number, number] }[] =>
            u.kind === "major-claim" || u.kind === "claim"
              ? [{ type: "Claim", span: u.span }]
              : u.kind === "premise" || u.kind === "evidence"
                ? [{ type: "Premise", span: u.span }]
                : [],
          ),
      };
    },
  },
];

// ── Trained classic models (src/eval/classic-systems.ts) ──────────────────────────────
argKpSystems.push(...classicArgKpSystems);
cdcpSystems.push(
  ...classicCdcpSystems,
  cdcpForestSystem(),
  cdcpHeadSystem(),
  cdcpHeadSystem("greedy"),
  // One system per extra feature group of `head-extras.ts`, and all of them together.
  ...HEAD_EXTRAS.map((e) => cdcpHeadSystem("msa", [e])),
  cdcpHeadSystem("msa", [...HEAD_EXTRAS]),
);
webDiscourseSystems.push(...classicWdSystems);
