/**
 * `argmap add --queue redis://… <sources…>`: read the sources as `add` does and enqueue one
 * analysis job per source (job id = content hash) instead of analysing them here.
 */
import { readInputs } from "../../api.js";
import { connectQueue, enqueueSources, parseRedisUrl, type EnqueueResult } from "../../queue/index.js";
import type { CliIO, OptionSpec, ParsedValues } from "../command.js";
import { inputOptions } from "../input-options.js";
import { intOption, QUEUE_NAME_OPTION, QUEUE_OPTION, queueNameOf } from "../queue-options.js";
import { reportDiagnostics, resolveInputs } from "./map.js";

/** The options `add` takes for queueing. */
export const ADD_QUEUE_OPTIONS: OptionSpec[] = [
  {
    ...QUEUE_OPTION,
    description: `enqueue the sources for argmap worker instead of analysing them: ${QUEUE_OPTION.description}`,
  },
  QUEUE_NAME_OPTION,
  {
    name: "attempts",
    type: "string",
    default: "3",
    description: "with --queue: tries per job before it goes to the failed list",
  },
  {
    name: "backoff",
    type: "string",
    default: "1000",
    description: "with --queue: ms before the first retry, doubling for each later one",
  },
];

function describeResult(r: EnqueueResult): string {
  const what = `${r.name} (${r.id})`;
  switch (r.outcome) {
    case "queued":
      return `queued ${what}`;
    case "requeued":
      return `requeued ${what}: it had failed (${r.previousFailure ?? "no reason recorded"})`;
    case "already-queued":
      return `already queued ${what}`;
    case "already-active":
      return `already running ${what}`;
    case "already-done":
      return `already done ${what}`;
  }
}

export async function enqueueInputs(values: ParsedValues, positionals: string[], io: CliIO): Promise<number> {
  const target = parseRedisUrl(values.queue as string);
  const queueName = queueNameOf(values);
  const retry = {
    attempts: intOption(values, "attempts", 3, 1, 100),
    backoffMs: intOption(values, "backoff", 1000, 0, 86_400_000),
  };
  const options = inputOptions(values, io, positionals);
  // Connect before reading, so an unreachable Redis is reported before any slow download.
  const queue = await connectQueue(target, queueName);
  try {
    const { sources, diagnostics, failed } = await readInputs(resolveInputs(positionals, io), options);
    const results = await enqueueSources(queue, sources, {
      diagnostics,
      from: options.format ?? "auto",
      retry,
    });
    for (const r of results) io.stdout.write(`${describeResult(r)}\n`);
    const queued = results.filter((r) => r.outcome === "queued" || r.outcome === "requeued").length;
    io.stderr.write(
      `${queued} of ${results.length} sources enqueued on ${target.shown} (queue ${queueName})\n`,
    );
    reportDiagnostics(diagnostics, io);
    return failed.length > 0 ? 2 : 0;
  } finally {
    await queue.close();
  }
}
