import { streamInputs } from "../../api.js";
import { ArgmapError } from "../../model/index.js";
import { analyseMany, type AnalysedSource } from "../../pipeline/index.js";
import type { SourceDoc } from "../../model/index.js";
import type { RunInfo } from "../../store/index.js";
import { engineKeyOf } from "../../store/index.js";
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
    let analysed: AsyncGenerator<AnalysedSource> | undefined;
    try {
      const engineKey = engineKeyOf(run);
      // Sources in input order, each stored or not; a source given twice is analysed once.
      const order: { doc: SourceDoc; unchanged: boolean }[] = [];
      const seen = new Set<string>();
      async function* fresh(): AsyncGenerator<SourceDoc> {
        for await (const doc of sources) {
          const unchanged = seen.has(doc.id) || (await store.hasSource(doc.id, engineKey));
          seen.add(doc.id);
          order.push({ doc, unchanged });
          if (!unchanged) yield doc;
        }
      }
      const reportUnchanged = () => {
        while (order[0]?.unchanged) {
          const { doc } = order.shift()!;
          io.stdout.write(`unchanged ${doc.name} (${doc.id})\n`);
        }
      };
      // New sources are analysed on worker threads (in order) and stored as they come back.
      analysed = analyseMany(fresh(), {
        engine,
        ...pool,
        ...(progress ? { onProgress: progress.onProgress } : {}),
      });
      for await (const { analysis, ms } of analysed) {
        reportUnchanged();
        const { doc } = order.shift()!;
        const own = diagnostics.filter((d) => d.sourceId === doc.id);
        const result = await store.putAnalysis(
          { ...analysis, diagnostics: [...own, ...analysis.diagnostics] },
          { ...run, timings: { analyse: Math.round(ms) }, diagnostics: analysis.diagnostics },
        );
        const verb = result.replaced.length > 0 ? "replaced" : "added";
        const argumentative = analysis.units.filter((u) => u.kind !== "none").length;
        io.stdout.write(
          `${verb} ${doc.name} (${doc.id}): ${doc.posts.length} posts, ${argumentative} argumentative units\n`,
        );
      }
      reportUnchanged();
    } finally {
      await analysed?.return(undefined); // stops the workers, also when storing failed
      progress?.done();
      await store.close();
    }
    reportEngineUsage(engine, io);
    reportDiagnostics(diagnostics, io);
    return failed.length > 0 ? 2 : 0; // the readable inputs are stored; the others are input errors
  },
};
