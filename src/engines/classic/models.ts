/**
 * The classic engine's trained models: segment classifier, relation classifier and key point
 * matcher, with the word vectors they share. Loaded lazily, once, on first use.
 *
 * @example
 * const m = loadClassicModels();
 * m.keyPointMatcher.score("Uniforms stop kids being bullied for clothes", "School uniform reduces bullying");
 */
import { z } from "zod";
import type { Token } from "../../segment/index.js";
import { analyseText, analyseTokens, type Analysed } from "./learn/analyse.js";
import { Embeddings, EmbeddingsFile } from "./learn/embeddings.js";
import { rescoreWithMargin } from "./learn/margin.js";
import { kpPairFeatures, kpPairFeaturesOf, kpText, type KpText } from "./learn/kp-features.js";
import { linkFeatures } from "./learn/link-features.js";
import { LogRegJson, deserializeLogReg, predictProba, type LogRegModel } from "./learn/logreg.js";
import { segmentFeatures } from "./learn/seg-features.js";
import { RELATION_KINDS, SEGMENT_KINDS, type RelationKind, type SegmentKind } from "./learn/segments.js";
import type { ContentSignals } from "./signals.js";
import { readEmbeddingFiles, readModelFiles, readReplyStanceFile, type ModelFiles } from "./models-files.js";
import { STANCE_CLASSES } from "./learn/stance-features.js";
import { createReplyStanceModel, type ReplyStanceModel } from "./stance-model.js";

export { RELATION_KINDS, SEGMENT_KINDS, type RelationKind, type SegmentKind };

/** A shipped model file: provenance plus the weights. */
export const ModelFile = z.object({
  name: z.string(),
  version: z.string(),
  classes: z.array(z.string()),
  data: z.string(),
  /** Feature-set version the weights were trained on (reply stance; absent = 1). */
  features: z.number().int().min(1).optional(),
  model: LogRegJson,
});
export type ModelFile = z.infer<typeof ModelFile>;

/** A unit as the segment and relation classifiers see it. */
export interface ModelUnit {
  /** Tokens from the segmenter (preferred) or, when absent, the text is analysed afresh. */
  tokens?: Token[];
  text: string;
  /** Position of the unit in its post and the post's unit count. */
  index: number;
  count: number;
  /** `contentSignals(text, tokens)` when already computed (the segment classifier reuses it). */
  signals?: ContentSignals;
}

export interface Prediction<K extends string> {
  kind: K;
  confidence: number;
  probs: Record<K, number>;
}

export interface ClassicModels {
  /** Model name → version, for provenance. */
  versions: Readonly<Record<string, string>>;
  embeddings: Embeddings;
  segmentClassifier: { predict(unit: ModelUnit): Prediction<SegmentKind> };
  relationClassifier: {
    /** Does `from` support or attack `to`? `kind`s are the units' predicted kinds. */
    predict(
      from: ModelUnit & { kind: string },
      to: ModelUnit & { kind: string },
      samePost: boolean,
    ): Prediction<RelationKind>;
  };
  keyPointMatcher: {
    /** Match score in [0, 1]; `topic` words (optional) are discounted. */
    score(argument: string, keyPoint: string, topic?: string): number;
    /**
     * Ranking scores of several candidate key points for one argument (probability + margin
     * over the best other candidate; not bounded to [0, 1]). Compare them across arguments to
     * decide which arguments are matched most confidently; the argmax equals that of `score`.
     */
    scoreAll(argument: string, keyPoints: readonly string[], topic?: string): number[];
    /**
     * The analysis `scoreAnalysed` works on (wink-nlp, the same as `score` uses), in the compact
     * form of the pair features (vectors and sorted id sets, about 2 KB a text). Not cached:
     * callers that score one text many times keep it (e.g. for one clustering run).
     */
    analyse(text: string): KpText;
    /** `score` on analyses from `analyse`; `topic` is the topic's content lemmas (`analyse(topic).content`). */
    scoreAnalysed(argument: KpText, keyPoint: KpText, topic?: ReadonlySet<string>): number;
  };
}

function toPrediction<K extends string>(kinds: readonly K[], probs: number[]): Prediction<K> {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  return {
    kind: kinds[best]!,
    confidence: probs[best]!,
    probs: Object.fromEntries(kinds.map((k, i) => [k, probs[i]!])) as Record<K, number>,
  };
}

function parseModel(
  json: unknown,
  what: string,
  classes: readonly string[],
): { file: ModelFile; model: LogRegModel } {
  const file = ModelFile.parse(json);
  if (file.classes.join() !== classes.join())
    throw new RangeError(`${what}: classes ${file.classes.join()} ≠ ${classes.join()}`);
  return { file, model: deserializeLogReg(file.model) };
}

/** `models/wordnet-links.json` (built by `scripts/build-wordnet-links.ts`). */
export const WordLinksFile = z.object({ name: z.string(), data: z.string(), same: z.string() });

/**
 * The similarity at or above which the key point matcher's word alignment takes two words
 * WordNet links as the same word in other forms or synonyms. Chosen on ArgKP train 4-fold CV by
 * topic: see models/README.md.
 */
export const WORD_LINK_SIMILARITY = 1;

/**
 * The word vectors with their WordNet links, from already-read files.
 * @example embeddingsFromFiles(readEmbeddingFiles()).similarity("car", "automobile")
 */
