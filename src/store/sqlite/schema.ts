/**
 * The corpus schema in a SQLite file: its version (`PRAGMA user_version`), the checks on open
 * (an argmap corpus, not corrupt, not from a newer argmap) and the forward-only migrations
 * (`./migrations.ts`), each applied in its own write transaction.
 */
import type Database from "better-sqlite3";
import { ArgmapError } from "../../model/index.js";
import type { Connection } from "./connection.js";
import { writeTransaction } from "./connection.js";
import { busyError, isBusy, messageOf, unreadable } from "./errors.js";
import type { Migration } from "./migrations.js";

export function schemaVersionOf(db: Database.Database): number {
  return Number(db.pragma("user_version", { simple: true }));
}

/** The file's schema version; refuses a file from a newer argmap. */
export function readVersion(db: Database.Database, path: string, target: number): number {
  let version: number;
  try {
    version = schemaVersionOf(db);
  } catch (error) {
    if (isBusy(error)) throw busyError(path, error);
    throw unreadable(path, `SQLite cannot read it (${messageOf(error)})`, error);
  }
  if (version > target) {
    throw new ArgmapError(
      "STORE_TOO_NEW",
      `'${path}' was written by a newer argmap (corpus schema v${version}; this argmap knows up to v${target}). ` +
        `Upgrade argmap to use it; it is never migrated down.`,
      { input: path },
    );
  }
  return version;
}

/** Refuse a SQLite file that is not a corpus, or one that fails the integrity check. */
export function checkIntegrity(
  db: Database.Database,
  path: string,
  check: "quick" | "full" | "none",
  version: number,
): void {
  if (version === 0) {
    // A SQLite file that is not (yet) a corpus: only an empty one may become one.
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (tables.n > 0) throw unreadable(path, "it is a SQLite database but not an argmap corpus");
  }
  if (check === "none") return;
  let result: string[];
  try {
    result = integrityRows(db, check === "full" ? "integrity_check" : "quick_check");
  } catch (error) {
    if (isBusy(error)) throw busyError(path, error);
    throw unreadable(path, `it is corrupt (${messageOf(error)})`, error);
  }
  if (result.length !== 1 || result[0] !== "ok") {
    throw unreadable(path, `it is corrupt (${result.slice(0, 3).join("; ")})`);
  }
}

/** `PRAGMA integrity_check` (or `quick_check`) rows: `["ok"]` when healthy. */
export function integrityRows(db: Database.Database, pragma: "integrity_check" | "quick_check"): string[] {
  const rows = db.pragma(pragma) as Record<string, unknown>[];
  return rows.map((r) => String(Object.values(r)[0]));
}

/** Apply every migration above the file's version, in order, each pending set in one transaction. */
export async function migrate(conn: Connection, migrations: readonly Migration[]): Promise<void> {
  const pending = () => {
    const v = schemaVersionOf(conn.db);
    return migrations.filter((m) => m.version > v);
  };
  if (pending().length === 0) return;
  await writeTransaction(conn, () => {
    // Re-read inside the lock: another process may have migrated meanwhile.
    for (const m of pending()) {
      conn.db.exec(m.sql);
      conn.db.pragma(`user_version = ${m.version}`);
    }
  });
}
