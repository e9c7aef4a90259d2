/**
 * `argmap map` of more input than memory holds: the inputs are analysed into a temporary corpus
 * (the `add` loop), then the map is built from it in bounded memory (`buildStreamedMap`) and
 * written from the store. The temporary folder (corpus and scratch tables) is under the system's
 * temporary directory and removed when the run ends — finished, failed or interrupted (SIGINT,
 * SIGTERM).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../engines/engine.js";
import { renderMapChunks, type OutputFormat } from "../export/index.js";
import type { Diagnostic, KeyPoint } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import {
  buildStreamedMap,
  DEFAULT_SAMPLE_UNITS,
  streamedJsonChunks,
  summaryMap,
  type AnalysisReader,
  type StreamMapOptions,
} from "../pipeline/index.js";
import { openSpillTables, type SpillTables } from "../store/index.js";
import type { CliIO, ParsedValues } from "./command.js";
import { writeOutput } from "./output.js";
import { progressReporter, useColor } from "./progress.js";
import { removeOnSignal, removeStale } from "./temp-files.js";

/** Set to 1 to build every map this way (tests, or to keep memory low whatever the input size). */
export const SPILL_ENV = "ARGMAP_SPILL";
/** Most units the key point stage clusters in a streamed map (default `DEFAULT_SAMPLE_UNITS`). */
export const SAMPLE_ENV = "ARGMAP_SPILL_SAMPLE_UNITS";

/** Formats a streamed map can write: JSON element by element, cards and Markdown from a summary. */
export const STREAMED_FORMATS: readonly OutputFormat[] = ["json", "cards", "md"];

/** Whether this run asked for a streamed map (`--spill` or `ARGMAP_SPILL=1`). */
export function spillRequested(values: ParsedValues, env: NodeJS.ProcessEnv = process.env): boolean {
  return values.spill === true || env[SPILL_ENV] === "1";
}

/** The sample size from `ARGMAP_SPILL_SAMPLE_UNITS`, checked. */
export function sampleUnits(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SAMPLE_ENV];
  if (raw === undefined || raw === "") return DEFAULT_SAMPLE_UNITS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ArgmapError(
      "USAGE",
      `${SAMPLE_ENV} must be a whole number of units, 1 or more (got '${raw}').`,
    );
  return n;
}

/** Refuse, before any work, a format that needs the whole map at once. */
export function checkStreamedFormat(format: OutputFormat, why: string): void {
  if (STREAMED_FORMATS.includes(format)) return;
  throw new ArgmapError(
    "USAGE",
    `--format ${format} needs the whole map in memory, and ${why}; use --format json, cards or md.`,
  );
}

const SCRATCH_DIR_PREFIX = "argmap-map-";
/** A scratch folder's name; its group is the owner's process id. */
export const SCRATCH_DIR_PATTERN = new RegExp(`^${SCRATCH_DIR_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

/**
 * Run `work` with a fresh temporary folder (under `parent`), removed afterwards — also on an error
 * or a signal.
 * @example await withScratchDir(async (dir) => useFilesIn(dir));
 */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>, parent = tmpdir()): Promise<T> {
  // Named by the owner's process id: a run killed by SIGKILL left its folder, the next one removes it.
  removeStale(parent, SCRATCH_DIR_PATTERN);
  const dir = mkdtempSync(join(parent, `${SCRATCH_DIR_PREFIX}${process.pid}-`));
  const release = removeOnSignal(dir);
  try {
    return await work(dir);
  } finally {
    release();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StreamedRun {
  store: AnalysisReader;
  engine: Engine;
  values: ParsedValues;
  format: OutputFormat;
  limit: number;
  /** A scratch folder (see `withScratchDir`). */
  dir: string;
  sourceIds?: readonly string[];
  previousKeyPoints?: readonly KeyPoint[];
  /** Diagnostics to add to the map's (reading the inputs, when they belong to no stored source). */
  diagnostics?: readonly Diagnostic[];
}

/**
 * Build a map from a stored corpus in bounded memory and write it in `format`.
 * @example await writeStreamedMap({ store, engine, values, format: "json", limit: 10, dir }, io);
 */
export async function writeStreamedMap(run: StreamedRun, io: CliIO): Promise<void> {
  const spill: SpillTables = await openSpillTables(join(run.dir, "spill.sqlite"));
  try {
    if (run.diagnostics) spill.addDiagnostics(run.diagnostics);
    const progress = progressReporter(io, { quiet: run.values.quiet === true });
    const options: StreamMapOptions = {
      engine: run.engine,
      spill,
      sampleUnits: sampleUnits(),
      ...(run.sourceIds ? { sourceIds: run.sourceIds } : {}),
      ...(run.previousKeyPoints ? { previousKeyPoints: run.previousKeyPoints } : {}),
      ...(progress ? { onProgress: progress.onProgress } : {}),
    };
    const map = await buildStreamedMap(run.store, options).finally(() => progress?.done());
    const output = run.values.output as string | undefined;
    if (run.format === "json") {
      await writeOutput(streamedJsonChunks(map, run.store, spill), output, io);
      return;
    }
    // Cards re-rank the best arguments by how widely their key points are made: a few times more
    // than are shown are read.
    const summary = await summaryMap(map, run.store, spill, Math.max(40, 4 * run.limit));
    const color = run.format === "cards" && output === undefined && useColor(io);
    await writeOutput(renderMapChunks(summary, run.format, { color, limit: run.limit }), output, io);
  } finally {
    spill.close();
  }
}
