import { resolve } from "node:path";
import { compareMaps, formatComparison } from "../../import/compare.js";
import { IMPORT_FORMATS, type ImportFormat } from "../../import/formats.js";
import { ArgmapError } from "../../model/index.js";
import type { Command } from "../command.js";
import { loadMapFile } from "./import.js";
import { writeOutput } from "../output.js";

export const compareCommand: Command = {
  name: "compare",
  usage: "<gold> <predicted> [--json]",
  options: [
    { name: "json", type: "boolean", default: false, description: "print the scores as JSON" },
    {
      name: "from",
      type: "string",
      choices: ["auto", "argmap", ...IMPORT_FORMATS],
      default: "auto",
      description: "format of both inputs (guessed per file by default)",
    },
    { name: "text", type: "string", description: "source text for inputs without one (AIF, Argdown)" },
    {
      name: "min-overlap",
      type: "string",
      default: "0.5",
      description: "span overlap (share of the longer unit) for two units to match",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      description: "write the result to this file instead of stdout",
    },
  ],
  async run({ values, positionals }, io) {
    if (positionals.length !== 2)
      throw new ArgmapError(
        "USAGE",
        "give a gold and a predicted map. Usage: argmap compare <gold> <predicted>.",
      );
    const minOverlap = Number(values["min-overlap"]);
    if (!(minOverlap > 0 && minOverlap <= 1))
      throw new ArgmapError("USAGE", "--min-overlap must be in (0, 1].");
    const from = (values.from as ImportFormat | "argmap" | "auto" | undefined) ?? "auto";
    const text = typeof values.text === "string" ? resolve(io.cwd, values.text) : undefined;
    const gold = await loadMapFile(resolve(io.cwd, positionals[0]!), from, text);
    const predicted = await loadMapFile(resolve(io.cwd, positionals[1]!), from, text);
    const result = compareMaps(gold, predicted, { minOverlap });
    await writeOutput(
      values.json === true ? JSON.stringify(result, null, 2) : formatComparison(result),
      values.output as string | undefined,
      io,
    );
    return 0;
  },
};
