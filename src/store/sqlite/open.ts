/**
 * Opening a SQLite corpus file safely: a directory, a non-SQLite file, a corrupt file or one from
 * a newer argmap is refused before anything is written to it; a read-only file or folder is
 * reported before SQLite tries to write; a WAL-mode file in a read-only folder is read from an
 * in-memory snapshot.
 */
import fs from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { ArgmapError } from "../../model/index.js";
import type { Connection } from "./connection.js";
import { guardWrite, withRetry } from "./connection.js";
import { busyError, isBusy, isReadOnly, messageOf, readOnlyError, sqliteCode, unreadable } from "./errors.js";
import type { Migration } from "./migrations.js";
import { MIGRATIONS } from "./migrations.js";
import { checkIntegrity, migrate, readVersion } from "./schema.js";

export interface SqliteStoreOptions {
  /** Integrity check on open: `quick` (default, `PRAGMA quick_check`), `full` (`integrity_check`) or `none`. */
  check?: "quick" | "full" | "none";
  /** How long one statement waits for a lock held by another connection (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Extra attempts of a whole transaction that still got `SQLITE_BUSY` (default 8). */
  retries?: number;
  /** Open without writing anything; the file must exist and be at the current schema version. */
  readonly?: boolean;
  /** `full` (default) syncs every commit; `normal` survives process crashes but not power loss. */
  synchronous?: "full" | "normal";
  /** For tests: the migration list to apply (default: all of `MIGRATIONS`). */
  migrations?: readonly Migration[];
  /** For tests: the clock. */
  now?: () => Date;
  /** For tests: cap the file at this many pages (never below its current size), to play a full disk. */
  maxPageCount?: number;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Why a writable open cannot write: the file or its folder (journal files live there) is read-only. */
function notWritableReason(path: string, existed: boolean): string | undefined {
  const targets: (readonly [string, string])[] = existed
    ? [
        [path, "the file"],
        [dirname(path), "its folder"],
      ]
    : [[dirname(path), "its folder"]];
  for (const [target, what] of targets) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      return `${what} is read-only (${sqliteCode(error) ?? messageOf(error)})`;
    }
  }
  return undefined;
}

/**
 * Open a corpus read-only from a copy in memory: for a WAL-mode file in a folder where SQLite
 * cannot create its shared-memory file (a read-only folder or mount). Refused when the file has
 * committed changes still in its `-wal` file, which this copy would miss.
 */
function openSnapshot(path: string, cause: unknown): Database.Database {
  let walSize = 0;
  try {
    walSize = fs.statSync(`${path}-wal`).size;
  } catch (error) {
    if (sqliteCode(error) !== "ENOENT") throw unreadable(path, `its -wal file cannot be read`, error);
  }
  if (walSize > 0)
    throw unreadable(
      path,
      `its latest changes are still in '${path}-wal' and the folder is read-only, so SQLite cannot read them (${messageOf(cause)}); open it once where the folder is writable`,
      cause,
    );
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    throw unreadable(path, `it cannot be read (${messageOf(error)})`, error);
  }
  // Bytes 18–19 say "WAL mode"; an in-memory copy has no WAL, so mark it as a rollback-journal file.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true });
  } catch (error) {
    throw unreadable(path, `SQLite cannot open it (${messageOf(error)})`, error);
  }
}

/** Look at the file before SQLite touches it: a directory or a non-SQLite file is refused. */
function checkFileHeader(path: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    if (sqliteCode(error) === "ENOENT") return false;
    throw unreadable(path, `it cannot be read (${messageOf(error)})`, error);
  }
  if (stat.isDirectory()) throw unreadable(path, "it is a directory");
  if (stat.size === 0) return true;
  const head = Buffer.alloc(100);
  let read: number;
  try {
    const fd = fs.openSync(path, "r");
    try {
      read = fs.readSync(fd, head, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw unreadable(path, `it cannot be read (${messageOf(error)})`, error);
  }
  if (read < 100 || !head.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw unreadable(path, "it is not a SQLite database (wrong file header)");
  }
  return true;
}

/** The SQLite handle, or the clear error why this file cannot be one. */
function openDatabase(path: string, options: SqliteStoreOptions, existed: boolean): Database.Database {
  const inMemory = path === ":memory:";
  if (!existed && options.readonly) {
    throw new ArgmapError("DATA_NOT_FOUND", `no corpus at '${path}'. Run 'argmap add' first or check --db.`, {
      input: path,
    });
  }
  if (!inMemory && !options.readonly) {
    const why = notWritableReason(path, existed);
    if (why !== undefined) throw readOnlyError(path, why);
  }
  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      // better-sqlite3 sets SQLite's busy_timeout from this.
      timeout: Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000)),
    });
  } catch (error) {
    throw unreadable(path, `SQLite cannot open it (${messageOf(error)})`, error);
  }
  if (!options.readonly || inMemory) return db;
  // A WAL file needs a shared-memory file next to it; in a read-only folder SQLite cannot make
  // one, so read a snapshot instead (reads need no write access at all).
  try {
    db.pragma("user_version", { simple: true });
    return db;
  } catch (error) {
    db.close();
    if (isReadOnly(error)) return openSnapshot(path, error);
    throw isBusy(error)
      ? busyError(path, error)
      : unreadable(path, `SQLite cannot read it (${messageOf(error)})`, error);
  }
}

/**
 * Open (creating or migrating when needed) a SQLite corpus file: checks, WAL journal, migrations,
 * foreign keys. Closes the handle again when any step fails.
 */
export async function openConnection(path: string, options: SqliteStoreOptions = {}): Promise<Connection> {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const existed = path === ":memory:" ? false : checkFileHeader(path);
  const db = openDatabase(path, options, existed);
  const conn: Connection = {
    db,
    path,
    retries: options.retries ?? 8,
    now: options.now ?? (() => new Date()),
  };
  try {
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    const version = readVersion(db, path, target);
    if (existed) checkIntegrity(db, path, options.check ?? "quick", version);
    if (options.readonly) {
      if (version < target) {
        throw new ArgmapError(
          "STORE_UNREADABLE",
          `'${path}' is at schema v${version} and must be upgraded to v${target}; open it writable once.`,
          { input: path },
        );
      }
    } else {
      await withRetry(conn, () => guardWrite(path, () => db.pragma("journal_mode = WAL")));
      db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
      await migrate(conn, migrations);
    }
    db.pragma("foreign_keys = ON");
  } catch (error) {
    db.close();
    throw error;
  }
  return conn;
}
