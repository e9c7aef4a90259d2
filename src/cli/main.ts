/**
 * argmap's command-line entry: parse, dispatch to a command, and turn errors into exit codes.
 * User errors print one clear line (no stack); unexpected errors print the stack and exit 1.
 * Output that cannot be written is an environment error (one line, exit 2), except a reader of
 * stdout that went away (`EPIPE`, `| head`): then the run stops quietly with exit 0.
 */
import { parseArgs } from "node:util";
// errors.js, not index.js: the schemas (zod, ≈95 modules) load only for commands that use them.
import { ArgmapError, describeError, isArgmapError } from "../model/errors.js";
import type { CliIO, Command, OptionSpec, ParsedValues } from "./command.js";
import { commands } from "./commands/index.js";
import { flushStream, OutputClosed, outputError, refuseOutputOverInput, watchStream } from "./output.js";

const VERSION = "0.1.0";

function defaultIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Node builds process.stdin on first access (≈45 ms: stream modules, a socket or file stream);
    // only a command that reads `-` touches it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

export function formatOptions(options: readonly OptionSpec[]): string {
  const rows = options.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.type === "string" ? ` <${o.choices ? o.choices.join("|") : "value"}>` : ""}`;
    const dflt = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : "";
    return [flag, o.description + dflt] as const;
  });
  rows.push(["-h, --help", "show this help"]);
  const width = Math.min(44, Math.max(...rows.map(([f]) => f.length)) + 2);
  // A flag too long for the column (long choice lists) gets its description on the next line.
  return rows
    .map(([f, d]) =>
      f.length + 2 > width ? `  ${f}\n  ${" ".repeat(width)}${d}` : `  ${f.padEnd(width)}${d}`,
    )
    .join("\n");
}

export function commandHelp(command: Command, summary: string): string {
  return `Usage: argmap ${command.name} ${command.usage}\n\n${summary}\n\nOptions:\n${formatOptions(command.options)}\n`;
}

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `argmap ${VERSION} — turn discussions and long-form writing into argument maps`,
    "",
    "Usage: argmap <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show help (also: argmap <command> --help)",
    "  -v, --version  print the version",
    "",
    "Exit codes: 0 ok, 1 the run failed, 2 usage or input error.",
    "",
  ].join("\n");
}

function parseCommandArgs(command: Command, argv: string[]): { values: ParsedValues; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const o of command.options) {
    options[o.name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ArgmapError(
      "USAGE",
      `${(error as Error).message.replace(/\. To specify.*$/s, "")}. See 'argmap ${command.name} --help'.`,
      {
        cause: error,
      },
    );
  }
  const values = { ...parsed.values } as ParsedValues;
  for (const o of command.options) {
    const v = values[o.name];
    if (v === undefined && o.default !== undefined) values[o.name] = o.default;
    if (o.choices && typeof v === "string" && !o.choices.includes(v)) {
      throw new ArgmapError("USAGE", `--${o.name} must be one of ${o.choices.join(", ")} (got '${v}').`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** Run the CLI with `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const stdoutFailure = watchStream(io.stdout);
  watchStream(io.stderr); // nowhere left to report a broken stderr; never crash on it
  let code: number;
  try {
    code = await dispatch(argv, io);
    await flushStream(io.stdout); // a failed write to stdout is reported after it happened
  } catch (error) {
    const failure = stdoutFailure();
    return reportError(failure !== undefined ? outputError(failure, "stdout") : error, io);
  }
  const failure = stdoutFailure();
  return failure === undefined ? code : reportError(outputError(failure, "stdout"), io);
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(
      `argmap: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(", ")}.\n`,
    );
    return 2;
  }
  const command = await entry.load();
  const args = parseCommandArgs(command, rest);
  if (args.values.help) {
    io.stdout.write(commandHelp(command, entry.summary));
    return 0;
  }
  const { output, db } = args.values;
  if (typeof output === "string")
    await refuseOutputOverInput(
      output,
      [...args.positionals, ...(typeof db === "string" ? [db] : [])],
      io.cwd,
    );
  return await command.run(args, io);
}

export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof OutputClosed) return 0;
  if (isArgmapError(error) && error.isUserError) {
    io.stderr.write(`argmap: ${describeError(error)}\n`);
    return 2;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`argmap: internal error (please report it): ${detail}\n`);
  return 1;
}
