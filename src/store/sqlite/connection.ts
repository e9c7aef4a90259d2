/**
 * One open SQLite corpus and its write discipline: every write is one `BEGIN IMMEDIATE`
 * transaction. A lock held by another process is first waited for inside SQLite (`busy_timeout`,
 * set from better-sqlite3's `timeout` option); a transaction that still meets `SQLITE_BUSY` is
 * retried after an async, jittered exponential backoff, so the event loop keeps running meanwhile.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type Database from "better-sqlite3";
import {
  busyError,
  diskError,
  isBusy,
  isDiskFailure,
  isReadOnly,
  messageOf,
  readOnlyError,
} from "./errors.js";

export interface Connection {
  readonly db: Database.Database;
  /** The file path (or `:memory:`), for messages. */
  readonly path: string;
  /** Extra attempts of a whole transaction that still got `SQLITE_BUSY`. */
  readonly retries: number;
  readonly now: () => Date;
}

/** The wait before retry `attempt` (0-based): 20 ms doubling to at most 2 s, jittered ±50 %. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.min(2000, 20 * 2 ** attempt) * (0.5 + random());
}

/** Run `fn`, retrying it on `SQLITE_BUSY` with an async backoff; `STORE_BUSY` when it never gets the lock. */
export async function withRetry<T>(conn: Connection, fn: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (attempt >= conn.retries) throw busyError(conn.path, error);
      await sleep(backoffMs(attempt));
    }
  }
}

/** Turn the file system's refusals (read-only, disk full, I/O error) into clear user errors. */
export function guardWrite<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isReadOnly(error)) throw readOnlyError(path, `SQLite cannot write it (${messageOf(error)})`, error);
    if (isDiskFailure(error)) throw diskError(path, error);
    throw error;
  }
}

/** Run `fn` as one `BEGIN IMMEDIATE` transaction, retried on `SQLITE_BUSY`. */
export function writeTransaction<T>(conn: Connection, fn: () => T): Promise<T> {
  const tx = conn.db.transaction(fn);
  return withRetry(conn, () => guardWrite(conn.path, () => tx.immediate()));
}

/** Run `fn` in one read transaction: a consistent snapshot even while another process writes. */
export function readTransaction<T>(conn: Connection, fn: () => T): T {
  return conn.db.transaction(fn)();
}
