import { connectQueue, parseRedisUrl, startWorker, type WorkerEvent } from "../../queue/index.js";
import type { CliIO, Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";
import { intOption, QUEUE_NAME_OPTION, QUEUE_OPTION, queueNameOf, queueUrlOf } from "../queue-options.js";

/** How long a worker waits for another writer's lock on a SQLite corpus before a try fails. */
const STORE_BUSY_TIMEOUT_MS = 30_000;

/** One line per job event: results on stdout, progress and failures on stderr. */
function report(event: WorkerEvent, io: CliIO): void {
  switch (event.type) {
    case "start":
      io.stderr.write(`processing ${event.name} (${event.id}), attempt ${event.attempt}\n`);
      return;
    case "done": {
      const r = event.result;
      const units = r.argumentativeUnits !== undefined ? `, ${r.argumentativeUnits} argumentative units` : "";
      io.stdout.write(`${r.outcome} ${r.name} (${r.sourceId}): ${r.posts} posts${units}\n`);
      return;
    }
    case "failed":
      io.stderr.write(
        `${event.final ? "failed" : "will retry"} ${event.name} (${event.id}) after attempt ${event.attempt}: ${event.reason}\n`,
      );
      return;
    case "stalled":
      io.stderr.write(`job ${event.id} stalled (its worker stopped answering); it goes back to the queue\n`);
      return;
    case "error":
      io.stderr.write(`argmap worker: ${event.message}\n`);
  }
}

export const workerCommand: Command = {
  name: "worker",
  usage: "--queue redis://host:port [--db argmap.db] [--concurrency N] [--engine classic]",
  options: [
    QUEUE_OPTION,
    QUEUE_NAME_OPTION,
    { ...dbOption, description: "corpus the results are stored in: a SQLite file or a store URL" },
    { name: "concurrency", type: "string", default: "1", description: "jobs this worker runs at once" },
    {
      name: "lock-ms",
      type: "string",
      default: "30000",
      description: "job lock time: a dead worker's job is taken over after about this long (up to twice it)",
    },
    {
      name: "until-empty",
      type: "boolean",
      description:
        "exit once no job is waiting, retrying or running (a batch run) instead of waiting for more",
    },
    ENGINE_OPTION,
    ...LLM_OPTIONS,
  ],
  async run({ values }, io) {
    const target = parseRedisUrl(queueUrlOf(values, "worker"));
    const queueName = queueNameOf(values);
    const concurrency = intOption(values, "concurrency", 1, 1, 256);
    const lockMs = intOption(values, "lock-ms", 30_000, 1000, 3_600_000);
    // Redis first: an unreachable queue is reported before the engine loads or a corpus is created.
    const queue = await connectQueue(target, queueName);
    let engine;
    let store;
    try {
      engine = await engineFrom(values, io);
      store = await openCorpus(values, io, { busyTimeoutMs: STORE_BUSY_TIMEOUT_MS });
    } catch (error) {
      await queue.close();
      throw error;
    }
    let abandoned = false;
    try {
      const worker = await startWorker({
        target,
        queueName,
        queue,
        engine,
        store,
        concurrency,
        lockMs,
        untilEmpty: values["until-empty"] === true,
        onEvent: (event) => report(event, io),
      });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          io.stderr.write(`${signal}: finishing the jobs in hand, then stopping (again to abandon them)\n`);
          void worker.stop();
        } else {
          io.stderr.write(
            `${signal}: abandoning the jobs in hand; they return to the queue when their lock expires\n`,
          );
          void worker.stop({ force: true });
        }
      };
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
      io.stderr.write(
        `worker on ${target.shown} (queue ${queueName}), concurrency ${concurrency}, engine ${engine.name}\n`,
      );
      try {
        const summary = await worker.done;
        abandoned = summary.abandoned !== undefined;
        const why =
          summary.abandoned !== undefined
            ? ` (${summary.abandoned}: any job in hand returns to the queue when its lock expires)`
            : "";
        io.stderr.write(
          `worker stopped: ${summary.completed} jobs done, ${summary.failed} failed for good${why}\n`,
        );
      } finally {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      }
    } finally {
      await store.close();
    }
    reportEngineUsage(engine, io);
    // A worker that gave up on Redis may leave ioredis reconnecting; the run is over all the same.
    if (abandoned) setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
    return 0;
  },
};
