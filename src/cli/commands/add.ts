import { resolve } from "node:path";
import { readInputs } from "../../api.js";
import { classicEngine } from "../../engines/classic/index.js";
import type { SourceFormat } from "../../model/index.js";
import { ArgmapError, SourceFormat as SourceFormatSchema } from "../../model/index.js";
import { analyseSource } from "../../pipeline/index.js";
import type { RunInfo } from "../../store/port.js";
import { engineKeyOf } from "../../store/port.js";
import type { SqliteStore, SqliteStoreOptions } from "../../store/sqlite.js";
import { openSqliteStore } from "../../store/sqlite.js";
import type { CliIO, Command, OptionSpec, ParsedValues } from "../command.js";
import { positiveNumber } from "./map.js";

/** The `--db` option every corpus command takes. */
export const dbOption: OptionSpec = { name: "db", type: "string", default: "argmap.db", description: "corpus database file" };

/** Open the corpus named by `--db` (relative to the working directory). */
export function openCorpus(values: ParsedValues, io: CliIO, options: SqliteStoreOptions = {}): SqliteStore {
  const db = typeof values.db === "string" ? values.db : "argmap.db";
  return openSqliteStore(resolve(io.cwd, db), options);
}

export const addCommand: Command = {
  name: "add",
  summary: "Analyse sources into the corpus database; unchanged sources are skipped, changed ones replaced.",
  usage: "<file|folder|->... [--db argmap.db]",
  options: [
    dbOption,
    {
      name: "from",
      type: "string",
      choices: ["auto", ...SourceFormatSchema.options],
      default: "auto",
      description: "input format (auto-detected per input by default)",
    },
    { name: "max-size", type: "string", default: "32", description: "largest input accepted, in MiB" },
  ],
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new ArgmapError("USAGE", "no input given. Usage: argmap add <file|folder|->... [--db argmap.db]");
    const from = values.from === "auto" ? undefined : (values.from as SourceFormat);
    const maxBytes = Math.floor(positiveNumber(values, "max-size") * 1024 * 1024);
    const inputs = positionals.map((p) => (p === "-" ? p : resolve(io.cwd, p)));
    const { sources, diagnostics } = await readInputs(inputs, { maxBytes, stdin: io.stdin, ...(from ? { format: from } : {}) });
    const engine = classicEngine;
    const run: RunInfo = { engine: engine.name, engineVersion: engine.version, models: engine.models, options: { from: from ?? "auto" } };
    const store = openCorpus(values, io);
    try {
      for (const doc of sources) {
        if (store.hasSource(doc.id, engineKeyOf(run))) {
          io.stdout.write(`unchanged ${doc.name} (${doc.id})\n`);
          continue;
        }
        const t0 = performance.now();
        const analysis = analyseSource(doc, { engine });
        const analyseMs = performance.now() - t0;
        const own = diagnostics.filter((d) => d.sourceId === doc.id);
        const result = store.putAnalysis(
          { ...analysis, diagnostics: [...own, ...analysis.diagnostics] },
          { ...run, timings: { analyse: Math.round(analyseMs) }, diagnostics: analysis.diagnostics },
        );
        const verb = result.replaced.length > 0 ? "replaced" : "added";
        const argumentative = analysis.units.filter((u) => u.kind !== "none").length;
        io.stdout.write(`${verb} ${doc.name} (${doc.id}): ${doc.posts.length} posts, ${argumentative} argumentative units\n`);
      }
    } finally {
      store.close();
    }
    for (const d of diagnostics.filter((d) => d.severity !== "info")) io.stderr.write(`argmap: ${d.severity}: ${d.message} [${d.rule}]\n`);
    return 0;
  },
};
