/**
 * The options the queue commands share (`add --queue`, `worker`, `status`) and their checks.
 */
import { ArgmapError } from "../model/index.js";
import type { OptionSpec, ParsedValues } from "./command.js";

export const QUEUE_OPTION: OptionSpec = {
  name: "queue",
  type: "string",
  description:
    "Redis URL of the job queue, e.g. redis://127.0.0.1:6379 (rediss:// for TLS, /N for a database)",
};

export const QUEUE_NAME_OPTION: OptionSpec = {
  name: "queue-name",
  type: "string",
  default: "argmap",
  description: "name of the queue on that Redis (one per corpus)",
};

/** `--queue`, required by `worker` and `status`. */
export function queueUrlOf(values: ParsedValues, command: string): string {
  const url = values.queue;
  if (typeof url !== "string" || url === "")
    throw new ArgmapError(
      "USAGE",
      `argmap ${command} needs --queue <redis://host:port>, the Redis the jobs are queued on.`,
    );
  return url;
}

export function queueNameOf(values: ParsedValues): string {
  const name = typeof values["queue-name"] === "string" ? values["queue-name"] : "argmap";
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name))
    throw new ArgmapError(
      "USAGE",
      `--queue-name must be 1–100 letters, digits, '.', '_' or '-' (got '${name}').`,
    );
  return name;
}

/** A whole-number option within bounds, or a `USAGE` error naming it. */
export function intOption(
  values: ParsedValues,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new ArgmapError(
      "USAGE",
      `--${name} must be a whole number from ${min} to ${max} (got '${String(v)}').`,
    );
  return n;
}
