/**
 * The connection pool of a PostgreSQL corpus and its transaction discipline: every store method
 * checks out one client and runs one transaction (`READ WRITE` or `READ ONLY`), with
 * `lock_timeout` set from the store's busy timeout. A deadlock or serialisation failure reruns the
 * whole transaction after a jittered backoff; a lock that stays taken past the retries is
 * `STORE_BUSY`; a server that cannot be reached is `STORE_UNREACHABLE`, naming the target with
 * its password redacted.
 */
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { isArgmapError } from "../../model/index.js";
import { backoffMs } from "../sqlite/connection.js";
import {
  badTextError,
  busyError,
  isBadText,
  isConnectionFailure,
  isInterrupted,
  isServerFailure,
  isLockTimeout,
  isRetryable,
  isWriteRefused,
  storeFailedError,
  unreachableError,
  writeRefusedError,
} from "./errors.js";

export type Client = pg.PoolClient;

export interface PgConnection {
  readonly pool: pg.Pool;
  /** The connection string as given (with its password): only `redactUrl` of it reaches messages. */
  readonly target: string;
  readonly readonly: boolean;
  /** `lock_timeout` of every transaction, in ms. */
  readonly lockTimeoutMs: number;
  /** Extra attempts of a transaction that met a deadlock, serialisation failure or lock timeout. */
  readonly retries: number;
  readonly now: () => Date;
}

/** BIGINT (row ids, counts) as a JS number: exact up to 2^53, far past any corpus. */
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  /** Most connections this process opens (default 4). */
  maxConnections?: number;
  /** How long to wait for a connection, in ms (default 10000). */
  connectTimeoutMs?: number;
}

export function createPool(target: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 10_000,
    types: TYPES,
    application_name: "argmap",
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener Node
  // would crash the process. The next checkout meets the failure and reports it.
  pool.on("error", () => {});
  return pool;
}

/** Clients with an 'error' listener (a checked-out client has none from the pool). */
const listened = new WeakSet<Client>();

/** Check out a client, or the clear `STORE_UNREACHABLE` error why none can be had. */
export async function connect(conn: Pick<PgConnection, "pool" | "target">): Promise<Client> {
  let client: Client;
  try {
    client = await conn.pool.connect();
  } catch (error) {
    throw unreachableError(conn.target, error);
  }
  // A connection lost while checked out emits 'error' on the client, which would crash the
  // process unhandled; the failure also reaches the query in flight, which reports it.
  if (!listened.has(client)) {
    listened.add(client);
    client.on("error", () => undefined);
  }
  return client;
}

/** Extra attempts of a transaction the server interrupted (statement timeout, lost connection). */
const INTERRUPTED_RETRIES = 2;

/** A pg error in a transaction turned into argmap's user error where it is one. */
export function translate(conn: PgConnection, error: unknown): unknown {
  if (isArgmapError(error)) return error;
  // Connected, then interrupted: the message says what was kept, not that nothing could connect.
  if (isInterrupted(error)) return storeFailedError(conn.target, error);
  if (isConnectionFailure(error)) return unreachableError(conn.target, error);
  if (isWriteRefused(error)) return writeRefusedError(conn.target, error);
  if (isBadText(error)) return badTextError(conn.target, error);
  if (isServerFailure(error)) return storeFailedError(conn.target, error);
  return error;
}

/**
 * Run `fn` in one transaction on one pooled client; rerun it on deadlock, serialisation failure
 * or lock timeout (`STORE_BUSY` when the retries run out). `write: false` runs it `READ ONLY` on one snapshot.
 */
export async function transaction<T>(
  conn: PgConnection,
  write: boolean,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const client = await connect(conn);
    let broken = false;
    try {
      // Reads see one snapshot across all their statements.
      await client.query(write ? "BEGIN READ WRITE" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      await client.query(`SET LOCAL lock_timeout = ${Math.max(0, Math.floor(conn.lockTimeoutMs))}`);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch {
        // The connection is gone (the server rolls the transaction back itself): drop the client.
        broken = true;
      }
      // The server rolled an interrupted transaction back: it may run again, a few times.
      if (isInterrupted(error) && attempt < INTERRUPTED_RETRIES) {
        await sleep(backoffMs(attempt));
        continue;
      }
      const again = isRetryable(error) || isLockTimeout(error);
      if (!again) throw translate(conn, error);
      if (attempt >= conn.retries) throw busyError(conn.target, error);
      await sleep(backoffMs(attempt));
    } finally {
      client.release(broken);
    }
  }
}

/** Take argmap's transaction-scoped advisory locks on these keys, in one fixed order (no deadlock between them). */
export async function lockKeys(client: Client, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(${ARGMAP_LOCK_SPACE}, h)
     FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS keys`,
    [keys],
  );
}

/** The first key of argmap's advisory locks (the second is a hash of what is locked). */
export const ARGMAP_LOCK_SPACE = 0x61726d; // "arm"
