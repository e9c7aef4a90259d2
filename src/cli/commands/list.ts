import type { Command } from "../command.js";
import { dbOption, openCorpus, TEXT_OR_JSON } from "../corpus.js";

export const listCommand: Command = {
  name: "list",
  usage: "[--db argmap.db]",
  options: [dbOption, TEXT_OR_JSON],
  async run({ values }, io) {
    const store = await openCorpus(values, io, { readonly: true });
    try {
      const sources = await store.listSources();
      if (values.format === "json") io.stdout.write(JSON.stringify(sources, null, 2) + "\n");
      else
        for (const s of sources)
          io.stdout.write(
            `${s.id}  ${s.name}  ${s.posts} posts, ${s.units} units, ${s.relations} relations  (${s.addedAt})\n`,
          );
    } finally {
      await store.close();
    }
    return 0;
  },
};
