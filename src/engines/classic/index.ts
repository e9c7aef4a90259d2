/**
 * The classic engine: the embedded default. Segments are typed by the trained segment classifier
 * (`models/segment-classifier.json`, whose features include the lexicon signals), blended with the
 * lexicon heuristics (`tagger.ts`) that remain as a fallback and pick each root post's thesis;
 * relations come from discourse markers and reply openers (`relations.ts`).
 */
import type { Post, Segment, StageContext, Unit, UnitKind } from "../../model/index.js";
import { provenance } from "../../model/index.js";
import type { Engine, ExtractInput, RelateInput } from "../engine.js";
import { loadClassicModels, loadReplyStanceModel, type ClassicModels } from "./models.js";
import type { ReplyStanceModel } from "./stance-model.js";
import { readModelManifest } from "./models-files.js";
import { lexicalScorer } from "../../cluster/scorer.js";
import { classicScorer } from "./keypoint-scorer.js";
import { relateUnits, type StanceScorer, type StructureVersion, type SupportScorer } from "./relations.js";
import { replyStanceLabel } from "./stance.js";
import { contentSignals } from "./signals.js";
import { paragraphIndices, tagPost } from "./tagger.js";

export { segmentSignals, contentSignals, withContext, FEATURE_NAMES } from "./signals.js";
export type {
  ContentSignals,
  SegmentSignals,
  SignalContext,
  SignalInput,
  Features,
  FeatureName,
} from "./signals.js";
export { tagSegment, tagPost, tagText, scoreSegment, paragraphIndices } from "./tagger.js";
export type { TagResult, PostSegment, PostOptions } from "./tagger.js";
export { relateUnits, replyStance, negatesParent } from "./relations.js";
export type { ReplyStance } from "./relations.js";

export const extractStage = { name: "extract", version: "2.0.0" } as const;

/** A post replies to another when it has a parent or quotes another post. */
function isReplyPost(post: Post | undefined): boolean {
  if (!post) return false;
  return (
    post.parentId !== undefined ||
    post.quotes.some((q) => q.targetPostId !== undefined && q.targetPostId !== post.id)
  );
}

type BlendKind = "claim" | "premise" | "evidence" | "none";
const BLEND_KINDS: BlendKind[] = ["claim", "premise", "evidence", "none"];
const HEURISTIC_TEMPERATURE = 0.8;

function softmax(scores: Record<BlendKind, number>): Record<BlendKind, number> {
  const max = Math.max(scores.claim, scores.premise, scores.evidence, scores.none);
  const claim = Math.exp((scores.claim - max) / HEURISTIC_TEMPERATURE);
  const premise = Math.exp((scores.premise - max) / HEURISTIC_TEMPERATURE);
  const evidence = Math.exp((scores.evidence - max) / HEURISTIC_TEMPERATURE);
  const none = Math.exp((scores.none - max) / HEURISTIC_TEMPERATURE);
  const z = 0 + claim + premise + evidence + none;
  return { claim: claim / z, premise: premise / z, evidence: evidence / z, none: none / z };
}

export interface ClassicEngineOptions {
  /** Weight of the trained classifier against the heuristics (0 = heuristics only, 1 = model only). */
  modelWeight?: number;
  /** Models to use; the shipped ones (loaded lazily on first use) by default. */
  models?: () => ClassicModels;
  /** Heuristic confidence above which the heuristic's argumentative kind wins over the blend. */
  heuristicOverride?: number;
  /**
   * Argument structure inside posts: `v2` (default: paragraphs from the reader, claim chosen per
   * paragraph) or `v1`, the previous linker (blank-line paragraphs only), kept for before/after
   * measurement in `argmap eval relations`.
   */
  structure?: StructureVersion;
  /** Reply-stance classifier; the shipped one (loaded on first use) by default. Evaluation passes per-fold models. */
  stanceModel?: () => ReplyStanceModel;
}

