import { listEngines } from "../../engines/registry.js";
import type { Command } from "../command.js";

/** `argmap engines`: the registered engines, what they do and what they need. */
export const enginesCommand: Command = {
  name: "engines",
  usage: "[--json]",
  options: [{ name: "json", type: "boolean", description: "print JSON instead of a table" }],
  async run({ values }, io) {
    const engines = listEngines().map((d) => ({ name: d.name, summary: d.summary, ...d.capabilities }));
    if (values.json === true) {
      io.stdout.write(JSON.stringify(engines, null, 2) + "\n");
      return 0;
    }
    const width = Math.max(...engines.map((e) => e.name.length), 4);
    for (const e of engines) {
      const tags = [e.network ? "network" : "offline", ...(e.abstractive ? ["abstractive"] : [])].join(", ");
      io.stdout.write(`${e.name.padEnd(width)}  ${e.summary} [${tags}]\n`);
    }
    io.stdout.write(
      "\nA path to an ES module whose default export is an engine works too: --engine ./my-engine.mjs\n",
    );
    return 0;
  },
};
