import { ArgmapError } from "../../model/index.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";

export const rmCommand: Command = {
  name: "rm",
  usage: "<source>... [--db argmap.db]",
  options: [dbOption],
  async run({ values, positionals }, io) {
    if (positionals.length === 0)
      throw new ArgmapError("USAGE", "no source given. Usage: argmap rm <source>...");
    const store = await openCorpus(values, io);
    let missing = 0;
    try {
      for (const key of positionals) {
        const n = await store.removeSource(key);
        if (n === 0) {
          missing++;
          io.stderr.write(`argmap: no source '${key}' in the corpus\n`);
        } else io.stdout.write(`removed ${key}\n`);
      }
    } finally {
      await store.close();
    }
    return missing > 0 ? 2 : 0; // an unknown source is an input error
  },
};
