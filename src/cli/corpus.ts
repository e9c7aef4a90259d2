/**
 * The corpus database as the CLI opens it: the shared `--db` option and its opener. Kept apart
 * from the commands that analyse, so `list`, `show`, `search` and `rm` start without loading the
 * NLP pipeline.
 */
import { resolve } from "node:path";
import type { SqliteStore, SqliteStoreOptions } from "../store/sqlite.js";
import { openSqliteStore } from "../store/sqlite.js";
import type { CliIO, OptionSpec, ParsedValues } from "./command.js";

/** The `--db` option every corpus command takes. */
export const dbOption: OptionSpec = {
  name: "db",
  type: "string",
  default: "argmap.db",
  description: "corpus database file",
};

/** Open the corpus named by `--db` (relative to the working directory). */
export function openCorpus(values: ParsedValues, io: CliIO, options: SqliteStoreOptions = {}): SqliteStore {
  const db = typeof values.db === "string" ? values.db : "argmap.db";
  return openSqliteStore(resolve(io.cwd, db), options);
}
