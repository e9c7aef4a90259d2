/**
 * The input options `map` and `add` share: one table feeds both commands' parsers and --help,
 * and one function turns parsed values into `readInputs` options.
 */
import { availableParallelism } from "node:os";
import type { MapOptions } from "../api.js";
import type { ColumnMap } from "../ingest/index.js";
import { ArgmapError, SourceFormat as SourceFormatSchema } from "../model/index.js";
import type { SourceFormat } from "../model/index.js";
import type { CliIO, OptionSpec, ParsedValues } from "./command.js";

export const INPUT_OPTIONS: OptionSpec[] = [
  {
    name: "from",
    type: "string",
    choices: ["auto", ...SourceFormatSchema.options],
    default: "auto",
    description: "input format (auto-detected per input by default)",
  },
  { name: "max-size", type: "string", default: "32", description: "largest input accepted, in MiB" },
  {
    name: "columns",
    type: "string",
    description:
      "comment-table columns, e.g. text=comment-body,author=interview (keys: id, text, author, parent, time)",
  },
  { name: "timeout", type: "string", default: "20", description: "URL inputs: seconds before giving up" },
  {
    name: "no-private-network",
    type: "boolean",
    description: "URL inputs: refuse loopback, private and link-local addresses (also as redirect targets)",
  },
];

/** How `map` and `add` run: worker threads and progress. */
export const RUN_OPTIONS: OptionSpec[] = [
  {
    name: "jobs",
    short: "j",
    type: "string",
    description:
      "worker threads analysing sources in parallel (default: the number of cores; 1 = single-threaded)",
  },
  { name: "quiet", short: "q", type: "boolean", description: "no progress on stderr" },
];

/** `--jobs`: a whole number ≥ 1; the number of cores when absent. */
export function jobsOption(values: ParsedValues): number {
  const raw = values.jobs;
  if (raw === undefined) return availableParallelism();
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < 1 || n > 1024)
    throw new ArgmapError("USAGE", `--jobs must be a whole number from 1 to 1024 (got '${String(raw)}').`);
  return n;
}

/**
 * Pool options of `map` and `add`: jobs, the engine workers build, and the start-up threshold
 * (`ARGMAP_POOL_MIN_BYTES`, bytes of waiting text before workers start; tests lower it).
 */
export function poolOptions(
  values: ParsedValues,
  io: CliIO,
): { jobs: number; workerEngine?: string; poolMinBytes?: number } {
  const jobs = jobsOption(values);
  const workerEngine = workerEngineOf(values);
  const min = Number(io.env.ARGMAP_POOL_MIN_BYTES);
  return {
    jobs,
    ...(workerEngine ? { workerEngine } : {}),
    ...(io.env.ARGMAP_POOL_MIN_BYTES && Number.isFinite(min) && min >= 0 ? { poolMinBytes: min } : {}),
  };
}

/**
 * The engine name worker threads can build for themselves: the embedded default only (LLM engines
 * keep one client, cache and budget per run; a plugin's module is loaded by the main thread).
 */
export function workerEngineOf(values: ParsedValues): string | undefined {
  return values.engine === undefined || values.engine === "classic" ? "classic" : undefined;
}

export function positiveNumber(values: ParsedValues, name: string): number {
  const raw = values[name];
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isFinite(n) || n <= 0) {
    throw new ArgmapError("USAGE", `--${name} must be a positive number (got '${String(raw)}').`);
  }
  return n;
}

const COLUMN_KEYS = ["id", "text", "author", "parent", "time"] as const;

/** Parse `text=comment-body,author=interview` into a column map. */
export function parseColumns(spec: string): ColumnMap {
  const columns: Record<string, string> = {};
  for (const pair of spec.split(",").filter((p) => p.trim() !== "")) {
    const [key, ...rest] = pair.split("=");
    const name = rest.join("=").trim();
    const k = key?.trim() ?? "";
    if (!(COLUMN_KEYS as readonly string[]).includes(k) || name === "") {
      throw new ArgmapError(
        "USAGE",
        `--columns takes key=column pairs with keys ${COLUMN_KEYS.join(", ")} (got '${pair}').`,
      );
    }
    columns[k] = name;
  }
  return columns as ColumnMap;
}

/** `readInputs`/`mapSources` options from the parsed input flags; `io.stdin` only when an input is `-`. */
export function inputOptions(
  values: ParsedValues,
  io: CliIO,
  inputs: readonly string[],
): Pick<MapOptions, "format" | "columns" | "maxBytes" | "stdin" | "noPrivateNetwork" | "timeoutMs"> {
  const from =
    values.from === "auto" || values.from === undefined ? undefined : (values.from as SourceFormat);
  return {
    maxBytes: Math.floor(positiveNumber(values, "max-size") * 1024 * 1024),
    timeoutMs: Math.round(positiveNumber(values, "timeout") * 1000),
    ...(inputs.includes("-") ? { stdin: io.stdin } : {}),
    ...(from ? { format: from } : {}),
    ...(typeof values.columns === "string" ? { columns: parseColumns(values.columns) } : {}),
    ...(values["no-private-network"] === true ? { noPrivateNetwork: true } : {}),
  };
}
