/**
 * The library entry point: read inputs (files, folders, stdin, in-memory texts), map them, and
 * return the ArgumentMap. The CLI is a thin shell over this.
 */
import { resolveEngine } from "./engines/registry.js";
import type { Engine } from "./engines/engine.js";
import type { RawInput } from "./ingest/index.js";
import { loadInputs, readSource } from "./ingest/index.js";
import type { ArgumentMap, Diagnostic, ProgressEvent, SourceDoc, SourceFormat } from "./model/index.js";
import { describeError, isArgmapError, type ArgmapError } from "./model/index.js";
import type { ColumnMap } from "./ingest/index.js";
import { mapDocuments } from "./pipeline/index.js";

/** A path (`-` for stdin, a folder for all supported files in it) or an in-memory text. */
export type MapInput = string | { name: string; text: string; format?: SourceFormat };

export interface MapOptions {
  /** Input format for every input; auto-detected per input when absent. */
  format?: SourceFormat;
  /** Column names of comment tables (CSV/JSONL), e.g. `{ text: "comment-body" }`. */
  columns?: ColumnMap;
  /**
   * Engine to use: an `Engine`, or the name of a registered one (`classic`, the default; see
   * `listEngines()`), or a path to an engine module.
   */
  engine?: Engine | string;
  /** Largest input accepted, in bytes (default 32 MiB). */
  maxBytes?: number;
  /** URLs: refuse loopback, private and link-local addresses (also as redirect targets). */
  noPrivateNetwork?: boolean;
  /** URLs: give up after this many milliseconds. */
  timeoutMs?: number;
  stdin?: NodeJS.ReadableStream;
  onProgress?: (event: ProgressEvent) => void;
}

/** What reading the inputs gave: the sources, the readers' diagnostics, and the inputs that failed. */
export interface ReadInputsResult {
  sources: SourceDoc[];
  diagnostics: Diagnostic[];
  /** Inputs that could not be read (each also reported as an error diagnostic). */
  failed: { input: string; error: ArgmapError }[];
}

/**
 * Load and read inputs into SourceDocs. An input that fails with a user error (missing file,
 * malformed JSON, …) becomes an error diagnostic and the other inputs are still read; when no
 * input could be read at all, the first error is thrown.
 */
export async function readInputs(
  inputs: readonly MapInput[],
  options: Pick<
    MapOptions,
    "format" | "columns" | "maxBytes" | "stdin" | "noPrivateNetwork" | "timeoutMs"
  > = {},
): Promise<ReadInputsResult> {
  const loadOptions = {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.noPrivateNetwork ? { noPrivateNetwork: true } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const result: ReadInputsResult = { sources: [], diagnostics: [], failed: [] };
  const attempt = async (input: string, work: () => Promise<void> | void) => {
    try {
      await work();
    } catch (error) {
      if (!(isArgmapError(error) && error.isUserError)) throw error;
      result.failed.push({ input: error.input ?? input, error });
      result.diagnostics.push({
        rule: "ingest/input-failed",
        stage: "ingest",
        severity: "error",
        message: describeError(error, error.input ?? input),
      });
    }
  };
  const read = (raw: RawInput, format: SourceFormat | undefined) => {
    const doc = readSource(raw, {
      ...(format ? { format } : {}),
      ...(options.columns ? { columns: options.columns } : {}),
    });
    result.sources.push(doc.doc);
    result.diagnostics.push(...doc.diagnostics);
  };
  for (const input of inputs) {
    if (typeof input === "string") {
      let raws: RawInput[] = [];
      await attempt(input, async () => void (raws = await loadInputs([input], loadOptions)));
      // A folder expands to several raw inputs, in order; each is read on its own.
      for (const raw of raws) await attempt(raw.name, () => read(raw, options.format));
    } else {
      const raw = { name: input.name, bytes: new TextEncoder().encode(input.text) };
      await attempt(input.name, () => read(raw, input.format ?? options.format));
    }
  }
  if (result.sources.length === 0 && result.failed.length > 0) throw result.failed[0]!.error;
  return result;
}

/**
 * Map sources into one ArgumentMap on the embedded default engine.
 *
 * @example
 * ```ts
 * import { mapSources } from "argmap";
 * const map = await mapSources(["examples/thread-car-free-downtowns.txt"]);
 * for (const arg of map.arguments) console.log(arg.rank, arg.summary);
 * ```
 */
export async function mapSources(
  inputs: readonly MapInput[],
  options: MapOptions = {},
): Promise<ArgumentMap> {
  const { sources, diagnostics } = await readInputs(inputs, options);
  const engine =
    typeof options.engine === "object" ? options.engine : await resolveEngine(options.engine ?? "classic");
  const map = await mapDocuments(sources, {
    engine,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...map, diagnostics: [...diagnostics, ...map.diagnostics] };
}
