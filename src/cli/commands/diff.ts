import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { diffMaps, DIFF_FORMATS, renderDiff, type DiffFormat } from "../../diff/index.js";
import { ArgmapError } from "../../model/index.js";
import type { CliIO, Command, ParsedValues } from "../command.js";
import { openCorpus } from "../corpus.js";
import { findStoredMap, type StoredMap } from "../corpus-map.js";
import { ENGINE_OPTION, engineFrom } from "../engine-option.js";
import { writeOutput } from "../output.js";
import { loadMapFile } from "./import.js";

interface Side {
  map: StoredMap["map"];
  label: string;
  createdAt?: string;
  id?: number;
}

const STORED_REF = /^(?:[1-9]\d{0,15}|previous|latest)$/;

/** A map file, or with `--db` a stored map (id, previous, latest, a time); `previous` is relative to `before`. */
async function loadSide(ref: string, values: ParsedValues, io: CliIO, before?: number): Promise<Side> {
  const path = resolve(io.cwd, ref);
  if (existsSync(path) && !(values.db !== undefined && STORED_REF.test(ref)))
    return { map: await loadMapFile(path, "argmap"), label: basename(path) };
  if (values.db === undefined)
    throw new ArgmapError(
      "INPUT_NOT_FOUND",
      `${ref}: no such map file. Give two argmap JSON files, or --db <corpus> with map ids, previous, latest or a time.`,
      { input: ref },
    );
  const store = await openCorpus(values, io, { readonly: true });
  try {
    return await findStoredMap(store, ref, before);
  } finally {
    await store.close();
  }
}

export const diffCommand: Command = {
  name: "diff",
  usage: "<old> <new> [--db argmap.db] [--format cards|md|json]",
  options: [
    {
      name: "format",
      short: "f",
      type: "string",
      choices: DIFF_FORMATS,
      default: "cards",
      description: "cards (a short digest), md, or json (schema/argmap-diff.schema.json)",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      description: "write the result to this file instead of stdout",
    },
    {
      name: "db",
      type: "string",
      description: "corpus whose stored maps <old> and <new> name: a map id, previous, latest, or a time",
    },
    ENGINE_OPTION,
  ],
  async run({ values, positionals }, io) {
    if (positionals.length !== 2)
      throw new ArgmapError(
        "USAGE",
        "give two maps. Usage: argmap diff <old.json> <new.json>, or argmap diff previous latest --db argmap.db.",
      );
    const next = await loadSide(positionals[1]!, values, io);
    const old = await loadSide(positionals[0]!, values, io, next.id);
    const scorer = (await engineFrom(values, io)).keyPointScorer?.();
    const diff = await diffMaps(old.map, next.map, {
      ...(scorer ? { scorer } : {}),
      oldLabel: old.label,
      newLabel: next.label,
      ...(old.createdAt !== undefined ? { oldCreatedAt: old.createdAt } : {}),
      ...(next.createdAt !== undefined ? { newCreatedAt: next.createdAt } : {}),
    });
    await writeOutput(renderDiff(diff, values.format as DiffFormat), values.output as string | undefined, io);
    return 0;
  },
};
