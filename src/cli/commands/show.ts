import { ArgmapError } from "../../model/index.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";

export const showCommand: Command = {
  name: "show",
  usage: "<id> [--db argmap.db]",
  options: [dbOption],
  async run({ values, positionals }, io) {
    const id = positionals[0];
    if (id === undefined) throw new ArgmapError("USAGE", "no id given. Usage: argmap show <id>");
    const store = await openCorpus(values, io, { readonly: true });
    try {
      const item = await store.getItem(id);
      if (!item)
        throw new ArgmapError(
          "DATA_NOT_FOUND",
          `no item '${id}' in the corpus. 'argmap list' and 'argmap search' show ids.`,
        );
      io.stdout.write(JSON.stringify(item, null, 2) + "\n");
    } finally {
      await store.close();
    }
    return 0;
  },
};
