/**
 * The corpus store: the port (`./port.ts`), its query language (`./query.ts`) and `openCorpus`,
 * which picks an implementation by the target's URL scheme from `STORE_OPENERS`: a file path is
 * SQLite (`./sqlite/`), `postgres://…` PostgreSQL (`./postgres/`). To add a store, implement
 * `CorpusStore` in its own folder and put its opener in `STORE_OPENERS`.
 *
 * @example
 * const store = await openCorpus("argmap.db", { readonly: true });
 * try {
 *   for (const hit of await store.search('"car free" OR pedestrian*')) console.log(hit.snippet);
 * } finally {
 *   await store.close();
 * }
 */
import { fileURLToPath } from "node:url";
import { ArgmapError } from "../model/index.js";
import type { CorpusStore, OpenCorpusOptions } from "./port.js";
import type { SpillTables } from "./spill.js";
import { redactUrl } from "./postgres/errors.js";

export * from "./port.js";
export { MAX_QUERY_CHARS, MAX_QUERY_WORDS, parseSearchQuery } from "./query.js";
export type { SearchQuery, SearchTerm } from "./query.js";
export { foldWord, groupSearchHits, matchText, snippetFor, stemWord } from "./search-text.js";
export type { GroupedHit, TextMatch } from "./search-text.js";

/** One kind of store: the URL schemes it serves and how to open a target of them. */
export interface StoreOpener {
  name: string;
  /** URL schemes (lower case, without `:`); `file` also serves plain paths. */
  schemes: readonly string[];
  open(target: string, options: OpenCorpusOptions): Promise<CorpusStore>;
}

const sqliteOpener: StoreOpener = {
  name: "sqlite",
  schemes: ["file"],
  // Loaded on first use, so importing the package does not load the native SQLite binding.
  open: async (target, options) => {
    const path = filePathOf(target);
    const { openSqliteStore } = await import("./sqlite/index.js");
    return openSqliteStore(path, {
      ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    });
  },
};

/** A plain path as is; a `file://` URL as its path. */
function filePathOf(target: string): string {
  if (!/^file:/i.test(target)) return target;
  try {
    return fileURLToPath(target);
  } catch (error) {
    throw new ArgmapError("USAGE", `'${target}' is not a usable file URL (${(error as Error).message}).`, {
      input: target,
      cause: error,
    });
  }
}

const postgresOpener: StoreOpener = {
  name: "postgres",
  schemes: ["postgres", "postgresql"],
  // Loaded on first use, so SQLite users never load the pg client.
  open: async (target, options) => {
    const { openPostgresStore } = await import("./postgres/index.js");
    return openPostgresStore(target, {
      ...(options.readonly !== undefined ? { readonly: options.readonly } : {}),
      ...(options.warn !== undefined ? { warn: options.warn } : {}),
      ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    });
  },
};

/** Every store argmap can open, by URL scheme. */
export const STORE_OPENERS: readonly StoreOpener[] = [sqliteOpener, postgresOpener];

/** A URL's scheme (`postgres` for `postgres://…`); `undefined` for a plain path (`C:\…` included). */
function schemeOf(target: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):\/\//i.exec(target);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The opener that serves a target, or a `USAGE` error naming the schemes there are. */
export function storeOpenerFor(target: string): StoreOpener {
  const scheme = schemeOf(target) ?? "file";
  const opener = STORE_OPENERS.find((o) => o.schemes.includes(scheme));
  if (opener) return opener;
  const known = STORE_OPENERS.flatMap((o) => o.schemes.map((s) => `${s}://`)).join(", ");
  throw new ArgmapError(
    "USAGE",
    `no corpus store for '${scheme}://' (in '${redactUrl(target)}'); give a file path or one of ${known}.`,
    { input: redactUrl(target) },
  );
}

/**
 * Open a corpus. `target` picks the store: a file path (or `file://` URL, or `:memory:`) is a
 * SQLite corpus, created when missing unless `readonly`; `postgres://…` (or `postgresql://…`) is
 * a PostgreSQL corpus in that database, whose schema is created when missing unless `readonly`.
 */
export async function openCorpus(target: string, options: OpenCorpusOptions = {}): Promise<CorpusStore> {
  if (target.length === 0)
    throw new ArgmapError(
      "USAGE",
      "no corpus given: pass a file path (e.g. --db argmap.db) or a postgres:// URL.",
    );
  return storeOpenerFor(target).open(target, options);
}

export type { MemberCounts, SpilledArgument, SpilledUnit, SpillTables } from "./spill.js";

/**
 * Scratch tables of a streamed map build in a SQLite file (loaded on first use, as the store).
 * @example const spill = await openSpillTables(join(tmp, "spill.sqlite"));
 */
export async function openSpillTables(path: string): Promise<SpillTables> {
  const { openSpillTables: open } = await import("./sqlite/spill.js");
  return open(path);
}
