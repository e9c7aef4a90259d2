import { readInputs } from "../../api.js";
import { ArgmapError } from "../../model/index.js";
import { analyseSource } from "../../pipeline/index.js";
import type { RunInfo } from "../../store/index.js";
import { engineKeyOf } from "../../store/index.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { INPUT_OPTIONS, inputOptions } from "../input-options.js";
import { ADD_QUEUE_OPTIONS, enqueueInputs } from "./add-queue.js";
import { reportDiagnostics, resolveInputs } from "./map.js";

export const addCommand: Command = {
  name: "add",
  usage: "<file|folder|->... [--db argmap.db | --queue redis://host:port]",
  options: [dbOption, ...INPUT_OPTIONS, ENGINE_OPTION, ...LLM_OPTIONS, ...ADD_QUEUE_OPTIONS],
  async run({ values, positionals }, io) {
    if (positionals.length === 0)
      throw new ArgmapError("USAGE", "no input given. Usage: argmap add <file|folder|->... [--db argmap.db]");
    if (typeof values.queue === "string") return enqueueInputs(values, positionals, io);
    const options = inputOptions(values, io, positionals);
    const { sources, diagnostics, failed } = await readInputs(resolveInputs(positionals, io), options);
    const from = options.format;
    const engine = await engineFrom(values, io);
    const run: RunInfo = {
      engine: engine.name,
      engineVersion: engine.version,
      models: engine.models,
      options: { from: from ?? "auto" },
    };
    const store = await openCorpus(values, io);
    try {
      for (const doc of sources) {
        if (await store.hasSource(doc.id, engineKeyOf(run))) {
          io.stdout.write(`unchanged ${doc.name} (${doc.id})\n`);
          continue;
        }
        const t0 = performance.now();
        const analysis = await analyseSource(doc, { engine });
        const analyseMs = performance.now() - t0;
        const own = diagnostics.filter((d) => d.sourceId === doc.id);
        const result = await store.putAnalysis(
          { ...analysis, diagnostics: [...own, ...analysis.diagnostics] },
          { ...run, timings: { analyse: Math.round(analyseMs) }, diagnostics: analysis.diagnostics },
        );
        const verb = result.replaced.length > 0 ? "replaced" : "added";
        const argumentative = analysis.units.filter((u) => u.kind !== "none").length;
        io.stdout.write(
          `${verb} ${doc.name} (${doc.id}): ${doc.posts.length} posts, ${argumentative} argumentative units\n`,
        );
      }
    } finally {
      await store.close();
    }
    reportEngineUsage(engine, io);
    reportDiagnostics(diagnostics, io);
    return failed.length > 0 ? 2 : 0; // the readable inputs are stored; the others are input errors
  },
};
