/**
 * Argument checks of the pipeline's public functions (`analyseSource`, `buildMap`,
 * `mapDocuments`): a library caller passing `null` or a wrong shape gets a `USAGE` error naming
 * the function, the argument and what it got, as from `mapSources`, not a `TypeError` from deep
 * inside a stage. The checks are shallow (the fields every stage reads), so they cost nothing
 * beside the analysis.
 */
import { ArgmapError } from "../model/index.js";

type Fn = "analyseSource" | "buildMap" | "mapDocuments";

/** A value as shown in a message: short strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

function usage(fn: Fn, what: string, problem: string, value: unknown): ArgmapError {
  return new ArgmapError("USAGE", `${fn}: ${what} ${problem} (got ${describeValue(value)}).`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A SourceDoc as `ingest` makes it: `id`, `text` and `posts`. */
export function checkSource(source: unknown, fn: Fn, what = "source"): void {
  if (!isObject(source)) throw usage(fn, what, "must be a SourceDoc { id, text, posts, … }", source);
  if (typeof source.id !== "string" || source.id === "")
    throw usage(fn, `${what}.id`, "must be a string that is not empty", source.id);
  if (typeof source.text !== "string") throw usage(fn, `${what}.text`, "must be a string", source.text);
  if (!Array.isArray(source.posts)) throw usage(fn, `${what}.posts`, "must be an array", source.posts);
}

/** Options with an `engine` that can extract and relate. */
export function checkPipelineOptions(options: unknown, fn: Fn): void {
  if (!isObject(options)) throw usage(fn, "options", "must be an object with an engine", options);
  const engine = options.engine;
  if (!isObject(engine) || typeof engine.extract !== "function" || typeof engine.relate !== "function")
    throw usage(fn, "options.engine", "must be an Engine (see resolveEngine)", engine);
}

const ANALYSIS_LISTS = ["segments", "units", "relations", "diagnostics"] as const;

/** An array of SourceAnalysis objects, as `analyseSource` returns them. */
export function checkAnalyses(analyses: unknown, fn: Fn): void {
  if (!Array.isArray(analyses)) throw usage(fn, "analyses", "must be an array of SourceAnalysis", analyses);
  for (let i = 0; i < analyses.length; i++) {
    const analysis: unknown = analyses[i];
    const what = `analyses[${i}]`;
    if (!isObject(analysis))
      throw usage(fn, what, "must be a SourceAnalysis { source, segments, units, relations }", analysis);
    checkSource(analysis.source, fn, `${what}.source`);
    for (const list of ANALYSIS_LISTS)
      if (!Array.isArray(analysis[list]))
        throw usage(fn, `${what}.${list}`, "must be an array", analysis[list]);
  }
}

/** An array, iterable or async iterable of sources. */
export function checkSourceList(sources: unknown, fn: Fn): void {
  const iterable =
    typeof sources === "object" &&
    sources !== null &&
    (Symbol.iterator in sources || Symbol.asyncIterator in sources);
  if (!iterable) throw usage(fn, "sources", "must be an array or (async) iterable of SourceDoc", sources);
}
