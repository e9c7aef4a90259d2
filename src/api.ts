/**
 * The library entry point: read inputs (files, folders, stdin, in-memory texts), map them, and
 * return the ArgumentMap. The CLI is a thin shell over this.
 */
import { listEngines, resolveEngine } from "./engines/registry.js";
import type { Engine } from "./engines/engine.js";
import type { RawInput } from "./ingest/index.js";
import {
  isStreamableJsonl,
  loadInputs,
  readJsonlParts,
  readSource,
  STREAM_PART_BYTES,
} from "./ingest/index.js";
import { DEFAULT_MAX_BYTES, tooLarge } from "./ingest/load.js";
import type { ArgumentMap, Diagnostic, ProgressEvent, SourceDoc, SourceFormat } from "./model/index.js";
import {
  ArgmapError,
  describeError,
  isArgmapError,
  SourceFormat as SourceFormatSchema,
} from "./model/index.js";
import { z } from "zod";
import type { ColumnMap } from "./ingest/index.js";
import { describeValue, mapDocuments } from "./pipeline/index.js";

/** A path (`-` for stdin, a folder for all supported files in it) or an in-memory text. */
export type MapInput = string | { name: string; text: string; format?: SourceFormat };

const InMemoryInput = z.object({
  name: z.string().min(1, "a name that is not empty"),
  text: z.string("a string"),
  format: SourceFormatSchema.optional(),
});

const isFunction = (v: unknown) => typeof v === "function";
const OptionsSchema = z.object({
  format: SourceFormatSchema.optional(),
  columns: z
    .object({
      id: z.string().optional(),
      text: z.string().optional(),
      author: z.string().optional(),
      parent: z.string().optional(),
      time: z.string().optional(),
    })
    .strict()
    .optional(),
  engine: z
    .union(
      [
        z.string().min(1),
        z.object({ name: z.string(), extract: z.custom(isFunction), relate: z.custom(isFunction) }).loose(),
      ],
      "an Engine or the name of a registered engine",
    )
    .optional(),
  maxBytes: z.number().int().positive().optional(),
  noPrivateNetwork: z.boolean().optional(),
  timeoutMs: z.number().positive().finite().optional(),
  stdin: z
    .custom<NodeJS.ReadableStream>(
      (v) => typeof v === "object" && v !== null && isFunction((v as { on?: unknown }).on),
      "a readable stream",
    )
    .optional(),
  onProgress: z.custom(isFunction, "a function").optional(),
  jobs: z.number().int().positive().max(1024).optional(),
});

function usage(fn: string, what: string, problem: string): ArgmapError {
  return new ArgmapError("USAGE", `${fn}: ${what} ${problem}`);
}

const shown = describeValue;

/** Check the inputs argument: one input or a list of them (a single string is one path). */
function checkInputs(inputs: unknown, fn: string): MapInput[] {
  const list: unknown[] =
    typeof inputs === "string" || (typeof inputs === "object" && inputs !== null && !Array.isArray(inputs))
      ? [inputs]
      : Array.isArray(inputs)
        ? inputs
        : [];
  if (!Array.isArray(inputs) && list.length === 0)
    throw usage(
      fn,
      "inputs",
      `must be a path, an in-memory text { name, text } or an array of them (got ${shown(inputs)}).`,
    );
  return list.map((input, i) => {
    const where = Array.isArray(inputs) ? `inputs[${i}]` : "inputs";
    if (typeof input === "string") {
      if (input === "") throw usage(fn, where, "is an empty path.");
      return input;
    }
    if (typeof input !== "object" || input === null)
      throw usage(fn, where, `must be a path or an in-memory text { name, text } (got ${shown(input)}).`);
    const parsed = InMemoryInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".");
      const value = (input as Record<string, unknown>)[field];
      throw usage(
        fn,
        `${where}.${field}`,
        `must be ${issue.message.replace(/^Invalid input: expected /, "")} (got ${shown(value)}).`,
      );
    }
    return parsed.data;
  });
}

/** Check the options argument; undefined means no options. */
function checkOptions(options: unknown, fn: string): MapOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw usage(fn, "options", `must be an object (got ${shown(options)}).`);
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    let value: unknown = options;
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
    throw usage(fn, `options.${path.join(".")}`, `is invalid: ${issue.message} (got ${shown(value)}).`);
  }
  return options as MapOptions;
}

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
  /**
   * Worker threads analysing sources in parallel (default 1: this thread). Used only with an
   * engine given by name that runs offline (`classic`, the default), which each worker builds for
   * itself, and only when there is enough text to pay for starting workers. The map is the same.
   */
  jobs?: number;
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
  inputs: MapInput | readonly MapInput[],
  options: Pick<
    MapOptions,
    "format" | "columns" | "maxBytes" | "stdin" | "noPrivateNetwork" | "timeoutMs"
  > = {},
): Promise<ReadInputsResult> {
  const list = checkInputs(inputs, "readInputs");
  options = checkOptions(options, "readInputs");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
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
  for (const input of list) {
    if (typeof input === "string") {
      let raws: RawInput[] = [];
      await attempt(input, async () => void (raws = await loadInputs([input], loadOptions)));
      // A folder expands to several raw inputs, in order; each is read on its own.
      for (const raw of raws) await attempt(raw.name, () => read(raw, options.format));
    } else {
      // The same size limit as files, checked before the text is encoded or parsed.
      await attempt(input.name, () => {
        const size = Buffer.byteLength(input.text, "utf8");
        if (size > maxBytes) throw tooLarge(input.name, size, maxBytes);
        read(
          { name: input.name, bytes: new TextEncoder().encode(input.text) },
          input.format ?? options.format,
        );
      });
    }
  }
  if (result.sources.length === 0 && result.failed.length > 0) throw result.failed[0]!.error;
  return result;
}