export function embeddingsFromFiles(
  files: Pick<ModelFiles, "embeddingsMeta" | "embeddings" | "wordLinks">,
): Embeddings {
  const e = new Embeddings(EmbeddingsFile.parse(files.embeddingsMeta), files.embeddings);
  const links = WordLinksFile.parse(files.wordLinks);
  e.setWordLinks(links.same ? links.same.split("\n") : [], [], WORD_LINK_SIMILARITY);
  return e;
}

/**
 * Build the models from already-read files (pure; used by `loadClassicModels` and tests).
 */
export function createClassicModels(files: ModelFiles): ClassicModels {
  const embeddings = embeddingsFromFiles(files);
  const seg = parseModel(files.segment, "segment classifier", SEGMENT_KINDS);
  const rel = parseModel(files.relation, "relation classifier", RELATION_KINDS);
  const kp = parseModel(files.keypoint, "key point matcher", ["no-match", "match"]);
  // One analysis per segment's token list: the relation classifier sees each unit in many pairs,
  // and its per-unit features (signals, sentence vector) are memoised on the analysis.
  const byTokens = new WeakMap<readonly Token[], Analysed>();
  const analyse = (u: ModelUnit): Analysed => {
    if (!u.tokens) return analyseText(u.text);
    let a = byTokens.get(u.tokens);
    if (!a) byTokens.set(u.tokens, (a = analyseTokens(u.tokens)));
    return a;
  };
  const cache = new Map<string, Analysed>();
  const analyseCached = (text: string): Analysed => {
    let a = cache.get(text);
    if (!a) {
      if (cache.size > 5000) cache.clear();
      cache.set(text, (a = analyseText(text)));
    }
    return a;
  };
  // The last topic's lemma set, kept so that the pair features' per-text cache (keyed on the set) hits.
  let lastTopic: { text: string; set: ReadonlySet<string> } | undefined;
  const topicSet = (text: string): ReadonlySet<string> => {
    if (lastTopic?.text !== text) lastTopic = { text, set: new Set(analyseCached(text).content) };
    return lastTopic.set;
  };
  return {
    versions: {
      [seg.file.name]: seg.file.version,
      [rel.file.name]: rel.file.version,
      [kp.file.name]: kp.file.version,
    },
    embeddings,
    segmentClassifier: {
      predict(u) {
        const ctx = {
          text: u.text,
          index: u.index,
          count: u.count,
          ...(u.signals ? { signals: u.signals } : {}),
        };
        const x = segmentFeatures(analyse(u), ctx, embeddings);
        return toPrediction(SEGMENT_KINDS, predictProba(seg.model, x));
      },
    },
    relationClassifier: {
      predict(from, to, samePost) {
        const x = linkFeatures(
          analyse(from),
          analyse(to),
          {
            from: from.index,
            to: to.index,
            count: Math.max(from.count, to.count),
            fromType: from.kind,
            toType: to.kind,
            samePost,
          },
          embeddings,
        );
        return toPrediction(RELATION_KINDS, predictProba(rel.model, x));
      },
    },
    keyPointMatcher: {
      score(argument, keyPoint, topic) {
        const t = topic ? topicSet(topic) : NO_TOPIC;
        return predictProba(
          kp.model,
          kpPairFeatures(analyseCached(argument), analyseCached(keyPoint), embeddings, t),
        )[1]!;
      },
      scoreAll(argument, keyPoints, topic) {
        return rescoreWithMargin(keyPoints.map((k) => this.score(argument, k, topic)));
      },
      // Compact (vectors and id sets, no tokens): a clustering run keeps one per distinct text.
      analyse: (text) => kpText(analyseText(text), embeddings, NO_TOPIC),
      scoreAnalysed(argument, keyPoint, topic) {
        return predictProba(
          kp.model,
          kpPairFeaturesOf(argument, keyPoint, embeddings, topic ?? NO_TOPIC),
        )[1]!;
      },
    },
  };
}

const NO_TOPIC: ReadonlySet<string> = new Set();

let loaded: ClassicModels | undefined;

/**
 * The shipped models, read from `models/` on first call and cached.
 * @example loadClassicModels().segmentClassifier.predict({ text: "We should ban it.", index: 0, count: 1 }).kind
 */
export function loadClassicModels(): ClassicModels {
  loaded ??= createClassicModels(readModelFiles());
  return loaded;
}

let embeddings: Embeddings | undefined;

/**
 * The shipped word vectors alone (shared with `loadClassicModels`), read on first call.
 * @example loadEmbeddings().similarity("car", "automobile")
 */
export function loadEmbeddings(): Embeddings {
  if (loaded) return loaded.embeddings;
  if (!embeddings) {
    embeddings = embeddingsFromFiles(readEmbeddingFiles());
  }
  return embeddings;
}

let stance: ReplyStanceModel | undefined;

/**
 * The shipped reply-stance classifier (`models/reply-stance.json`), read on first call and
 * cached; shares the word vectors with `loadClassicModels`.
 * @example loadReplyStanceModel().score("Prices will fall.", "No, they went up.").attack
 */
export function loadReplyStanceModel(): ReplyStanceModel {
  stance ??= createReplyStanceModel(
    parseModel(readReplyStanceFile(), "reply stance classifier", STANCE_CLASSES),
    loadEmbeddings(),
  );
  return stance;
}