function extractWith(options: Required<ClassicEngineOptions>) {
  return function extract(input: ExtractInput, ctx: StageContext): Unit[] {
    const by = provenance(extractStage, ctx.engine);
    const w = options.modelWeight;
    const models = w > 0 ? options.models() : undefined;
    const posts = new Map<string, Post>();
    const texts = new Map<string, string>();
    for (const s of input.sources) {
      texts.set(s.id, s.text);
      for (const p of s.posts) posts.set(p.id, p);
    }
    const groups = new Map<string, Segment[]>();
    for (const seg of input.segments) {
      const key = `${seg.sourceId}\u0000${seg.postId}`;
      const g = groups.get(key);
      if (g) g.push(seg);
      else groups.set(key, [seg]);
    }
    const units = new Map<string, Unit>();
    let done = 0;
    for (const segs of groups.values()) {
      const first = segs[0]!;
      const text = texts.get(first.sourceId) ?? "";
      const isReply = isReplyPost(posts.get(first.postId));
      const postSegments = segs.map((s) => {
        const tokens = input.tokens.get(s.id) ?? [];
        return { text: s.text, tokens, span: s.span, signals: contentSignals(s.text, tokens) };
      });
      const tags = tagPost(postSegments, {
        isReply,
        paragraphs: paragraphIndices(
          text,
          segs.map((s) => s.span),
        ),
      });
      const blended = segs.map((seg, i) => {
        const tag = tags[i]!;
        const heuristic = softmax(tag.scores);
        const model = models?.segmentClassifier.predict({
          tokens: postSegments[i]!.tokens,
          text: seg.text,
          index: i,
          count: segs.length,
          signals: postSegments[i]!.signals,
        }).probs;
        const probs = BLEND_KINDS.map((k) => (model ? w * (model[k] ?? 0) : 0) + (1 - w) * heuristic[k]);
        let best = 0;
        for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
        // Strong lexical evidence ("We should …", "because …") is kept even where the model,
        // trained on sparsely annotated web comments, leans to "none".
        const lexical = BLEND_KINDS.indexOf(tag.kind === "major-claim" ? "claim" : (tag.kind as BlendKind));
        if (lexical >= 0 && lexical !== 3 && tag.confidence >= options.heuristicOverride) best = lexical;
        return { kind: BLEND_KINDS[best]! as UnitKind, confidence: probs[best]!, claim: probs[0]! };
      });
      // The heuristics choose the thesis of a root post; the blend must still find it argumentative.
      let thesis = tags.findIndex((t, i) => t.kind === "major-claim" && blended[i]!.kind !== "none");
      if (thesis < 0 && !isReply) {
        const candidates = blended.map((b, i) => (b.kind === "claim" ? i : -1)).filter((i) => i >= 0);
        thesis = candidates.sort((a, b) => blended[b]!.claim - blended[a]!.claim)[0] ?? -1;
      }
      segs.forEach((seg, i) => {
        const b = blended[i]!;
        units.set(seg.id, {
          id: `u:${seg.id}`,
          segmentId: seg.id,
          sourceId: seg.sourceId,
          postId: seg.postId,
          kind:
            i === thesis || (tags[i]!.kind === "major-claim" && b.kind !== "none") ? "major-claim" : b.kind,
          confidence: Math.round(b.confidence * 1000) / 1000,
          span: [seg.span[0], seg.span[1]],
          text: seg.text,
          signals: tags[i]!.signals,
          by,
        });
      });
      done += segs.length;
      ctx.progress?.({ stage: extractStage.name, done, total: input.segments.length });
    }
    return input.segments.map((s) => units.get(s.id)!);
  };
}

/**
 * The trained relation classifier as a within-post support scorer over the segmenter's tokens.
 * A unit's position in its post is looked up in an index built once per post (an `indexOf` per
 * pair was quadratic in an essay read as one post).
 * @example supportScorer(loadClassicModels(), input)(claim, premise, postUnits) // P(support)
 */
