/**
 * The consumer side: a BullMQ worker that analyses each job's source and stores it through the
 * store port. Failed attempts are retried with the job's backoff; a job that exhausts them stays
 * in the failed set with its reason (the dead-letter list). A job whose worker died is found by
 * another worker's stall check once its lock expires and runs again; processing is idempotent by
 * content hash, so its result is stored once.
 */
import { UnrecoverableError, WaitingError, Worker, type Job, type Queue } from "bullmq";
import type { Engine } from "../engines/engine.js";
import { describeError, isArgmapError } from "../model/index.js";
import type { CorpusStore } from "../store/index.js";
import { connectQueue, workerConnection, type RedisTarget } from "./connection.js";
import { queueIsIdle } from "./enqueue.js";
import { parsePayload, processPayload, StoredMarker, storedMarker, type JobOutcome } from "./job.js";

export interface WorkerOptions {
  target: RedisTarget;
  queueName: string;
  /**
   * The queue, already connected by `connectQueue` (so a caller can check Redis before opening
   * anything else); connected here when not given. The worker closes it when it stops.
   */
  queue?: Queue;
  engine: Engine;
  store: CorpusStore;
  /** Jobs processed at once by this worker (default 1). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, in ms (default 30 000). A worker that dies holds
   * its job this long (up to twice that, with the stall check's interval) before another worker
   * takes it over.
   */
  lockMs?: number;
  /** Stop once no job is waiting, delayed or running (a batch run); otherwise run until `stop`. */
  untilEmpty?: boolean;
  /** How often an idle `untilEmpty` worker looks whether the queue is empty, in ms (default 500). */
  idlePollMs?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: "start"; id: string; name: string; attempt: number }
  | { type: "done"; id: string; result: JobOutcome }
  | { type: "failed"; id: string; name: string; reason: string; attempt: number; final: boolean }
  | { type: "stalled"; id: string }
  | { type: "error"; message: string };

export interface WorkerSummary {
  completed: number;
  failed: number;
  /** Set when the stop could not wait for Redis: why, and that the jobs in hand return to the queue. */
  abandoned?: string;
}

/** How long a stopping worker waits for a Redis that does not answer before it drops the connections. */
export const STOP_GRACE_MS = 3000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RunningWorker {
  /**
   * Stop taking jobs. Graceful (default): the jobs in hand are finished first. Forced: they are
   * abandoned and return to the queue when their lock expires.
   */
  stop(options?: { force?: boolean }): Promise<void>;
  /** Resolves when the worker has stopped. */
  done: Promise<WorkerSummary>;
}

/** Analysis time allowed per 1,000 characters when holding a job's lock: about 10 KB/s, far below
 * the classic engine's speed even on a loaded machine. */
const LOCK_MS_PER_KCHAR = 100;

/**
 * How long to hold a job's lock before analysing a source of `chars` characters: the usual lock
 * time, or more for a big source.
 *
 * @example lockBudgetMs(1_000_000, 30_000) // → 100000 (a 1 MB source holds its lock for 100 s)
 */
export function lockBudgetMs(chars: number, lockMs: number): number {
  return Math.max(lockMs, Math.ceil(chars / 1000) * LOCK_MS_PER_KCHAR);
}

