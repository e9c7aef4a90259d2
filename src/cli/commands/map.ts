import { join, resolve } from "node:path";
import { streamInputs } from "../../api.js";
import { isStreamableJsonl, STREAM_PART_BYTES } from "../../ingest/index.js";
import { buildMap, mapDocuments } from "../../pipeline/index.js";
import type { AnalysisFilter, CorpusStore } from "../../store/index.js";
import { openCorpus } from "../corpus.js";
import { OUTPUT_FORMATS, renderMap, renderMapChunks, type OutputFormat } from "../../export/index.js";
import type { ArgumentMap, Diagnostic } from "../../model/index.js";
import { ArgmapError, isArgmapError } from "../../model/index.js";
import type { CliIO, Command, OptionSpec, ParsedValues } from "../command.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { INPUT_OPTIONS, RUN_OPTIONS, inputOptions, poolOptions, positiveNumber } from "../input-options.js";
import { checkMapMemory, mapFitsInMemory, textFitsInMemory } from "../memory-budget.js";
import { checkStreamedFormat, spillRequested, withScratchDir, writeStreamedMap } from "../spill.js";
import { storeSources } from "../store-sources.js";
import type { RunInfo } from "../../store/index.js";
import { openCorpus as openStore } from "../../store/index.js";
import { writeOutput } from "../output.js";
import { CORPUS_MAP, findStoredMap, storeCorpusMap } from "../corpus-map.js";
import { diffMaps, DIFF_FORMATS, renderDiff, type DiffFormat, type MapDiff } from "../../diff/index.js";

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
  {
    name: "since",
    type: "string",
    description:
      "with --db: print what changed since a stored map (previous, latest, a map id, a time or a duration ago such as 2h) instead of the map; formats cards, md, json",
  },
  {
    name: "spill",
    type: "boolean",
    description:
      "build the map in bounded memory: analyses go to a temporary corpus, key points come from a sample of units (ARGMAP_SPILL_SAMPLE_UNITS, default 20000) and count all units; formats json, cards, md. Chosen by itself when the input is too big for memory (or ARGMAP_SPILL=1)",
  },
];

/**
 * Build a map over a stored corpus (all of it, or the sources `--source`/`--query` select),
 * reusing the stored per-source analyses. Key points of the last whole-corpus map are kept with
 * their ids, and a new whole-corpus map is stored as the latest, the one it replaces kept as
 * history (so ids stay stable as the corpus grows, `argmap search` finds its key points, and
 * `--since` can say what changed). With `--since`, the digest of what changed is the result.
 */
export async function mapCorpus(
  values: ParsedValues,
  io: CliIO,
): Promise<{ map: ArgumentMap; digest?: MapDiff }> {
  const filter: AnalysisFilter = {};
  if (Array.isArray(values.source)) filter.sourceIds = values.source;
  else if (typeof values.source === "string") filter.sourceIds = [values.source];
  if (typeof values.query === "string") filter.query = values.query;
  let whole = filter.sourceIds === undefined && filter.query === undefined;
  const since = typeof values.since === "string" ? values.since : undefined;
  if (since !== undefined && !whole)
    throw new ArgmapError("USAGE", "--since compares whole-corpus maps: leave out --source and --query.");
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
    const engine = await engineFrom(values, io);
    const progress = progressReporter(io, { quiet: values.quiet === true });
    const onProgress = progress ? { onProgress: progress.onProgress } : {};
    let map: ArgumentMap;
    let id: number | undefined;
    if (whole)
      ({ map, id } = await storeCorpusMap(store, engine, onProgress).finally(() => progress?.done()));
    else {
      const previous = (await store.getMap(CORPUS_MAP))?.keyPoints ?? [];
      map = await buildMap(await store.loadAnalyses(filter), {
        engine,
        previousKeyPoints: previous,
        ...onProgress,
      }).finally(() => progress?.done());
    }
    reportEngineUsage(engine, io);
    if (since === undefined) return { map };
    const base = await findStoredMap(store, since, id);
    const scorer = engine.keyPointScorer?.();
    const digest = await diffMaps(base.map, map, {
      ...(scorer ? { scorer } : {}),
      oldLabel: base.label,
      oldCreatedAt: base.createdAt,
      newLabel: id !== undefined ? `map ${id}` : "the corpus now",
    });
    return { map, digest };
  } finally {
    await store.close();
  }
}

/** `map --db` streams with --spill, or when the stored text's in-memory map would not fit (as for files). */
async function corpusTooBig(values: ParsedValues, io: CliIO): Promise<boolean> {
  if (typeof values.query === "string") return false; // a query picks sources in the store only
  if (spillRequested(values)) return true;
  let store: CorpusStore;
  try {
    store = await openCorpus(values, io, { readonly: true });
  } catch (error) {
    // Not readable as a corpus: mapCorpus opens it again and says why.
    if (isArgmapError(error) && error.isUserError) return false;
    throw error;
  }
  try {
    let chars = 0;
    for (const s of await store.listSources()) chars += s.chars;
    return !textFitsInMemory(chars);
  } finally {
    await store.close();
  }
}

