import { classicEngine } from "../../engines/classic/index.js";
import { renderJson } from "../../export/index.js";
import { buildMap } from "../../pipeline/index.js";
import type { AnalysisFilter } from "../../store/port.js";
import type { Command } from "../command.js";
import { dbOption, openCorpus } from "./add.js";
import { writeOutput } from "./map.js";

export const exportCommand: Command = {
  name: "export",
  summary: "Build a map from the stored analyses of the corpus (or some sources) and write it as JSON.",
  usage: "[--db argmap.db] [--source s]... [--query q] [-o file]",
  options: [
    dbOption,
    { name: "source", type: "string", multiple: true, description: "only these sources (id, name or uri)" },
    { name: "query", type: "string", description: "only sources with a post or unit matching this query" },
    { name: "format", short: "f", type: "string", choices: ["json"], default: "json", description: "output format" },
    { name: "output", short: "o", type: "string", description: "write to this file instead of stdout" },
  ],
  async run({ values }, io) {
    const filter: AnalysisFilter = {};
    if (Array.isArray(values.source)) filter.sourceIds = values.source;
    else if (typeof values.source === "string") filter.sourceIds = [values.source];
    if (typeof values.query === "string") filter.query = values.query;
    const store = openCorpus(values, io, { readonly: true });
    let analyses;
    try {
      analyses = store.loadAnalyses(filter);
    } finally {
      store.close();
    }
    const map = buildMap(analyses, { engine: classicEngine });
    await writeOutput(renderJson(map), values.output as string | undefined, io);
    return 0;
  },
};
