/**
 * The corpus database as the CLI opens it: the shared `--db` option and its opener. Kept apart
 * from the commands that analyse, so `list`, `show`, `search` and `rm` start without loading the
 * NLP pipeline.
 */
import { resolve } from "node:path";
import type { CorpusStore, OpenCorpusOptions } from "../store/index.js";
import { openCorpus as openStore } from "../store/index.js";
import type { CliIO, OptionSpec, ParsedValues } from "./command.js";

/** The `--db` option every corpus command takes. */
export const dbOption: OptionSpec = {
  name: "db",
  type: "string",
  default: "argmap.db",
  description: "corpus: a SQLite file, or a postgres://user@host/database URL",
};

/** Open the corpus named by `--db`: a path (relative to the working directory) or a store URL. */
export function openCorpus(
  values: ParsedValues,
  io: CliIO,
  options: OpenCorpusOptions = {},
): Promise<CorpusStore> {
  const db = typeof values.db === "string" ? values.db : "argmap.db";
  const isUrl = /^[a-z][a-z0-9+.-]+:\/\//i.test(db);
  return openStore(isUrl || db === ":memory:" ? db : resolve(io.cwd, db), {
    warn: (line) => void io.stderr.write(`argmap: warning: ${line}\n`),
    ...options,
  });
}

/** `--format text|json` of the corpus listing commands. */
export const TEXT_OR_JSON: OptionSpec = {
  name: "format",
  short: "f",
  type: "string",
  choices: ["text", "json"],
  default: "text",
  description: "output format",
};
