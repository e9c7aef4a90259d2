import type { Command } from "../command.js";
import { evalCommand } from "./eval.js";
import { mapCommand } from "./map.js";
import { addCommand } from "./add.js";
import { searchCommand } from "./search.js";
import { listCommand } from "./list.js";
import { showCommand } from "./show.js";
import { rmCommand } from "./rm.js";
import { exportCommand } from "./export.js";

/** Every sub-command, in the order `argmap --help` lists them. */
export const commands: Command[] = [mapCommand, evalCommand];
commands.push(addCommand, searchCommand, listCommand, showCommand, rmCommand, exportCommand);
import { importCommand } from "./import.js";
import { compareCommand } from "./compare.js";
commands.push(importCommand, compareCommand);
