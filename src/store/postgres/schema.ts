/**
 * The corpus schema in a PostgreSQL database: its version (table `argmap_schema`, one row per
 * applied migration), the checks on open (an argmap corpus or an empty one, not from a newer
 * argmap) and the migrations (`./migrations.ts`), applied in one transaction under an advisory
 * lock so concurrent openers of a new database migrate it once.
 */
import { ArgmapError } from "../../model/index.js";
import type { Client, PgConnection } from "./connection.js";
import { ARGMAP_LOCK_SPACE, transaction } from "./connection.js";
import { redactUrl, unreadable } from "./errors.js";
import type { Migration } from "./migrations.js";
import { CORPUS_TABLES } from "./migrations.js";

/** The database's schema version: 0 when it holds no corpus yet. */
export async function readSchemaVersion(client: Client): Promise<number> {
  // A catalog query sees what other sessions committed since this statement began; `to_regclass`
  // could answer from this session's cache, stale after waiting on an advisory lock.
  const exists = await client.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = 'argmap_schema' AND n.nspname = current_schema()`,
  );
  if (exists.rows.length === 0) return 0;
  const r = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM argmap_schema");
  return r.rows[0]?.v ?? 0;
}

/** Refuse a database from a newer argmap, or one whose tables collide with a corpus's without being one. */
async function checkVersion(client: Client, target: string, version: number, known: number): Promise<void> {
  if (version > known) {
    throw new ArgmapError(
      "STORE_TOO_NEW",
      `'${redactUrl(target)}' was written by a newer argmap (corpus schema v${version}; this argmap knows up to v${known}). ` +
        `Upgrade argmap to use it; it is never migrated down.`,
      { input: redactUrl(target) },
    );
  }
  if (version === 0) {
    const r = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relname = ANY($1::text[]) AND n.nspname = current_schema() ORDER BY c.oid`,
      [CORPUS_TABLES],
    );
    if (r.rows.length > 0) {
      throw unreadable(
        target,
        `it already has tables named like a corpus's (${r.rows.map((x) => x.name).join(", ")}) but is not an argmap corpus`,
      );
    }
  }
}

/**
 * Bring the database to the last migration's version: create the schema in an empty database,
 * apply pending migrations to an older one, refuse a newer or foreign one. Read-only opens only
 * check (a missing or older schema is an error, nothing is written).
 */
export async function prepareSchema(conn: PgConnection, migrations: readonly Migration[]): Promise<number> {
  const known = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (conn.readonly) {
    return transaction(conn, false, async (client) => {
      const version = await readSchemaVersion(client);
      await checkVersion(client, conn.target, version, known);
      if (version === 0)
        throw new ArgmapError(
          "DATA_NOT_FOUND",
          `no corpus in '${redactUrl(conn.target)}'. Run 'argmap add' first or check --db.`,
          { input: redactUrl(conn.target) },
        );
      if (version < known)
        throw unreadable(
          conn.target,
          `it is at schema v${version} and must be upgraded to v${known}; open it writable once (e.g. argmap add)`,
        );
      return version;
    });
  }
  // Cheap check first, so an up-to-date corpus takes no lock.
  const current = await transaction(conn, false, (client) => readSchemaVersion(client));
  if (current === known) return current;
  return transaction(conn, true, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(${ARGMAP_LOCK_SPACE}, 0)`);
    // Re-read under the lock: another process may have migrated meanwhile.
    const version = await readSchemaVersion(client);
    await checkVersion(client, conn.target, version, known);
    if (version === 0) {
      await client.query(
        `CREATE TABLE argmap_schema (
           version INTEGER PRIMARY KEY,
           description TEXT NOT NULL,
           applied_at TEXT NOT NULL
         )`,
      );
    }
    for (const m of migrations) {
      if (m.version <= version) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO argmap_schema (version, description, applied_at) VALUES ($1, $2, $3)", [
        m.version,
        m.description,
        conn.now().toISOString(),
      ]);
    }
    return known;
  });
}
