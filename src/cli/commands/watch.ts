import { resolve } from "node:path";
import { DIFF_FORMATS, type DiffFormat } from "../../diff/index.js";
import { isUrl } from "../../ingest/index.js";
import { ArgmapError } from "../../model/index.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";
import { parseDuration } from "../corpus-map.js";
import { ENGINE_OPTION, engineFrom } from "../engine-option.js";
import { INPUT_OPTIONS, inputOptions, poolOptions, RUN_OPTIONS } from "../input-options.js";
import { watchSource } from "../watch.js";

export const watchCommand: Command = {
  name: "watch",
  usage: "<url|file|folder> --db argmap.db [--every 10m]",
  options: [
    dbOption,
    { name: "every", type: "string", default: "10m", description: "time between rounds: 10m, 30s, 1h, …" },
    {
      name: "format",
      short: "f",
      type: "string",
      choices: DIFF_FORMATS,
      default: "cards",
      description: "each round's digest: cards, md, or json (one line per round)",
    },
    { name: "rounds", type: "string", description: "stop after this many rounds (default: until Ctrl-C)" },
    {
      name: "backoff",
      type: "string",
      default: "30s",
      description: "first wait before retrying a failed read (429, 5xx, network); doubled per retry",
    },
    { name: "retries", type: "string", default: "5", description: "retries of a failed read per round" },
    ...INPUT_OPTIONS,
    ...RUN_OPTIONS,
    ENGINE_OPTION,
  ],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1)
      throw new ArgmapError(
        "USAGE",
        "give one URL, file or folder. Usage: argmap watch <url|file|folder> --db argmap.db.",
      );
    const whole = (name: string, min: number) => {
      const n = Number(values[name]);
      if (!Number.isInteger(n) || n < min)
        throw new ArgmapError(
          "USAGE",
          `--${name} must be a whole number of at least ${min} (got '${String(values[name])}').`,
        );
      return n;
    };
    const given = positionals[0]!;
    const input = isUrl(given) || io.cwd === process.cwd() ? given : resolve(io.cwd, given);
    const plan = {
      input,
      everyMs: parseDuration(String(values.every), "--every"),
      ...(values.rounds !== undefined ? { rounds: whole("rounds", 1) } : {}),
      backoffMs: parseDuration(String(values.backoff), "--backoff"),
      retries: whole("retries", 0),
      format: values.format as DiffFormat,
      read: inputOptions(values, io, positionals),
    };
    const engine = await engineFrom(values, io);
    const store = await openCorpus(values, io);
    // Ctrl-C (or SIGTERM): finish the round in hand, store it, and end with 0; a second one ends now.
    const stop = new AbortController();
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130);
      io.stderr.write("argmap: stopping after this round (Ctrl-C again to stop now).\n");
      stop.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      await watchSource(plan, {
        store,
        engine,
        pool: poolOptions(values, io),
        io,
        signal: stop.signal,
        quiet: values.quiet === true,
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await store.close();
    }
    return 0;
  },
};
