import type { Command } from "../command.js";
import { dbOption, openCorpus } from "../corpus.js";

export const listCommand: Command = {
  name: "list",
  usage: "[--db argmap.db]",
  options: [
    dbOption,
    {
      name: "format",
      short: "f",
      type: "string",
      choices: ["text", "json"],
      default: "text",
      description: "output format",
    },
  ],
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
