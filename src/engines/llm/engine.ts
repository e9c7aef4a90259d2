/**
 * The LLM engines over one client:
 * - `hybrid` (recommended): the classic engine segments and proposes units and support/attack
 *   candidates; the LLM labels units, candidates and reply stances per batch of posts
 *   (`label-thread@1`), writes theses and headlines (`summarize-argument@1`) and names the key
 *   points (`name-key-points@2`); the classic matcher still forms them and assigns comments.
 * - `llm`: the LLM finds and relates the units itself from the segments (`extract-units@1`),
 *   every quote aligned to the source.
 * Whatever the LLM could not label (failed calls, budget, invalid items, dry run) keeps the classic
 * engine's labels, with a diagnostic.
 */
import type { ArgumentAbstract, Relation, StageContext, Unit } from "../../model/index.js";
import { provenance } from "../../model/index.js";
import { relateThread } from "../../relate/thread.js";
import type { Engine, ExtractInput, NameKeyPointsInput, RelateInput, SummarizeInput } from "../engine.js";
import { classicEngine } from "../classic/index.js";
import { planBatches } from "./batches.js";
import { formatUsage, type LlmClient } from "./client.js";
import { extractSource } from "./extract.js";
import { labelSource } from "./label.js";
import { emptyLabels, pairKey, type SourceLabels } from "./labels.js";
import { PROMPT_ID as EXTRACT_ID } from "./prompts/extract-units.js";
import { PROMPT_ID as LABEL_ID, type Candidate } from "./prompts/label-thread.js";
import { PROMPT_ID as SUMMARIZE_ID } from "./prompts/summarize-argument.js";
import { PROMPT_ID as NAME_ID } from "./prompts/name-key-points.js";
import { nameKeyPoints } from "./name.js";
import { summarizeArguments } from "./summarize.js";

export type LlmMode = "hybrid" | "llm";

export interface LlmEngine extends Engine {
  readonly client: LlmClient;
  /** Calls, cache hits, retries, tokens and cost per stage, as lines for stderr. */
  usageReport(): string;
}

const LLM_CONFIDENCE = 0.8;
const quiet = (ctx: StageContext): StageContext => ({ engine: ctx.engine, report: () => undefined });

/** Support/attack candidates of the classic engine, as segment pairs. */
async function classicCandidates(
  input: ExtractInput,
  units: Unit[],
  ctx: StageContext,
): Promise<Candidate[]> {
  const structure = relateThread(input.sources, quiet(ctx));
  const relations = await classicEngine.relate({ ...input, units, structure }, quiet(ctx));
  const segmentOf = new Map(units.map((u) => [u.id, u.segmentId]));
  const out: Candidate[] = [];
  for (const r of relations) {
    if (r.level !== "unit" || (r.kind !== "support" && r.kind !== "attack")) continue;
    const from = segmentOf.get(r.from);
    const to = segmentOf.get(r.to);
    if (from !== undefined && to !== undefined) out.push({ from, to });
  }
  return out;
}

