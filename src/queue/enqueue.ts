/**
 * The producer side: one job per ingested source, job id = the source's content hash, and the
 * queue's state (counts and the dead-letter list) for `argmap status`.
 */
import type { Job, Queue } from "bullmq";
import type { Diagnostic, SourceDoc } from "../model/index.js";
import { ANALYSE_JOB, type JobPayload } from "./job.js";

/** Retry policy a job is enqueued with. */
export interface RetryPolicy {
  /** Tries in all, the first included (≥ 1). */
  attempts: number;
  /** Delay before the first retry in ms; each later retry waits twice as long. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1000 };

/** What enqueueing one source did. */
export interface EnqueueResult {
  id: string;
  name: string;
  /**
   * `queued`: a new job; `requeued`: its job had failed and is tried again; `already-queued`,
   * `already-active`, `already-done`: the same content is waiting, being processed or finished.
   */
  outcome: "queued" | "requeued" | "already-queued" | "already-active" | "already-done";
  /** For `requeued`: why it had failed. */
  previousFailure?: string;
}

/**
 * Enqueue one analysis job per source. The job id is the content hash, so adding the same content
 * while its job is queued, running or done enqueues nothing; a failed job of the same content is
 * retried instead.
 *
 * @example
 * const results = await enqueueSources(queue, sources, { diagnostics, from: "auto" });
 */
export async function enqueueSources(
  queue: Queue,
  sources: readonly SourceDoc[],
  options: { diagnostics?: readonly Diagnostic[]; from?: string; retry?: RetryPolicy } = {},
): Promise<EnqueueResult[]> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const results: EnqueueResult[] = [];
  for (const doc of sources) {
    const base = { id: doc.id, name: doc.name };
    const existing = (await queue.getJob(doc.id)) as Job | undefined;
    if (existing) {
      const state = await existing.getState();
      if (state === "failed") {
        const previousFailure = existing.failedReason;
        await existing.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        results.push({ ...base, outcome: "requeued", previousFailure });
        continue;
      }
      if (state !== "unknown") {
        const outcome =
          state === "completed" ? "already-done" : state === "active" ? "already-active" : "already-queued";
        results.push({ ...base, outcome });
        continue;
      }
    }
    const payload: JobPayload = {
      source: doc,
      diagnostics: (options.diagnostics ?? []).filter((d) => d.sourceId === doc.id),
      from: options.from ?? "auto",
    };
    // A job of this id added meanwhile by another producer makes this add a no-op.
    await queue.add(ANALYSE_JOB, payload, {
      jobId: doc.id,
      attempts: retry.attempts,
      backoff: { type: "exponential", delay: retry.backoffMs },
      removeOnFail: false,
      removeOnComplete: false,
    });
    results.push({ ...base, outcome: "queued" });
  }
  return results;
}

/** One job in the dead-letter list. */
export interface FailedJob {
  id: string;
  name: string;
  reason: string;
  attempts: number;
  failedAt?: string;
}

export interface QueueStatus {
  queue: string;
  /** Waiting for a worker (paused and prioritised included). */
  queued: number;
  /** Waiting for a retry after a failed attempt. */
  delayed: number;
  active: number;
  completed: number;
  /** Exhausted their attempts (the dead-letter list). */
  failed: number;
  /** The failed jobs, most recent first (at most `failedLimit`). */
  failedJobs: FailedJob[];
}

/**
 * Counts by state and the failed jobs with their reasons.
 *
 * @example const { queued, active, failedJobs } = await queueStatus(queue);
 */
export async function queueStatus(queue: Queue, failedLimit = 100): Promise<QueueStatus> {
  const counts = await queue.getJobCounts(
    "waiting",
    "prioritized",
    "paused",
    "delayed",
    "active",
    "completed",
    "failed",
  );
  const failed = (await queue.getFailed(0, Math.max(0, failedLimit - 1))) as Job[];
  return {
    queue: queue.name,
    queued: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.paused ?? 0),
    delayed: counts.delayed ?? 0,
    active: counts.active ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    failedJobs: failed.map((job) => failedJobOf(job)),
  };
}

function failedJobOf(job: Job): FailedJob {
  const data = job.data as Partial<JobPayload> | undefined;
  return {
    id: job.id ?? "?",
    name: typeof data?.source?.name === "string" ? data.source.name : job.name,
    reason: job.failedReason ?? "no reason recorded",
    attempts: job.attemptsMade,
    ...(job.finishedOn !== undefined ? { failedAt: new Date(job.finishedOn).toISOString() } : {}),
  };
}

/** True when no job is waiting, delayed or running: a worker started with `untilEmpty` may stop. */
export async function queueIsIdle(queue: Queue): Promise<boolean> {
  const c = await queue.getJobCounts("waiting", "prioritized", "paused", "delayed", "active");
  return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) === 0;
}
