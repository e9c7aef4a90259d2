/**
 * What the LLM said about one source, keyed by real ids, and how the stages ask for it: each
 * batch is asked once; the items it left out or got wrong are asked again alone (the posts that
 * hold them), then dropped with a diagnostic and left to the classic engine.
 */
import type { Diagnostic, Segment, SourceDoc, StageContext, UnitKind } from "../../model/index.js";
import type { Batch } from "./batches.js";
import type { Generated, LlmClient } from "./client.js";

export type Stance = "support" | "attack" | "neutral";

export interface SourceLabels {
  /** Segment id → kind. */
  kinds: Map<string, UnitKind>;
  /** `fromSegment>toSegment` → label of a candidate (hybrid) or a relation the LLM found (llm). */
  relations: Map<string, "support" | "attack" | "none">;
  /** Post id → stance towards its parent. */
  replies: Map<string, Stance>;
}

export const emptyLabels = (): SourceLabels => ({
  kinds: new Map(),
  relations: new Map(),
  replies: new Map(),
});
export const pairKey = (fromSegment: string, toSegment: string) => `${fromSegment}>${toSegment}`;

/** Per-stage tallies turned into one diagnostic each at the end of a stage. */
export class Tally {
  invalid = 0;
  /** Answers that were not JSON of the asked shape, even when asked again. */
  invalidAnswers = 0;
  failed = 0;
  budget = 0;
  dryRun = 0;
  ungrounded = 0;
  batches = 0;

  constructor(
    private readonly stage: string,
    private readonly promptId: string,
  ) {}

  count(result: Generated<unknown>): void {
    if (result.status === "failed") this.failed++;
    else if (result.status === "budget") this.budget++;
    else if (result.status === "dry-run") this.dryRun++;
  }

  report(ctx: StageContext, sourceId?: string): void {
    const at = sourceId !== undefined ? { sourceId } : {};
    const d = (rule: string, severity: Diagnostic["severity"], message: string) =>
      ctx.report({ rule, stage: this.stage, severity, message, ...at });
    const p = this.promptId;
    if (this.failed > 0)
      d(
        "llm/call-failed",
        "warning",
        `${this.failed} of ${this.batches} ${p} calls failed after retries; their items keep classic labels.`,
      );
    if (this.budget > 0)
      d(
        "llm/budget",
        "warning",
        `budget reached (--max-calls/--max-cost): ${this.budget} of ${this.batches} ${p} calls not made; their items keep classic labels.`,
      );
    if (this.invalidAnswers > 0)
      d(
        "llm/invalid-answer",
        "warning",
        `${this.invalidAnswers} of ${this.batches} ${p} answers were not JSON of the asked schema, also when asked again; their items keep classic labels.`,
      );
    if (this.invalid > 0)
      d(
        "llm/invalid-item",
        "warning",
        `${this.invalid} ${p} items were missing or invalid after a retry and were dropped (classic labels kept).`,
      );
    if (this.ungrounded > 0)
      d(
        "llm/ungrounded",
        "warning",
        `${this.ungrounded} passages from ${p} could not be aligned to the source and were dropped.`,
      );
    if (this.dryRun > 0)
      d("llm/dry-run", "info", `dry run: ${this.dryRun} ${p} calls planned, none made; classic labels used.`);
  }
}

/** The segments of a batch (in order). */
export const batchSegments = (batch: Batch): Segment[] => batch.posts.flatMap((b) => b.segments);

/** A batch narrowed to the posts that hold any of `segmentIds` or `postIds`. */
export function narrowBatch(
  batch: Batch,
  segmentIds: ReadonlySet<string>,
  postIds: ReadonlySet<string>,
): Batch {
  const posts = batch.posts.filter(
    (b) => postIds.has(b.post.id) || b.segments.some((s) => segmentIds.has(s.id)),
  );
  return { ...batch, posts };
}

/** Items of `value[field]` that pass `check`, or none. */
export function salvage<T>(value: unknown, field: string, check: (item: unknown) => T | undefined): T[] {
  const list = (value as Record<string, unknown> | undefined)?.[field];
  if (!Array.isArray(list)) return [];
  const out: T[] = [];
  for (const item of list) {
    const ok = check(item);
    if (ok !== undefined) out.push(ok);
  }
  return out;
}

export type { LlmClient, SourceDoc };