/** Apply LLM labels to the classic relations of a source; add reply stances the classic engine missed. */
function applyLabels(
  input: RelateInput,
  relations: Relation[],
  labels: SourceLabels,
  ctx: StageContext,
): Relation[] {
  const units = new Map(input.units.map((u) => [u.id, u]));
  const out: Relation[] = [];
  const withLabel = (r: Relation, kind: "support" | "attack", signal: string): Relation => ({
    ...r,
    kind,
    confidence: LLM_CONFIDENCE,
    signals: [...r.signals, signal],
  });
  const postsWithStance = new Set<string>();
  const seen = new Set<string>();
  for (const r of relations) {
    if (r.kind !== "support" && r.kind !== "attack") {
      out.push(r);
      continue;
    }
    if (r.level === "post") {
      const stance = labels.replies.get(r.from);
      postsWithStance.add(r.from);
      if (stance === undefined) out.push(r);
      else if (stance !== "neutral") out.push(withLabel(r, stance, "llm:reply-stance"));
      continue;
    }
    const from = units.get(r.from);
    const to = units.get(r.to);
    const label = from && to ? labels.relations.get(pairKey(from.segmentId, to.segmentId)) : undefined;
    if (from && to) seen.add(pairKey(from.segmentId, to.segmentId));
    const stance = from && to && from.postId !== to.postId ? labels.replies.get(from.postId) : undefined;
    if (label !== undefined) {
      if (label !== "none") out.push(withLabel(r, label, "llm:relation"));
    } else if (stance !== undefined) {
      if (stance !== "neutral") out.push(withLabel(r, stance, "llm:reply-stance"));
    } else out.push(r);
  }
  const by = provenance({ name: "relate", version: "1.0.0" }, ctx.engine);
  const unitOfSegment = new Map(input.units.map((u) => [u.segmentId, u]));
  // Relations the LLM found itself (llm engine) that the classic engine did not propose.
  for (const [key, label] of labels.relations) {
    if (label === "none" || seen.has(key)) continue;
    const [a, b] = key.split(">");
    const from = unitOfSegment.get(a!);
    const to = unitOfSegment.get(b!);
    if (!from || !to) continue;
    out.push({
      id: `llm:${from.id}>${to.id}`,
      kind: label,
      level: "unit",
      from: from.id,
      to: to.id,
      confidence: LLM_CONFIDENCE,
      sourceId: from.sourceId,
      span: from.span,
      signals: ["llm:relation"],
      by,
    });
  }
  // Reply stances without a classic post relation.
  for (const source of input.sources)
    for (const post of source.posts) {
      const stance = labels.replies.get(post.id);
      if (
        stance === undefined ||
        stance === "neutral" ||
        postsWithStance.has(post.id) ||
        post.parentId === undefined
      )
        continue;
      const first = input.units.find((u) => u.postId === post.id);
      if (!first) continue;
      out.push({
        id: `llm-stance:${post.id}`,
        kind: stance,
        level: "post",
        from: post.id,
        to: post.parentId,
        confidence: LLM_CONFIDENCE,
        sourceId: source.id,
        span: first.span,
        signals: ["llm:reply-stance"],
        by,
      });
    }
  return out;
}

/**
 * An LLM engine over a client.
 * @example const engine = createLlmEngine("hybrid", createClient(settings, httpTransport(...)))
 */
export function createLlmEngine(mode: LlmMode, client: LlmClient): LlmEngine {
  const memo = new Map<string, SourceLabels>();
  const key = (input: ExtractInput) => input.sources.map((s) => s.id).join(",");
  const budget = client.settings.batchTokens;

  async function extract(input: ExtractInput, ctx: StageContext): Promise<Unit[]> {
    const classic = await classicEngine.extract(input, ctx);
    const labels = emptyLabels();
    const candidates = mode === "hybrid" ? await classicCandidates(input, classic, ctx) : [];
    await Promise.all(
      input.sources.map((source) => {
        const batches = planBatches(source, input.segments, budget);
        return mode === "hybrid"
          ? labelSource(client, source, batches, candidates, labels, ctx)
          : extractSource(client, source, batches, labels, ctx);
      }),
    );
    memo.set(key(input), labels);
    return classic.map((u) => {
      const kind = labels.kinds.get(u.segmentId);
      if (kind === undefined) return u;
      return {
        ...u,
        kind,
        confidence: kind === u.kind ? Math.max(u.confidence, LLM_CONFIDENCE) : LLM_CONFIDENCE,
        signals: [...u.signals, `llm:${kind}`],
      };
    });
  }

  async function relate(input: RelateInput, ctx: StageContext): Promise<Relation[]> {
    const relations = await classicEngine.relate(input, ctx);
    const labels = memo.get(key(input));
    memo.delete(key(input));
    return labels ? applyLabels(input, relations, labels, ctx) : relations;
  }

  const models: Record<string, string> = {
    llm: client.settings.model ?? client.settings.modelPath ?? "",
    prompts: [mode === "hybrid" ? LABEL_ID : EXTRACT_ID, SUMMARIZE_ID, NAME_ID].join(" "),
    ...classicEngine.models,
  };
  return {
    name: mode,
    version: "1.0.0",
    models,
    client,
    extract,
    relate,
    keyPointScorer: () => classicEngine.keyPointScorer!(),
    summarize: (input: SummarizeInput, ctx: StageContext): Promise<ReadonlyMap<string, ArgumentAbstract>> =>
      summarizeArguments(client, input, ctx, budget),
    nameKeyPoints: (input: NameKeyPointsInput, ctx: StageContext): Promise<ReadonlyMap<string, string>> =>
      nameKeyPoints(client, input, ctx, budget),
    usageReport: () => formatUsage(client),
  };
}
