/**
 * Many machines: a BullMQ job queue on Redis. Producers (`argmap add --queue`) enqueue one job per
 * ingested source, keyed by its content hash; workers (`argmap worker`) analyse and store them
 * through the store port (`openCorpus(target)`), so any store backend works; `argmap status`
 * shows the counts and the dead-letter list.
 *
 * @example
 * const target = parseRedisUrl("redis://127.0.0.1:6379");
 * const queue = await connectQueue(target, DEFAULT_QUEUE_NAME);
 * try {
 *   await enqueueSources(queue, sources);
 *   console.log(await queueStatus(queue));
 * } finally {
 *   await queue.close();
 * }
 */
export {
  CONNECT_TIMEOUT_MS,
  connectQueue,
  parseRedisUrl,
  redactRedisUrl,
  type RedisTarget,
} from "./connection.js";
export {
  DEFAULT_RETRY,
  enqueueSources,
  queueIsIdle,
  queueStatus,
  type EnqueueResult,
  type FailedJob,
  type QueueStatus,
  type RetryPolicy,
} from "./enqueue.js";
export { ANALYSE_JOB, JobPayload, parsePayload, processPayload, type JobOutcome } from "./job.js";
export {
  startWorker,
  type RunningWorker,
  type WorkerEvent,
  type WorkerOptions,
  type WorkerSummary,
} from "./worker.js";

/** The queue name when `--queue-name` is not given. */
export const DEFAULT_QUEUE_NAME = "argmap";
