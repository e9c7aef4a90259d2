import { streamInputs } from "../../api.js";
import { ArgmapError } from "../../model/index.js";
import type { Diagnostic } from "../../model/index.js";
import type { RunInfo } from "../../store/index.js";
import { storeSources } from "../store-sources.js";
import type { CliIO, Command } from "../command.js";
import type { Engine } from "../../engines/engine.js";
import type { CorpusStore } from "../../store/index.js";
import { storeCorpusMap } from "../corpus-map.js";
import { textFitsInMemory } from "../memory-budget.js";
import { spillRequested } from "../spill.js";
import { dbOption, openCorpus } from "../corpus.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { ADD_QUEUE_OPTIONS, enqueueInputs } from "./add-queue.js";
import { INPUT_OPTIONS, RUN_OPTIONS, inputOptions, poolOptions } from "../input-options.js";
import { progressReporter } from "../progress.js";
import { reportDiagnostics, resolveInputs } from "./map.js";

/**
 * Map the corpus after an add that changed it, and store the map (the one it replaces is kept):
 * what `argmap map --db … --since previous` and `argmap diff` compare. A corpus too big for an
 * in-memory map is not mapped here (`map --db` maps it in bounded memory).
 */
export async function mapAfterAdd(
  store: CorpusStore,
  engine: Engine,
  io: CliIO,
  quiet: boolean,
): Promise<void> {
  let chars = 0;
  for (const s of await store.listSources()) chars += s.chars;
  if (spillRequested({}, io.env) || !textFitsInMemory(chars)) {
    if (!quiet)
      io.stderr.write(
        "argmap: the corpus is too big to map in memory; no map stored (map it with argmap map --db).\n",
      );
    return;
  }
  const { id, map, stored } = await storeCorpusMap(store, engine);
  if (!quiet && stored)
    io.stderr.write(
      `argmap: stored map ${id} of the corpus (${map.arguments.length} arguments, ${map.keyPoints.length} key points).\n`,
    );
}

export const addCommand: Command = {
  name: "add",
  usage: "<file|folder|->... [--db argmap.db | --queue redis://host:port]",
  options: [
    dbOption,
    ...INPUT_OPTIONS,
    ...RUN_OPTIONS,
    ENGINE_OPTION,
    ...LLM_OPTIONS,
    ...ADD_QUEUE_OPTIONS,
    {
      name: "no-map",
      type: "boolean",
      description:
        "do not rebuild the corpus map (by default a changed corpus is mapped and the map stored, the previous one kept for argmap diff and map --since)",
    },
  ],
  async run({ values, positionals }, io) {
    if (positionals.length === 0)
      throw new ArgmapError("USAGE", "no input given. Usage: argmap add <file|folder|->... [--db argmap.db]");
    if (typeof values.queue === "string") return enqueueInputs(values, positionals, io);
    const options = inputOptions(values, io, positionals);
    // A JSONL over --max-size is read in parts, each stored as it is analysed: bounded memory.
    const { sources, diagnostics, failed } = await streamInputs(resolveInputs(positionals, io), options);
    const from = options.format;
    const engine = await engineFrom(values, io);
    const run: RunInfo = {
      engine: engine.name,
      engineVersion: engine.version,
      models: engine.models,
      options: { from: from ?? "auto" },
    };
    const pool = poolOptions(values, io);
    const progress = progressReporter(io, { quiet: values.quiet === true });
    const store = await openCorpus(values, io);
    // A stored source's read diagnostics leave `diagnostics`; its warnings are still reported.
    const warnings: Diagnostic[] = [];
    let changed = false;
    try {
      await storeSources(sources, store, {
        engine,
        ...pool,
        run,
        readDiagnostics: diagnostics,
        onStored: (own) => {
          changed = true;
          warnings.push(...own.filter((d) => d.severity !== "info"));
        },
        say: (line) => io.stdout.write(`${line}\n`),
        ...(progress ? { onProgress: progress.onProgress } : {}),
      });
      progress?.done();
      if (changed && values["no-map"] !== true) await mapAfterAdd(store, engine, io, values.quiet === true);
    } finally {
      progress?.done();
      await store.close();
    }
    reportEngineUsage(engine, io);
    reportDiagnostics([...warnings, ...diagnostics], io);
    return failed.length > 0 ? 2 : 0; // the readable inputs are stored; the others are input errors
  },
};
