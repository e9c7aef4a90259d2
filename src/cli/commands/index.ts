import type { Command } from "../command.js";
import { evalCommand } from "./eval.js";
import { mapCommand } from "./map.js";

/** Every sub-command, in the order `argmap --help` lists them. */
export const commands: Command[] = [mapCommand, evalCommand];
