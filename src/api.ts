/**
 * The library entry point: read inputs (files, folders, stdin, in-memory texts), map them, and
 * return the ArgumentMap. The CLI is a thin shell over this.
 */
import { classicEngine } from "./engines/classic/index.js";
import type { Engine } from "./engines/engine.js";
import type { RawInput } from "./ingest/index.js";
import { loadInputs, readSource } from "./ingest/index.js";
import type { ArgumentMap, Diagnostic, ProgressEvent, SourceDoc, SourceFormat } from "./model/index.js";
import { mapDocuments } from "./pipeline/index.js";

/** A path (`-` for stdin, a folder for all supported files in it) or an in-memory text. */
export type MapInput = string | { name: string; text: string; format?: SourceFormat };

export interface MapOptions {
  /** Input format for every input; auto-detected per input when absent. */
  format?: SourceFormat;
  /** Engine to use; the embedded classic engine by default. */
  engine?: Engine;
  /** Largest input accepted, in bytes (default 32 MiB). */
  maxBytes?: number;
  stdin?: NodeJS.ReadableStream;
  onProgress?: (event: ProgressEvent) => void;
}

/** Load and read inputs into SourceDocs, with the readers' diagnostics. */
export async function readInputs(
  inputs: readonly MapInput[],
  options: Pick<MapOptions, "format" | "maxBytes" | "stdin"> = {},
): Promise<{ sources: SourceDoc[]; diagnostics: Diagnostic[] }> {
  const loadOptions = {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  };
  const raws: { raw: RawInput; format?: SourceFormat }[] = [];
  for (const input of inputs) {
    if (typeof input === "string") {
      // A folder expands to several raw inputs, in order.
      for (const raw of await loadInputs([input], loadOptions)) raws.push({ raw });
    } else {
      const raw = { name: input.name, bytes: new TextEncoder().encode(input.text) };
      raws.push({ raw, ...(input.format ? { format: input.format } : {}) });
    }
  }
  const sources: SourceDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { raw, format } of raws) {
    const chosen = format ?? options.format;
    const read = readSource(raw, chosen ? { format: chosen } : {});
    sources.push(read.doc);
    diagnostics.push(...read.diagnostics);
  }
  return { sources, diagnostics };
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
export async function mapSources(inputs: readonly MapInput[], options: MapOptions = {}): Promise<ArgumentMap> {
  const { sources, diagnostics } = await readInputs(inputs, options);
  const map = mapDocuments(sources, {
    engine: options.engine ?? classicEngine,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...map, diagnostics: [...diagnostics, ...map.diagnostics] };
}