export function supportScorer(
  models: Pick<ClassicModels, "relationClassifier">,
  input: Pick<RelateInput, "tokens">,
): SupportScorer {
  const positions = new WeakMap<readonly Unit[], Map<Unit, number>>();
  const positionIn = (post: readonly Unit[], u: Unit): number => {
    let at = positions.get(post);
    if (!at) {
      at = new Map();
      for (let i = post.length - 1; i >= 0; i--) at.set(post[i]!, i); // the first of repeats, as indexOf
      positions.set(post, at);
    }
    return at.get(u) ?? -1;
  };
  const asModelUnit = (u: Unit, post: readonly Unit[]) => ({
    tokens: input.tokens.get(u.segmentId) ?? [],
    text: u.text,
    index: positionIn(post, u),
    count: post.length,
    kind: u.kind === "major-claim" ? "claim" : u.kind,
  });
  return (from, to, post) =>
    models.relationClassifier.predict(asModelUnit(from, post), asModelUnit(to, post), true).probs.support;
}

/**
 * The trained reply-stance classifier over a parent unit and a reply's opening units. The quoted
 * lines are not in the opening, so the classifier's quote-and-answer rule is not applied here:
 * the relate stage's gates (`STANCE_MODEL_MIN`, its fall-through to the opener rules) decide
 * what a quote reply gets.
 */
function stanceScorer(input: RelateInput, model: () => ReplyStanceModel): StanceScorer {
  const asInput = (units: readonly Unit[]) => ({
    text: units.map((u) => u.text).join(" "),
    tokens: units.flatMap((u) => input.tokens.get(u.segmentId) ?? []),
  });
  return (parent, opening) => {
    if (!parent || opening.length === 0) return undefined;
    return replyStanceLabel(model().score(asInput([parent]), asInput(opening), { quotes: false }));
  };
}

let shippedVersions: Readonly<Record<string, string>> | undefined;

/** Build a classic engine; `classicEngine` is the default one. */
export function createClassicEngine(options: ClassicEngineOptions = {}): Engine {
  const resolved: Required<ClassicEngineOptions> = {
    modelWeight: options.modelWeight ?? DEFAULT_MODEL_WEIGHT,
    models: options.models ?? loadClassicModels,
    heuristicOverride: options.heuristicOverride ?? 0.85,
    structure: options.structure ?? "v2",
    stanceModel: options.stanceModel ?? loadReplyStanceModel,
  };
  return {
    name: "classic",
    version: "2.0.0",
    // The shipped models' content hashes (read without the weights); models given in memory
    // (cross-validation folds) report their own versions.
    get models() {
      if (resolved.modelWeight <= 0) return {};
      return options.models ? resolved.models().versions : (shippedVersions ??= readModelManifest());
    },
    extract: (input, ctx) => Promise.resolve(extractWith(resolved)(input, ctx)),
    relate: (input: RelateInput, ctx: StageContext) =>
      Promise.resolve(
        resolved.modelWeight > 0
          ? relateUnits(
              input,
              ctx,
              supportScorer(resolved.models(), input),
              stanceScorer(input, resolved.stanceModel),
              resolved.structure,
            )
          : relateUnits(input, ctx, undefined, undefined, resolved.structure),
      ),
    keyPointScorer: () => (resolved.modelWeight > 0 ? classicScorer(resolved.models()) : lexicalScorer()),
  };
}

/**
 * Share of the trained classifier in the blend. Chosen by 10-fold CV of the whole engine on web
 * discourse (`argmap eval web-discourse`, systems engine-w*), without the heuristic override:
 * macro F1 (≥50 % overlap) 0.230 at 0.5, 0.244 at 0.7, 0.233 at 1.0. The override (strong lexical
 * claims and reasons kept) costs 0.02 there (0.222 at 0.7) — web discourse leaves many plain
 * claims unannotated — and keeps obvious claims such as "We should …" from being dropped.
 */
export const DEFAULT_MODEL_WEIGHT = 0.7;

/**
 * The embedded default engine: trained segment classifier blended with the lexicon heuristics.
 *
 * @example
 * const units = classicEngine.extract({ sources, segments, tokens }, ctx);
 * const relations = classicEngine.relate({ sources, segments, tokens, units, structure }, ctx);
 */
export const classicEngine: Engine = createClassicEngine();