/**
 * Start a worker on `options.queueName` (a `QUEUE_UNAVAILABLE` error when Redis cannot be
 * reached).
 *
 * @example
 * const worker = await startWorker({ target: parseRedisUrl(url), queueName: "argmap", engine, store });
 * process.once("SIGTERM", () => void worker.stop());
 * await worker.done;
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { engine, store, onEvent = () => undefined } = options;
  const lockMs = options.lockMs ?? 30_000;
  const queue = options.queue ?? (await connectQueue(options.target, options.queueName));
  const summary: WorkerSummary = { completed: 0, failed: 0 };
  let stopRequested = false;
  const processJob = async (job: Job, token?: string): Promise<JobOutcome> => {
    // Analysis keeps the event loop busy; let a pending SIGTERM be handled before starting. A job
    // BullMQ fetched together with the last result after a stop was asked for goes back untouched.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopRequested) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const marker = StoredMarker.safeParse(job.data);
    if (marker.success) {
      const { source, posts } = marker.data;
      return { outcome: "unchanged", sourceId: source.id, name: source.name, posts };
    }
    let payload;
    try {
      payload = parsePayload(job.data, job.id);
    } catch (error) {
      // A malformed job fails the same way on every try: straight to the dead-letter list.
      throw new UnrecoverableError(isArgmapError(error) ? describeError(error) : String(error));
    }
    onEvent({ type: "start", id: job.id ?? "?", name: payload.source.name, attempt: job.attemptsMade + 1 });
    // CPU-bound analysis blocks the event loop, and with it BullMQ's lock renewal: hold the lock
    // long enough for this source up front, or a big source would look stalled and run twice.
    if (token !== undefined) await job.extendLock(token, lockBudgetMs(payload.source.text.length, lockMs));
    try {
      const outcome = await processPayload(payload, { engine, store });
      await job.updateData(storedMarker(payload));
      return outcome;
    } catch (error) {
      if (isArgmapError(error)) throw new Error(describeError(error), { cause: error });
      throw error;
    }
  };
  const worker = new Worker(options.queueName, processJob, {
    connection: workerConnection(options.target),
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on("completed", (job: Job, result: JobOutcome) => {
    summary.completed++;
    onEvent({ type: "done", id: job.id ?? "?", result });
  });
  worker.on("failed", (job: Job | undefined, error: Error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= attempts;
    if (final) summary.failed++;
    const name = (job.data as { source?: { name?: unknown } } | undefined)?.source?.name;
    onEvent({
      type: "failed",
      id: job.id ?? "?",
      name: typeof name === "string" ? name : job.name,
      reason: error.message,
      attempt: job.attemptsMade,
      final,
    });
  });
  worker.on("stalled", (id: string) => onEvent({ type: "stalled", id }));
  worker.on("error", (error: Error) => onEvent({ type: "error", message: error.message }));

  let stopping: Promise<void> | undefined;
  let forcing: Promise<void> | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let finish: (summary: WorkerSummary) => void = () => undefined;
  const done = new Promise<WorkerSummary>((resolve) => (finish = resolve));
  const redisUp = async (): Promise<boolean> => {
    try {
      return await Promise.race([
        worker.client.then((c) => c.status === "ready"),
        sleep(500).then(() => false),
      ]);
    } catch {
      return false; // a connection being closed: not up
    }
  };
  /** Drop the connections without waiting for Redis (its pending commands fail) and end the run. */
  const abandon = async (why: string): Promise<void> => {
    if (idleTimer) clearInterval(idleTimer);
    await Promise.race([Promise.allSettled([worker.disconnect(), queue.disconnect()]), sleep(1000)]);
    finish({ ...summary, abandoned: why });
  };
  /** Wait for `closing`, but give up on it once Redis has been unreachable for `STOP_GRACE_MS`. */
  const closeOrAbandon = async (closing: Promise<void>): Promise<void> => {
    const closed = closing.then(
      () => true,
      () => true,
    );
    let downSince: number | undefined;
    for (;;) {
      if (await Promise.race([closed, sleep(200).then(() => false)])) return;
      if (await redisUp()) downSince = undefined;
      else downSince ??= Date.now();
      if (downSince !== undefined && Date.now() - downSince >= STOP_GRACE_MS)
        return abandon("Redis does not answer");
    }
  };
  const stop = (stopOptions: { force?: boolean } = {}): Promise<void> => {
    stopRequested = true;
    if (idleTimer) clearInterval(idleTimer);
    if (stopOptions.force) {
      // Forced: whatever Redis does, the run ends within about a second.
      forcing ??= Promise.race([worker.close(true).catch(() => undefined), sleep(1000)]).then(() =>
        abandon("stopped by force"),
      );
      return forcing;
    }
    stopping ??= (async () => {
      await closeOrAbandon(worker.close());
      // A closed worker whose run never ends (its Redis went away) would leave the stop hanging.
      const ran = await Promise.race([
        running.then(
          () => true,
          () => true,
        ),
        sleep(STOP_GRACE_MS).then(() => false),
      ]);
      if (!ran) await abandon("Redis does not answer");
    })();
    return stopping;
  };
  const running = worker.run();
  if (options.untilEmpty) {
    let checking = false;
    idleTimer = setInterval(() => {
      if (checking || stopping) return;
      checking = true;
      queueIsIdle(queue)
        .then((idle) => (idle ? stop() : undefined))
        .catch((error: unknown) => onEvent({ type: "error", message: (error as Error).message }))
        .finally(() => (checking = false));
    }, options.idlePollMs ?? 500);
  }
  running
    .then(async () => {
      if (idleTimer) clearInterval(idleTimer);
      await closeOrAbandon(queue.close());
    })
    .catch((error: unknown) => onEvent({ type: "error", message: (error as Error).message }))
    .finally(() => finish(summary));
  return { stop, done };
}
