/**
 * The CLI's typed command table: one `Command` per sub-command; its `options` feed the argument
 * parser and `--help` alike. Commands write data to `io.stdout` and messages to `io.stderr`, and
 * return an exit code (0 ok, 1 failed run, 2 usage or input error).
 */
export interface OptionSpec {
  name: string;
  short?: string;
  type: "string" | "boolean";
  description: string;
  /** Allowed values, listed in --help and checked by the parser. */
  choices?: readonly string[];
  default?: string | boolean;
  multiple?: boolean;
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  /** Usage line after `argmap <name>`, e.g. `<file|dir|->...`. */
  usage: string;
  options: readonly OptionSpec[];
  run(args: { values: ParsedValues; positionals: string[] }, io: CliIO): Promise<number>;
}
