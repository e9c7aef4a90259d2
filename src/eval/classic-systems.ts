/**
 * The classic engine's trained models as evaluation systems for `argmap eval` (registered in
 * `src/eval/systems.ts`). Each `fit` trains on the fold's training data only; the `*-shipped`
 * systems score the weights in `models/` as they are (no training).
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { ArgKpSystem, CdcpSystem, WdLabel, WdSystem } from "./system-types.js";
import {
  CDCP_LINK_THRESHOLD,
  decodeLinks,
  predictTypes,
  scoreLinks,
  trainCdcpLinks,
  trainCdcpTypes,
} from "../train/cdcp.js";
import { kpMatcherScore, trainKp } from "../train/kp.js";
import { segmentRawText, trainSegmentClassifier } from "../train/segments.js";
import { rescoreWithMargin } from "../engines/classic/learn/margin.js";
import { classifySegment, SEGMENT_KINDS } from "../engines/classic/learn/segments.js";
import { analyseText, analyseTokens } from "../engines/classic/learn/analyse.js";
import { loadClassicModels, loadEmbeddings, type ClassicModels } from "../engines/classic/models.js";
import { engineSpans } from "./engine-system.js";
import { createClassicEngine, DEFAULT_MODEL_WEIGHT } from "../engines/classic/index.js";

/** Score every same-topic, same-stance pair, then rescore each argument's row with its margin. */
function scorePairs(
  split: ArgKpSplit,
  f: (arg: string, kp: string, topic: string) => number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const a of split.arguments) {
    const kps = split.keyPoints.filter((k) => k.topic === a.topic && k.stance === a.stance);
    const scores = rescoreWithMargin(kps.map((k) => f(a.text, k.text, a.topic)));
    out.set(a.id, new Map(kps.map((k, i) => [k.id, scores[i]!])));
  }
  return out;
}

/** Key point matcher: trained logistic regression, and the shipped weights. */
export const classicArgKpSystems: ArgKpSystem[] = [
  {
    name: "kp-logreg",
    description:
      "logistic regression on SIF cosine, word-vector alignment, lemma overlap, length, negation (trained per fold); ranked by probability + margin over the runner-up",
    needsTraining: true,
    fit(train) {
      const emb = loadEmbeddings();
      const model = trainKp(train, emb);
      return { score: (split) => scorePairs(split, (a, k, t) => kpMatcherScore(model, emb, a, k, t)) };
    },
  },
  {
    name: "kp-shipped",
    description: "the shipped models/keypoint-matcher.json (trained on ArgKP train)",
    needsTraining: false,
    fit() {
      const m = loadClassicModels().keyPointMatcher;
      return { score: (split) => scorePairs(split, (a, k, t) => m.score(a, k, t)) };
    },
  },
];

/** CDCP: five-type proposition head and reason-link head (trained per fold). */
export const classicCdcpSystems: CdcpSystem[] = [
  {
    name: "cdcp-logreg",
    description: `logistic regression types (n-grams, cues, SIF) + pairwise link scorer, best target per source if p ≥ ${CDCP_LINK_THRESHOLD}`,
    needsTraining: true,
    fit(train) {
      const emb = loadEmbeddings();
      const types = trainCdcpTypes(train, emb);
      const links = trainCdcpLinks(train, emb, (d) => d.props.map((p) => p.type));
      return {
        predict(doc) {
          const t = predictTypes(doc, emb, types);
          return { types: t, reasons: decodeLinks(scoreLinks(doc, emb, t, links), CDCP_LINK_THRESHOLD) };
        },
      };
    },
  },
];

const WD_OF: Record<(typeof SEGMENT_KINDS)[number], WdLabel | undefined> = {
  none: undefined,
  claim: "Claim",
  premise: "Premise",
  evidence: "Premise",
};

/** Web discourse: the segment classifier over the repo segmenter's segments. */
export const classicWdSystems: WdSystem[] = [
  {
    name: "segment-logreg",
    description:
      "segment classifier (n-grams, POS, cues, position, SIF) on repo segments, trained per fold on web discourse only",
    needsTraining: true,
    fit(train) {
      const emb = loadEmbeddings();
      const model = trainSegmentClassifier(train, [], emb);
      return {
        predict(doc) {
          const segs = segmentRawText(doc.text);
          return segs.flatMap((s, i) => {
            const p = classifySegment(model, emb, s.an, doc.text.slice(s.span[0], s.span[1]), i, segs.length);
            const type = WD_OF[SEGMENT_KINDS[p.indexOf(Math.max(...p))]!];
            return type ? [{ type, span: s.span }] : [];
          });
        },
      };
    },
  },
  {
    name: "segment-shipped",
    description:
      "the shipped models/segment-classifier.json (trained on all web discourse + CDCP: not a held-out score)",
    needsTraining: false,
    fit() {
      const m = loadClassicModels().segmentClassifier;
      return {
        predict(doc) {
          const segs = segmentRawText(doc.text);
          return segs.flatMap((s, i) => {
            const type =
              WD_OF[
                m.predict({
                  tokens: s.an.tokens,
                  text: doc.text.slice(s.span[0], s.span[1]),
                  index: i,
                  count: segs.length,
                }).kind
              ];
            return type ? [{ type, span: s.span }] : [];
          });
        },
      };
    },
  },
];

/**
 * The engine itself (what `argmap map` runs), with its segment classifier retrained on each
 * fold's training documents, at several blend weights of model vs heuristics.
 */
for (const modelWeight of [DEFAULT_MODEL_WEIGHT, 1]) {
  classicWdSystems.push({
    name: `engine-w${modelWeight}`,
    description: `argmap's classic engine end to end (segment classifier retrained per fold on web discourse, blended with the heuristics at weight ${modelWeight})`,
    needsTraining: true,
    fit(train) {
      const shipped = loadClassicModels();
      const emb = shipped.embeddings;
      const model = trainSegmentClassifier(train, [], emb);
      const models: ClassicModels = {
        ...shipped,
        segmentClassifier: {
          predict(u) {
            const an = u.tokens ? analyseTokens(u.tokens) : analyseText(u.text);
            const p = classifySegment(model, emb, an, u.text, u.index, u.count);
            let best = 0;
            for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
            return {
              kind: SEGMENT_KINDS[best]!,
              confidence: p[best]!,
              probs: Object.fromEntries(SEGMENT_KINDS.map((k, i) => [k, p[i]!])) as Record<
                (typeof SEGMENT_KINDS)[number],
                number
              >,
            };
          },
        },
      };
      const engine = createClassicEngine({ modelWeight, models: () => models });
      return { predict: (doc) => engineSpans(engine, doc) };
    },
  });
}
