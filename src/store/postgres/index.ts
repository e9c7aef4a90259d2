/**
 * The PostgreSQL corpus store (`pg` client): the same schema as the SQLite store, forward-only
 * migrations recorded in `argmap_schema`, `tsvector` columns with GIN indexes for search. A thin
 * class over the modules that do the work: `connection` (pool, transactions, retries), `schema`
 * (checks and migrations), `writes`, `reads` and `search`.
 *
 * Reliability rules it keeps:
 * - every method is one transaction on one pooled connection; reads see one snapshot;
 * - writers of the same source serialise on advisory locks and `UNIQUE` keys, so concurrent adds
 *   of the same content store it once; a killed writer's transaction is rolled back by the server;
 * - a database from a newer argmap is refused (`STORE_TOO_NEW`), one whose tables collide with a
 *   corpus's without being one is refused (`STORE_UNREADABLE`), nothing written to either;
 * - an unreachable server or refused login is `STORE_UNREACHABLE`, naming the target with its
 *   password redacted.
 *
 * Callers outside the store open it through `openCorpus("postgres://…")` (`../index.ts`).
 *
 * @example
 * const store = await openPostgresStore("postgres://argmap@db.internal/corpus");
 * await store.putAnalysis(analysis, run);
 * const hits = await store.search("nuclear power", { kind: "claim", limit: 10 });
 * await store.close();
 */
import type { ArgumentMap, SourceAnalysis } from "../../model/index.js";
import type {
  AnalysisFilter,
  CorpusStore,
  PutResult,
  PutMapOptions,
  RunInfo,
  SearchFilters,
  SearchHit,
  StoredItem,
  StoredMapInfo,
  StoredSource,
} from "../port.js";
import type { PgConnection, PoolOptions } from "./connection.js";
import { createPool } from "./connection.js";
import type { Migration } from "./migrations.js";
import { PG_MIGRATIONS } from "./migrations.js";
import * as reads from "./reads.js";
import { prepareSchema } from "./schema.js";
import { search } from "./search.js";
import * as writes from "./writes.js";

export { PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./migrations.js";
export { redactUrl } from "./errors.js";
import { normaliseSslMode } from "./errors.js";

export interface PostgresStoreOptions extends PoolOptions {
  /** Open without writing anything: the corpus must exist at the current schema version. */
  readonly?: boolean;
  /** How long one statement waits for a lock held by another writer (`lock_timeout`, default 5000 ms). */
  busyTimeoutMs?: number;
  /** Extra attempts of a transaction that met a deadlock or lock timeout (default 8). */
  retries?: number;
  /** For tests: the migration list to apply (default: all of `PG_MIGRATIONS`). */
  migrations?: readonly Migration[];
  /** For tests: the clock. */
  now?: () => Date;
  /** Where a one-line note goes (how an sslmode is applied), instead of pg's multi-line warning. */
  warn?: (line: string) => void;
}

/** Open (creating or migrating the schema when needed) a PostgreSQL corpus. */
export async function openPostgresStore(
  target: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const ssl = normaliseSslMode(target);
  if (ssl.note !== undefined) options.warn?.(ssl.note);
  const conn: PgConnection = {
    pool: createPool(ssl.target, options),
    target,
    readonly: options.readonly ?? false,
    lockTimeoutMs: options.busyTimeoutMs ?? 5000,
    retries: options.retries ?? 8,
    now: options.now ?? (() => new Date()),
  };
  try {
    const version = await prepareSchema(conn, options.migrations ?? PG_MIGRATIONS);
    return new PostgresStore(conn, version);
  } catch (error) {
    await conn.pool.end();
    throw error;
  }
}

export class PostgresStore implements CorpusStore {
  private readonly conn: PgConnection;
  private closed = false;
  /** The corpus schema version after opening. */
  readonly schemaVersion: number;

  constructor(conn: PgConnection, schemaVersion: number) {
    this.conn = conn;
    this.schemaVersion = schemaVersion;
  }

  hasSource(contentHash: string, engineKey: string): Promise<boolean> {
    return reads.hasSource(this.conn, contentHash, engineKey);
  }

  putAnalysis(analysis: SourceAnalysis, run: RunInfo): Promise<PutResult> {
    return writes.putAnalysis(this.conn, analysis, run);
  }

  loadAnalyses(filter?: AnalysisFilter): Promise<SourceAnalysis[]> {
    return reads.loadAnalyses(this.conn, filter);
  }

  search(query: string, filters?: SearchFilters): Promise<SearchHit[]> {
    return search(this.conn, query, filters);
  }

  listSources(): Promise<StoredSource[]> {
    return reads.listSources(this.conn);
  }

  getItem(id: string): Promise<StoredItem | undefined> {
    return reads.getItem(this.conn, id);
  }

  removeSource(idOrName: string): Promise<number> {
    return writes.removeSource(this.conn, idOrName);
  }

  putMap(map: ArgumentMap, run: RunInfo, options?: PutMapOptions): Promise<number> {
    return writes.putMap(this.conn, map, run, options);
  }

  getMap(key?: number | string): Promise<ArgumentMap | undefined> {
    return reads.getMap(this.conn, key);
  }

  listMaps(): Promise<StoredMapInfo[]> {
    return reads.listMaps(this.conn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.conn.pool.end();
  }
}