/** An engine named by the caller that worker threads can build for themselves (offline ones only). */
function workerEngineFor(engine: MapOptions["engine"]): { workerEngine?: string } {
  const name = engine ?? "classic";
  if (typeof name !== "string") return {};
  const definition = listEngines().find((d) => d.name === name);
  return definition && !definition.capabilities.network ? { workerEngine: name } : {};
}

/** Sources as a stream, with the diagnostics of reading them (filled in as the stream is read). */
export interface StreamInputsResult {
  sources: AsyncIterable<SourceDoc>;
  diagnostics: Diagnostic[];
  /** Inputs that could not be read (known once the stream has been read). */
  failed: { input: string; error: ArgmapError }[];
}

/**
 * `readInputs`, except that a JSONL file larger than `maxBytes` is not refused but read line by
 * line in parts of at most `maxBytes` (4 MiB by default), each part one source — so a 1 GB file
 * of comments maps without being held whole (see `readJsonlParts`). The other inputs are read as
 * by `readInputs`, first.
 *
 * @example
 * const { sources, diagnostics } = await streamInputs(["comments.jsonl"]);
 * const map = await mapDocuments(sources, { engine: classicEngine });
 */
export async function streamInputs(
  inputs: MapInput | readonly MapInput[],
  options: Pick<
    MapOptions,
    "format" | "columns" | "maxBytes" | "stdin" | "noPrivateNetwork" | "timeoutMs"
  > & {
    /**
     * Read a JSONL file in parts from this size on (default `maxBytes`); a streamed map reads
     * every JSONL over one part (`STREAM_PART_BYTES`) in parts, to analyse one part at a time.
     */
    partsAbove?: number;
  } = {},
): Promise<StreamInputsResult> {
  const list = checkInputs(inputs, "streamInputs");
  const { partsAbove, ...rest } = options;
  options = checkOptions(rest, "streamInputs");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const threshold = Math.min(maxBytes, partsAbove ?? maxBytes);
  const streamed: string[] = [];
  const whole: MapInput[] = [];
  for (const input of list) {
    if (typeof input === "string" && (await isStreamableJsonl(input, threshold, options.format)))
      streamed.push(input);
    else whole.push(input);
  }
  if (streamed.length === 0) {
    const read = await readInputs(whole, options);
    return { ...read, sources: toAsync(read.sources) };
  }
  let first: ReadInputsResult = { sources: [], diagnostics: [], failed: [] };
  if (whole.length > 0) {
    try {
      first = await readInputs(whole, options);
    } catch (error) {
      // No other input was readable; the streamed ones still map.
      if (!(isArgmapError(error) && error.isUserError)) throw error;
      first.failed.push({ input: error.input ?? "input", error });
      first.diagnostics.push({
        rule: "ingest/input-failed",
        stage: "ingest",
        severity: "error",
        message: describeError(error, error.input ?? "input"),
      });
    }
  }
  const diagnostics = first.diagnostics;
  const report = (d: Diagnostic) => diagnostics.push(d);
  const streamOptions = {
    partBytes: Math.min(maxBytes, STREAM_PART_BYTES),
    maxLineBytes: maxBytes,
    report,
    ...(options.columns ? { columns: options.columns } : {}),
  };
  async function* sources(): AsyncGenerator<SourceDoc> {
    yield* first.sources;
    for (const path of streamed) {
      report({
        rule: "ingest/streamed",
        stage: "ingest",
        severity: "info",
        message: `${path}: larger than ${threshold} bytes; read line by line in parts of ${streamOptions.partBytes} bytes, each part one source.`,
      });
      yield* readJsonlParts(path, streamOptions);
    }
  }
  return { sources: sources(), diagnostics, failed: first.failed };
}

async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * Map sources into one ArgumentMap on the embedded default engine.
 *
 * `inputs` is one input or an array of them: a path (file, folder, `-` for stdin, an http(s)
 * URL) or an in-memory text `{ name, text, format? }`. A single string is one path, never a list
 * of characters. Every input, in-memory texts included, is held to `maxBytes` (default 32 MiB).
 * Malformed arguments (`null`, a number, `{ text: null }`, an unknown `format`) throw an
 * `ArgmapError` with code `USAGE` naming the argument and the problem.
 *
 * @example
 * ```ts
 * import { mapSources } from "argmap";
 * const map = await mapSources(["examples/thread-car-free-downtowns.txt"]);
 * for (const arg of map.arguments) console.log(arg.rank, arg.summary);
 * ```
 */
export async function mapSources(
  inputs: MapInput | readonly MapInput[],
  options: MapOptions = {},
): Promise<ArgumentMap> {
  const list = checkInputs(inputs, "mapSources");
  options = checkOptions(options, "mapSources");
  const { sources, diagnostics } = await streamInputs(list, options);
  const engine =
    typeof options.engine === "object" ? options.engine : await resolveEngine(options.engine ?? "classic");
  const map = await mapDocuments(sources, {
    engine,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...workerEngineFor(options.engine),
  });
  // Read diagnostics first (the stream's are complete once the map is built).
  return { ...map, diagnostics: [...diagnostics, ...map.diagnostics] };
}
