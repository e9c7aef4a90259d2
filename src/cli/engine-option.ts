/** The `--engine` option of `map`, `add` and `eval`, and its resolution through the engine registry. */
import { isAbsolute, resolve } from "node:path";
import type { Engine } from "../engines/engine.js";
import { resolveEngine } from "../engines/registry.js";
import type { CliIO, OptionSpec, ParsedValues } from "./command.js";

export const ENGINE_OPTION: OptionSpec = {
  name: "engine",
  type: "string",
  default: "classic",
  description: "engine to run: a registered name (see argmap engines) or a path to an engine module",
};

/** The engine `--engine` names; module paths are taken relative to the command's working directory. */
export function engineFrom(values: ParsedValues, io: CliIO): Promise<Engine> {
  const name = typeof values.engine === "string" ? values.engine : "classic";
  const plugin = /[\\/]|\.[cm]?js$/.test(name) && !name.startsWith("file:") && !isAbsolute(name);
  return resolveEngine(plugin ? resolve(io.cwd, name) : name);
}
