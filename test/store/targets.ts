/**
 * The corpus stores the store tests run against: one behavioural suite, two targets. A test file
 * does `describe.each(STORE_TARGETS)` (or picks one target) and calls `target.start()` once in
 * `beforeAll`, `target.fresh()` for a new empty corpus per test and `target.stop()` in `afterAll`.
 *
 * - `sqlite`: a new file in a temporary folder per corpus;
 * - `postgres`: one throwaway server per test file (`startPostgres()` from
 *   `test/support/services.ts`), a new database per corpus (`CREATE DATABASE`). Skipped, with the
 *   reason, where PostgreSQL is not installed.
 *
 * `inspect` reads a corpus behind the store's back and checks what no crash may break: every
 * child row belongs to a source, and (SQLite) the file and its FTS indexes pass their checks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect } from "vitest";
import type { CorpusStore, OpenCorpusOptions } from "../../src/store/index.js";
import { openCorpus } from "../../src/store/index.js";
import { servicesMissing, startPostgres, type Service } from "../support/services.js";

/** One stored source as `inspect` sees it, with its row counts. */
export interface InspectedSource {
  id: string;
  name: string;
  text: string;
  posts: number;
  segments: number;
  units: number;
  relations: number;
}

export interface Inspection {
  sources: InspectedSource[];
  /** Child rows (posts, segments, units, relations) whose source is gone. */
  stray: number;
}

export interface StoreTarget {
  name: "sqlite" | "postgres";
  /** Why this target cannot run here (the suite is skipped with it), or undefined. */
  missing: string | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A new, empty corpus target: a file path or a `postgres://` URL of a new database. */
  fresh(): Promise<string>;
  open(target: string, options?: OpenCorpusOptions): Promise<CorpusStore>;
  /** Check consistency below the store and list the sources with their row counts. */
  inspect(target: string): Promise<Inspection>;
}

const COUNTS = `SELECT s.id, s.name, s.text,
  (SELECT count(*) FROM posts WHERE source_row = s.row) AS posts,
  (SELECT count(*) FROM segments WHERE source_row = s.row) AS segments,
  (SELECT count(*) FROM units WHERE source_row = s.row) AS units,
  (SELECT count(*) FROM relations WHERE source_row = s.row) AS relations
  FROM sources s ORDER BY s.row`;
const STRAY = `SELECT (SELECT count(*) FROM posts WHERE source_row NOT IN (SELECT row FROM sources))
  + (SELECT count(*) FROM segments WHERE source_row NOT IN (SELECT row FROM sources))
  + (SELECT count(*) FROM units WHERE source_row NOT IN (SELECT row FROM sources))
  + (SELECT count(*) FROM relations WHERE source_row NOT IN (SELECT row FROM sources)) AS n`;

function sqliteTarget(): StoreTarget {
  let dir: string | undefined;
  let n = 0;
  return {
    name: "sqlite",
    missing: undefined,
    async start() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-store-"));
    },
    async stop() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
    async fresh() {
      if (!dir) throw new Error("sqlite target: start() first");
      return path.join(dir, `corpus-${++n}.db`);
    },
    open: (target, options) => openCorpus(target, options),
    async inspect(file) {
      // Opening through the store runs WAL recovery and its own quick_check.
      await (await openCorpus(file)).close();
      const db = new Database(file);
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(db.pragma("foreign_key_check")).toEqual([]);
        for (const fts of ["posts_fts", "units_fts", "key_points_fts"]) {
          expect(() =>
            db.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`).run(),
          ).not.toThrow();
        }
        return {
          sources: db.prepare(COUNTS).all() as InspectedSource[],
          stray: (db.prepare(STRAY).get() as { n: number }).n,
        };
      } finally {
        db.close();
      }
    },
  };
}

/** The URL of database `name` on the server `base` points at. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.href;
}

function postgresTarget(): StoreTarget {
  const missing = servicesMissing(["postgres"]);
  let server: Service | undefined;
  let n = 0;
  const query = <T extends pg.QueryResultRow>(url: string, sql: string) => pgQuery<T>(url, sql);
  return {
    name: "postgres",
    missing,
    async start() {
      server = await startPostgres();
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async fresh() {
      if (!server) throw new Error("postgres target: start() first");
      const name = `corpus_${process.pid}_${++n}`;
      await query(server.url, `CREATE DATABASE ${name}`);
      return databaseUrl(server.url, name);
    },
    open: (target, options) => openCorpus(target, options),
    async inspect(url) {
      const rows = await query<InspectedSource & { posts: string }>(url, COUNTS);
      const stray = await query<{ n: string }>(url, STRAY);
      return {
        sources: rows.map((r) => ({
          ...r,
          posts: Number(r.posts),
          segments: Number(r.segments),
          units: Number(r.units),
          relations: Number(r.relations),
        })),
        stray: Number(stray[0]!.n),
      };
    },
  };
}

/** Both stores; `describe.skipIf(t.missing)` skips one that cannot run here. */
export const STORE_TARGETS: readonly StoreTarget[] = [sqliteTarget(), postgresTarget()];

/** Run SQL against a PostgreSQL database (tests that look below the store). */
export async function pgQuery<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
