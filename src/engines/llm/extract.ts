/**
 * llm-engine extraction: the LLM quotes the units of each batch (`extract-units@1`); each quote is
 * aligned to the source (align.ts) and lands on the segment it overlaps most. Quotes that do not
 * align are dropped and counted. Relations between units and reply stances are kept for `relate`.
 */
import type { SourceDoc, StageContext, UnitKind } from "../../model/index.js";
import { alignQuote } from "./align.js";
import type { Batch } from "./batches.js";
import type { Generated, LlmClient } from "./client.js";
import { batchSegments, pairKey, salvage, Tally, type SourceLabels } from "./labels.js";
import {
  ExtractedRelation,
  ExtractedUnit,
  ExtractedUnits,
  PROMPT_ID,
  renderExtractUnits,
} from "./prompts/extract-units.js";
import { ReplyLabel } from "./prompts/label-thread.js";

const STRENGTH: Record<UnitKind, number> = { "major-claim": 4, claim: 3, premise: 2, evidence: 1, none: 0 };

/** Whether an answer is usable: valid, or invalid with a `units` list whose valid items can be kept. */
function hasUnitList(result: Generated<unknown>): boolean {
  if (result.status === "ok") return true;
  return (
    result.status === "invalid" && Array.isArray((result.value as { units?: unknown } | undefined)?.units)
  );
}

/** Extract one batch into `labels`; its segments get a kind (`none` when no unit landed on them). */
async function extractBatch(
  client: LlmClient,
  source: SourceDoc,
  batch: Batch,
  labels: SourceLabels,
  tally: Tally,
): Promise<void> {
  const { prompt, ids } = renderExtractUnits(batch, source.text);
  let result = await client.generateData(prompt, ExtractedUnits);
  // An answer that is not JSON with a list of units says nothing about the batch: ask once more.
  if (!hasUnitList(result)) result = await client.generateData(prompt, ExtractedUnits);
  tally.count(result);
  if (result.status !== "ok" && result.status !== "invalid") return;
  if (!hasUnitList(result)) {
    // Still nothing usable: the batch keeps the classic labels instead of becoming all `none`.
    tally.invalidAnswers++;
    return;
  }
  const value: unknown = result.status === "ok" ? result.data : result.value;
  const segments = batchSegments(batch);
  const range: [number, number] = [segments[0]!.span[0], segments[segments.length - 1]!.span[1]];
  for (const s of segments) labels.kinds.set(s.id, "none");
  const unitSegment = new Map<string, string>();
  const raw = (value as { units?: unknown } | undefined)?.units;
  const valid = salvage(value, "units", (x) => ExtractedUnit.safeParse(x).data);
  tally.invalid += (Array.isArray(raw) ? raw.length : 0) - valid.length;
  for (const u of valid) {
    const at = alignQuote(source.text, u.quote, range);
    if (!at) {
      tally.ungrounded++;
      continue;
    }
    let best: { id: string; overlap: number } | undefined;
    for (const s of segments) {
      const overlap = Math.min(s.span[1], at.span[1]) - Math.max(s.span[0], at.span[0]);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { id: s.id, overlap };
    }
    if (!best) {
      tally.ungrounded++;
      continue;
    }
    unitSegment.set(u.id, best.id);
    if (STRENGTH[u.kind] > STRENGTH[labels.kinds.get(best.id) ?? "none"]) labels.kinds.set(best.id, u.kind);
  }
  for (const r of salvage(value, "relations", (x) => ExtractedRelation.safeParse(x).data)) {
    const from = unitSegment.get(r.from);
    const to = unitSegment.get(r.to);
    if (from !== undefined && to !== undefined && from !== to)
      labels.relations.set(pairKey(from, to), r.label);
  }
  for (const r of salvage(value, "replies", (x) => ReplyLabel.safeParse(x).data)) {
    const post = ids.replies.has(r.id) ? ids.posts.get(r.id) : undefined;
    if (post !== undefined) labels.replies.set(post, r.stance);
  }
}

/** Units and relations of one source's batches. Batches without an answer keep no kinds (the caller falls back). */
export async function extractSource(
  client: LlmClient,
  source: SourceDoc,
  batches: readonly Batch[],
  labels: SourceLabels,
  ctx: StageContext,
): Promise<void> {
  const tally = new Tally("extract", PROMPT_ID);
  tally.batches = batches.length;
  await Promise.all(batches.map((b) => extractBatch(client, source, b, labels, tally)));
  tally.report(ctx, source.id);
}
