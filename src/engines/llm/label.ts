/**
 * Hybrid labelling: for each batch of posts, the LLM labels the classic engine's segments, its
 * support/attack candidates and the stance of each reply (`label-thread@1`). Items missing or
 * invalid in the answer are asked again alone (the posts that hold them), once.
 */
import type { SourceDoc, StageContext } from "../../model/index.js";
import type { Batch } from "./batches.js";
import type { LlmClient } from "./client.js";
import { narrowBatch, pairKey, salvage, Tally, type SourceLabels } from "./labels.js";
import {
  PROMPT_ID,
  RelationLabel,
  renderLabelThread,
  ReplyLabel,
  ThreadLabels,
  UnitLabel,
  type Candidate,
} from "./prompts/label-thread.js";

/** Label one batch into `labels`; returns false when the batch got no answer at all. */
async function labelBatch(
  client: LlmClient,
  source: SourceDoc,
  batch: Batch,
  candidates: readonly Candidate[],
  labels: SourceLabels,
  tally: Tally,
  retry: boolean,
): Promise<void> {
  const { prompt, ids } = renderLabelThread(batch, source.text, candidates);
  const result = await client.generateData(prompt, ThreadLabels);
  tally.count(result);
  if (result.status !== "ok" && result.status !== "invalid") return;
  const value: unknown = result.status === "ok" ? result.data : result.value;
  const missingSegments = new Set(ids.segments.values());
  const missingRelations = new Map([...ids.relations].map(([local, c]) => [local, c]));
  const missingReplies = new Set(ids.replies);
  for (const u of salvage(value, "units", (x) => UnitLabel.safeParse(x).data)) {
    const segment = ids.segments.get(u.id);
    if (segment === undefined || !missingSegments.has(segment)) continue;
    labels.kinds.set(segment, u.kind);
    missingSegments.delete(segment);
  }
  for (const r of salvage(value, "relations", (x) => RelationLabel.safeParse(x).data)) {
    const c = missingRelations.get(r.id);
    if (!c) continue;
    labels.relations.set(pairKey(c.from, c.to), r.label);
    missingRelations.delete(r.id);
  }
  for (const r of salvage(value, "replies", (x) => ReplyLabel.safeParse(x).data)) {
    if (!missingReplies.delete(r.id)) continue;
    labels.replies.set(ids.posts.get(r.id)!, r.stance);
  }
  const missing = missingSegments.size + missingRelations.size + missingReplies.size;
  if (missing === 0) return;
  if (!retry) return;
  // Ask again for what is missing, alone: the posts that hold those items (both ends of a relation).
  const wanted = [...missingRelations.values()];
  const segments = new Set([...missingSegments, ...wanted.flatMap((c) => [c.from, c.to])]);
  const posts = new Set([...missingReplies].map((p) => ids.posts.get(p)!));
  await labelBatch(client, source, narrowBatch(batch, segments, posts), wanted, labels, tally, false);
  let still = 0;
  for (const s of missingSegments) if (!labels.kinds.has(s)) still++;
  for (const c of wanted) if (!labels.relations.has(pairKey(c.from, c.to))) still++;
  for (const p of posts) if (!labels.replies.has(p)) still++;
  tally.invalid += still;
}

/** Labels of one source's batches, asked concurrently (the client bounds concurrency). */
export async function labelSource(
  client: LlmClient,
  source: SourceDoc,
  batches: readonly Batch[],
  candidates: readonly Candidate[],
  labels: SourceLabels,
  ctx: StageContext,
): Promise<void> {
  const tally = new Tally("label", PROMPT_ID);
  tally.batches = batches.length;
  await Promise.all(batches.map((b) => labelBatch(client, source, b, candidates, labels, tally, true)));
  tally.report(ctx, source.id);
}
