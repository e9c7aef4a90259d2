/**
 * The embedded corpus store: one SQLite file (better-sqlite3), WAL journal, foreign keys,
 * forward-only migrations, FTS5 indexes over post, unit and key point text. A thin class over
 * the modules that do the work: `open` (safe opening), `schema` (checks and migrations),
 * `connection` (write transactions, busy handling), `writes`, `reads` and `search`.
 *
 * Reliability rules it keeps:
 * - a file that is not SQLite, not an argmap corpus, or fails `PRAGMA quick_check` is refused
 *   with `STORE_UNREADABLE` before anything is written to it;
 * - a file from a newer argmap (`user_version` above ours) is refused with `STORE_TOO_NEW`;
 * - every write is one `BEGIN IMMEDIATE` transaction; a lock held by another process is waited
 *   for (`busy_timeout`), then retried with an async backoff, so concurrent writers queue
 *   instead of failing and the event loop is never put to sleep;
 * - a killed process leaves each source fully present or absent (SQLite's atomic commit).
 *
 * Callers outside the store open it through `openCorpus` (`../index.ts`) and see a `CorpusStore`.
 *
 * @example
 * const store = await openSqliteStore("argmap.db");
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
import type { Connection } from "./connection.js";
import type { SqliteStoreOptions } from "./open.js";
import { openConnection } from "./open.js";
import * as reads from "./reads.js";
import type { StoredRun } from "./reads.js";
import { integrityRows, schemaVersionOf } from "./schema.js";
import { search } from "./search.js";
import * as writes from "./writes.js";

export type { SqliteStoreOptions } from "./open.js";
export type { StoredRun } from "./reads.js";

/** Open (creating or migrating when needed) a SQLite corpus file. */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  return new SqliteStore(await openConnection(path, options));
}

export class SqliteStore implements CorpusStore {
  private readonly conn: Connection;
  /** Argument counts of stored maps, by row and creation time (see `reads.listMaps`). */
  private readonly argumentCounts = new Map<string, number>();

  constructor(conn: Connection) {
    this.conn = conn;
  }

  get path(): string {
    return this.conn.path;
  }

  async hasSource(contentHash: string, engineKey: string): Promise<boolean> {
    return reads.hasSource(this.conn.db, contentHash, engineKey);
  }

  async putAnalysis(analysis: SourceAnalysis, run: RunInfo): Promise<PutResult> {
    return writes.putAnalysis(this.conn, analysis, run);
  }

  async loadAnalyses(filter?: AnalysisFilter): Promise<SourceAnalysis[]> {
    return reads.loadAnalyses(this.conn, filter);
  }

  async search(query: string, filters?: SearchFilters): Promise<SearchHit[]> {
    return search(this.conn, query, filters);
  }

  async listSources(): Promise<StoredSource[]> {
    return reads.listSources(this.conn);
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    return reads.getItem(this.conn, id);
  }

  async removeSource(idOrName: string): Promise<number> {
    return writes.removeSource(this.conn, idOrName);
  }

  async putMap(map: ArgumentMap, run: RunInfo, options?: PutMapOptions): Promise<number> {
    return writes.putMap(this.conn, map, run, options);
  }

  async getMap(key?: number | string): Promise<ArgumentMap | undefined> {
    return reads.getMap(this.conn.db, key);
  }

  async listMaps(): Promise<StoredMapInfo[]> {
    return reads.listMaps(this.conn.db, this.argumentCounts);
  }

  /** Engine runs recorded in the corpus, newest first. */
  async listRuns(limit = 20): Promise<StoredRun[]> {
    return reads.listRuns(this.conn.db, limit);
  }

  /** `PRAGMA integrity_check` rows (`["ok"]` when healthy). */
  integrityCheck(): string[] {
    return integrityRows(this.conn.db, "integrity_check");
  }

  get schemaVersion(): number {
    return schemaVersionOf(this.conn.db);
  }

  async close(): Promise<void> {
    if (this.conn.db.open) this.conn.db.close();
  }
}
