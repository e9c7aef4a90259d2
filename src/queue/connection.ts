/**
 * Redis connections for the queue: a `redis://` / `rediss://` URL turned into connection options,
 * the URL with its password redacted for messages, and a probe that fails fast (one line, no
 * hang) when the server cannot be reached.
 */
import type { RedisOptions } from "bullmq";
import { Queue } from "bullmq";
import { ArgmapError } from "../model/index.js";

/** How long connecting to Redis may take before the CLI gives up, in ms. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * The URL with any user name and password replaced by `***`, for messages.
 *
 * @example redactRedisUrl("redis://:s3cret@cache:6379/2") // → "redis://***@cache:6379/2"
 */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, "$1***@");
}

/** A parsed queue URL: where Redis is and how to reach it. */
export interface RedisTarget {
  /** The URL as given, password redacted. */
  shown: string;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Parse `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); a `USAGE` error
 * naming the URL (password redacted) when it is not one.
 *
 * @example parseRedisUrl("redis://127.0.0.1:6380/1") // → { host: "127.0.0.1", port: 6380, db: 1, … }
 */
export function parseRedisUrl(url: string): RedisTarget {
  const shown = redactRedisUrl(url);
  const bad = (why: string) =>
    // The URL is in the message (password redacted), so it is not also given as `input`.
    new ArgmapError("USAGE", `--queue '${shown}' is not a Redis URL: ${why} (e.g. redis://127.0.0.1:6379).`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad("it does not parse as a URL");
  }
  const scheme = parsed.protocol.replace(/:$/, "").toLowerCase();
  if (scheme !== "redis" && scheme !== "rediss") throw bad(`the scheme is '${scheme}', not redis or rediss`);
  if (parsed.hostname === "") throw bad("it names no host");
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path)) throw bad(`'/${path}' is not a database number`);
  return {
    shown,
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port,
    db: path === "" ? 0 : Number(path),
    ...(parsed.username !== "" ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== "" ? { password: decodeURIComponent(parsed.password) } : {}),
    tls: scheme === "rediss",
  };
}

/**
 * Connection options for a short-lived CLI client (`add --queue`, `status`): connect within
 * `CONNECT_TIMEOUT_MS`, never reconnect, and fail a command at once rather than queue it while
 * the connection is down.
 */
export function cliConnection(target: RedisTarget): RedisOptions {
  return {
    ...baseOptions(target),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  };
}

/**
 * Connection options for a long-running worker: BullMQ's blocking commands need
 * `maxRetriesPerRequest: null`; a dropped connection is retried with a capped backoff, so a Redis
 * restart does not stop the worker.
 */
export function workerConnection(target: RedisTarget): RedisOptions {
  return {
    ...baseOptions(target),
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(200 * 2 ** Math.min(times, 6), 10_000),
  };
}

function baseOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
    lazyConnect: false,
  };
}

/** The error for a Redis that cannot be reached or refuses us. */
export function unreachable(target: RedisTarget, error: unknown): ArgmapError {
  const why = error instanceof Error ? error.message : String(error);
  return new ArgmapError(
    "QUEUE_UNAVAILABLE",
    `cannot reach the Redis queue at ${target.shown} (${why}). Is redis-server running there, and is the URL right?`,
    { cause: error },
  );
}

/**
 * A BullMQ queue on this Redis, connected (or a `QUEUE_UNAVAILABLE` error within about
 * `CONNECT_TIMEOUT_MS`). The caller closes it.
 */
export async function connectQueue(target: RedisTarget, name: string): Promise<Queue> {
  const queue = new Queue(name, { connection: cliConnection(target) });
  let lastError: unknown;
  // Without a listener ioredis prints each connection error; the probe below reports it once.
  queue.on("error", (error) => (lastError = error));
  try {
    await withTimeout(queue.waitUntilReady(), CONNECT_TIMEOUT_MS + 1000, "no answer");
    // A real command: a wrong password or database shows here, not at the first job.
    await withTimeout(queue.getJobCounts("waiting"), CONNECT_TIMEOUT_MS, "no answer to a query");
  } catch (error) {
    await queue.close().catch(() => undefined); // the connection is already the problem reported
    throw unreachable(target, lastError ?? error);
  }
  await checkDatabase(queue, target);
  return queue;
}

/**
 * Select the URL's database explicitly: ioredis only reports a failed SELECT as an event and
 * goes on in database 0, where queues of different database numbers would mix.
 */
async function checkDatabase(queue: Queue, target: RedisTarget): Promise<void> {
  try {
    // BullMQ's connection is an ioredis client; its port type does not list SELECT.
    const client = (await queue.client) as unknown as { select?: (db: number) => Promise<unknown> };
    if (typeof client.select !== "function") return;
    await withTimeout(client.select(target.db), CONNECT_TIMEOUT_MS, "no answer to SELECT");
  } catch (error) {
    await queue.close().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new ArgmapError(
      "QUEUE_UNAVAILABLE",
      `the Redis queue at ${target.shown} has no database ${target.db} (${why}); use a database number the server has (redis.conf 'databases').`,
      { cause: error },
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
