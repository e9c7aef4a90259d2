import { resolve } from "node:path";
import { streamInputs } from "../../api.js";
import { buildMap, mapDocuments } from "../../pipeline/index.js";
import type { AnalysisFilter, CorpusStore } from "../../store/index.js";
import { openCorpus } from "../corpus.js";
import { OUTPUT_FORMATS, renderMap, renderMapChunks, type OutputFormat } from "../../export/index.js";
import type { ArgumentMap, Diagnostic } from "../../model/index.js";
import { ArgmapError, isArgmapError } from "../../model/index.js";
import type { CliIO, Command, OptionSpec, ParsedValues } from "../command.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { INPUT_OPTIONS, RUN_OPTIONS, inputOptions, poolOptions, positiveNumber } from "../input-options.js";
import { checkMapMemory } from "../memory-budget.js";
import { writeOutput } from "../output.js";

export { writeOutput };
import { progressReporter, useColor } from "../progress.js";

export { OUTPUT_FORMATS, renderMap, renderMapChunks, type OutputFormat };

const options: OptionSpec[] = [
  {
    name: "format",
    short: "f",
    type: "string",
    choices: OUTPUT_FORMATS,
    default: "cards",
    description: "output format",
  },
  {
    name: "output",
    short: "o",
    type: "string",
    description: "write the output to this file instead of stdout",
  },
  {
    name: "limit",
    short: "n",
    type: "string",
    default: "10",
    description: "number of argument cards to show",
  },
  ...INPUT_OPTIONS,
  ...RUN_OPTIONS,
  ENGINE_OPTION,
  ...LLM_OPTIONS,
  {
    name: "db",
    type: "string",
    description: "map the stored corpus in this database instead of files (see argmap add)",
  },
  {
    name: "source",
    type: "string",
    multiple: true,
    description: "with --db: only these sources (id, name or uri)",
  },
  {
    name: "query",
    type: "string",
    description: "with --db: only sources with a post or unit matching this query",
  },
];

/**
 * Build a map over a stored corpus (all of it, or the sources `--source`/`--query` select),
 * reusing the stored per-source analyses. Key points of the last whole-corpus map are kept with
 * their ids, and a new whole-corpus map is stored as the latest (so ids stay stable as the
 * corpus grows, and `argmap search` finds its key points).
 */
export async function mapCorpus(values: ParsedValues, io: CliIO): Promise<ArgumentMap> {
  const filter: AnalysisFilter = {};
  if (Array.isArray(values.source)) filter.sourceIds = values.source;
  else if (typeof values.source === "string") filter.sourceIds = [values.source];
  if (typeof values.query === "string") filter.query = values.query;
  let whole = filter.sourceIds === undefined && filter.query === undefined;
  let store: CorpusStore;
  try {
    store = await openCorpus(values, io, { readonly: !whole });
  } catch (error) {
    // A corpus the user may read but not write still maps; only remembering the map is skipped.
    if (!(whole && isArgmapError(error) && error.code === "STORE_UNWRITABLE")) throw error;
    store = await openCorpus(values, io, { readonly: true });
    whole = false;
  }
  try {
    const previous = (await store.getMap(CORPUS_MAP))?.keyPoints ?? [];
    const engine = await engineFrom(values, io);
    const progress = progressReporter(io, { quiet: values.quiet === true });
    const map = await buildMap(await store.loadAnalyses(filter), {
      engine,
      previousKeyPoints: previous,
      ...(progress ? { onProgress: progress.onProgress } : {}),
    }).finally(() => progress?.done());
    reportEngineUsage(engine, io);
    if (whole) {
      await store.putMap(
        map,
        { engine: engine.name, engineVersion: engine.version, models: engine.models },
        { name: CORPUS_MAP },
      );
    }
    return map;
  } finally {
    await store.close();
  }
}

/** Name under which the latest whole-corpus map is stored. */
export const CORPUS_MAP = "corpus";

/** Paths as given (relative to the working directory of `io`), URLs and `-` unchanged. */
export function resolveInputs(positionals: readonly string[], io: CliIO): string[] {
  return positionals.map((p) =>
    p === "-" || /^https?:\/\//i.test(p) || io.cwd === process.cwd() ? p : resolve(io.cwd, p),
  );
}

/** Warnings and errors on stderr, one line each (info diagnostics stay in the map). */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIO): void {
  for (const d of diagnostics.filter((d) => d.severity !== "info")) {
    io.stderr.write(`argmap: ${d.severity}: ${d.message} [${d.rule}]\n`);
  }
}

export const INPUT_FAILED = "ingest/input-failed";

export const mapCommand: Command = {
  name: "map",
  usage: "<file|folder|->... [options]",
  options,
  async run({ values, positionals }, io) {
    const format = values.format as OutputFormat;
    const limit = Math.floor(positiveNumber(values, "limit"));
    if (values.db !== undefined) {
      if (positionals.length > 0) {
        throw new ArgmapError(
          "USAGE",
          "give either inputs or --db, not both (add inputs to a corpus with argmap add).",
        );
      }
      const color = format === "cards" && values.output === undefined && useColor(io);
      await writeOutput(
        renderMapChunks(await mapCorpus(values, io), format, { color, limit }),
        values.output as string | undefined,
        io,
      );
      return 0;
    }
    if (positionals.length === 0) {
      throw new ArgmapError(
        "USAGE",
        "no input given. Usage: argmap map <file|folder|->... (see argmap map --help).",
      );
    }
    const inputs = resolveInputs(positionals, io);
    checkMapMemory(inputs);
    const pool = poolOptions(values, io);
    const progress = progressReporter(io, { quiet: values.quiet === true });
    const engine = await engineFrom(values, io);
    // As mapSources, with the pool's settings: a JSONL over --max-size is streamed in parts.
    const read = await streamInputs(inputs, inputOptions(values, io, positionals));
    const built = await mapDocuments(read.sources, {
      engine,
      ...pool,
      ...(progress ? { onProgress: progress.onProgress } : {}),
    }).finally(() => progress?.done());
    const map: ArgumentMap = { ...built, diagnostics: [...read.diagnostics, ...built.diagnostics] };
    reportEngineUsage(engine, io);
    const color = format === "cards" && values.output === undefined && useColor(io);
    await writeOutput(
      renderMapChunks(map, format, { color, limit }),
      values.output as string | undefined,
      io,
    );
    reportDiagnostics(map.diagnostics, io);
    // Some inputs could not be read: the map of the others is out, but the run is an input error.
    return map.diagnostics.some((d) => d.rule === INPUT_FAILED) ? 2 : 0;
  },
};
