import type { Command } from "../command.js";
import { dbOption } from "../corpus.js";
import { OUTPUT_FORMATS, mapCorpus, renderMapChunks, writeOutput, type OutputFormat } from "./map.js";

export const exportCommand: Command = {
  name: "export",
  usage: "[--db argmap.db] [--source s]... [--query q] [-o file]",
  options: [
    dbOption,
    { name: "source", type: "string", multiple: true, description: "only these sources (id, name or uri)" },
    { name: "query", type: "string", description: "only sources with a post or unit matching this query" },
    {
      name: "format",
      short: "f",
      type: "string",
      choices: OUTPUT_FORMATS,
      default: "json",
      description: "output format",
    },
    { name: "output", short: "o", type: "string", description: "write to this file instead of stdout" },
  ],
  async run({ values }, io) {
    const { map } = await mapCorpus(values, io);
    await writeOutput(
      renderMapChunks(map, values.format as OutputFormat, { color: false, limit: 10 }),
      values.output as string | undefined,
      io,
    );
    return 0;
  },
};