/** `map --db` of a corpus too big for memory: the streamed builder over the stored analyses. */
async function mapCorpusStreamed(
  values: ParsedValues,
  io: CliIO,
  format: OutputFormat,
  limit: number,
): Promise<void> {
  checkStreamedFormat(format, "this corpus is mapped in bounded memory (--spill, or too big for memory)");
  const store = await openCorpus(values, io, { readonly: true });
  try {
    const previous = (await store.getMap(CORPUS_MAP))?.keyPoints ?? [];
    const engine = await engineFrom(values, io);
    let sourceIds: string[] | undefined;
    if (values.source !== undefined) {
      const wanted = new Set(Array.isArray(values.source) ? values.source : [String(values.source)]);
      sourceIds = (await store.listSources())
        .filter((s) => wanted.has(s.id) || wanted.has(s.name) || (s.uri !== undefined && wanted.has(s.uri)))
        .map((s) => s.id);
    }
    await withScratchDir((dir) =>
      writeStreamedMap(
        {
          store,
          engine,
          values,
          format,
          limit,
          dir,
          previousKeyPoints: previous,
          ...(sourceIds ? { sourceIds } : {}),
        },
        io,
      ),
    );
    reportEngineUsage(engine, io);
  } finally {
    await store.close();
  }
}

/**
 * `map` of inputs in bounded memory: analysed into a temporary corpus as by `argmap add`, then
 * mapped from it (see `../spill.ts`). A streamed map is not stored.
 */
async function mapSpilled(
  values: ParsedValues,
  positionals: readonly string[],
  inputs: readonly string[],
  io: CliIO,
  format: OutputFormat,
  limit: number,
): Promise<number> {
  const pool = poolOptions(values, io);
  const engine = await engineFrom(values, io);
  // Every JSONL over one part is read in parts: one part's analysis is held at a time.
  const read = await streamInputs(inputs, {
    ...inputOptions(values, io, [...positionals]),
    partsAbove: STREAM_PART_BYTES,
  });
  const run: RunInfo = { engine: engine.name, engineVersion: engine.version, models: engine.models };
  const warnings: Diagnostic[] = [];
  await withScratchDir(async (dir) => {
    const store = await openStore(join(dir, "corpus.sqlite"));
    try {
      const progress = progressReporter(io, { quiet: values.quiet === true });
      await storeSources(read.sources, store, {
        engine,
        ...pool,
        run,
        readDiagnostics: read.diagnostics,
        onStored: (own) => warnings.push(...own.filter((d) => d.severity !== "info")),
        ...(progress ? { onProgress: progress.onProgress } : {}),
      }).finally(() => progress?.done());
      await writeStreamedMap(
        { store, engine, values, format, limit, dir, diagnostics: read.diagnostics },
        io,
      );
    } finally {
      await store.close();
    }
  });
  reportEngineUsage(engine, io);
  reportDiagnostics([...warnings, ...read.diagnostics], io);
  return read.failed.length > 0 ? 2 : 0;
}

export { CORPUS_MAP };

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
      if (values.since !== undefined && !(DIFF_FORMATS as readonly string[]).includes(format))
        throw new ArgmapError(
          "USAGE",
          `--since prints what changed as ${DIFF_FORMATS.join(", ")}; not --format ${format}.`,
        );
      if (await corpusTooBig(values, io)) {
        if (values.since !== undefined)
          throw new ArgmapError(
            "USAGE",
            "--since compares in-memory corpus maps, and this corpus is mapped in bounded memory (--spill, or too big for memory).",
          );
        await mapCorpusStreamed(values, io, format, limit);
        return 0;
      }
      const color = format === "cards" && values.output === undefined && useColor(io);
      const { map, digest } = await mapCorpus(values, io);
      await writeOutput(
        digest ? [renderDiff(digest, format as DiffFormat)] : renderMapChunks(map, format, { color, limit }),
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
    if (spillRequested(values) || !mapFitsInMemory(inputs)) {
      checkStreamedFormat(format, "this input is mapped in bounded memory (--spill, or too big for memory)");
      // Each input but a JSONL over one part is analysed whole: one that cannot fit is refused.
      const from = inputOptions(values, io, positionals).format;
      for (const input of inputs)
        if (!(await isStreamableJsonl(input, STREAM_PART_BYTES, from))) checkMapMemory([input]);
      return mapSpilled(values, positionals, inputs, io, format, limit);
    }
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
