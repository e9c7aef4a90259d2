import { streamInputs } from "../../api.js";
import { ArgmapError } from "../../model/index.js";
import type { Diagnostic } from "../../model/index.js";
import type { RunInfo } from "../../store/index.js";
import { storeSources } from "../store-sources.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { ADD_QUEUE_OPTIONS, enqueueInputs } from "./add-queue.js";
import { INPUT_OPTIONS, RUN_OPTIONS, inputOptions, poolOptions } from "../input-options.js";
import { progressReporter } from "../progress.js";
import { reportDiagnostics, resolveInputs } from "./map.js";

export const addCommand: Command = {
  name: "add",
  usage: "<file|folder|->... [--db argmap.db | --queue redis://host:port]",
  options: [dbOption, ...INPUT_OPTIONS, ...RUN_OPTIONS, ENGINE_OPTION, ...LLM_OPTIONS, ...ADD_QUEUE_OPTIONS],
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
    try {
      await storeSources(sources, store, {
        engine,
        ...pool,
        run,
        readDiagnostics: diagnostics,
        onStored: (own) => warnings.push(...own.filter((d) => d.severity !== "info")),
        say: (line) => io.stdout.write(`${line}\n`),
        ...(progress ? { onProgress: progress.onProgress } : {}),
      });
    } finally {
      progress?.done();
      await store.close();
    }
    reportEngineUsage(engine, io);
    reportDiagnostics([...warnings, ...diagnostics], io);
    return failed.length > 0 ? 2 : 0; // the readable inputs are stored; the others are input errors
  },
};
