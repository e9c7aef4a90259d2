import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { readArgKp } from "../../datasets/argkp.js";
import { importAif } from "../../import/aif.js";
import { importArgKp } from "../../import/argkp.js";
import { importBrat } from "../../import/brat.js";
import { importCommentTable } from "../../import/comment-table.js";
// The Argdown importer (@argdown/core with lodash-es, ≈700 modules) loads only for Argdown input.
import { IMPORT_FORMATS, type ImportFormat } from "../../import/formats.js";
import { ArgmapError, ArgumentMap } from "../../model/index.js";
import type { CliIO, Command } from "../command.js";
import { writeOutput } from "../output.js";

function readText(path: string, what: string): string {
  if (!existsSync(path))
    throw new ArgmapError("INPUT_NOT_FOUND", `${what} not found: ${path}.`, { input: path });
  if (statSync(path).isDirectory())
    throw new ArgmapError("INPUT_IS_DIRECTORY", `${what} is a directory: ${path}.`, { input: path });
  return readFileSync(path, "utf8");
}

/** Guess the format of a file from its name (and, for JSON, its content). */
export function guessFormat(path: string): ImportFormat | "argmap" {
  const ext = extname(path).toLowerCase();
  if (ext === ".json")
    return /"format"\s*:\s*"argmap"/.test(readText(path, "input").slice(0, 4096)) ? "argmap" : "aif";
  if (ext === ".argdown" || ext === ".ad") return "argdown";
  if (ext === ".ann") return "brat";
  if (ext === ".csv") return /^arguments_.+\.csv$/.test(basename(path)) ? "argkp" : "csv";
  throw new ArgmapError(
    "USAGE",
    `cannot tell the format of ${path}; give --from ${IMPORT_FORMATS.join("|")}.`,
    { input: path },
  );
}

/**
 * Load a file as an ArgumentMap: argmap JSON (validated) or any importable format.
 * `textPath` gives the source text for formats without one (AIF, Argdown); otherwise the `.txt`
 * beside the file is used when it exists.
 */
export async function loadMapFile(
  path: string,
  from: ImportFormat | "argmap" | "auto",
  textPath?: string,
): Promise<ArgumentMap> {
  const format = from === "auto" ? guessFormat(path) : from;
  const name = basename(path);
  const besideTxt = join(dirname(path), basename(path, extname(path)) + ".txt");
  const text =
    textPath !== undefined
      ? readText(textPath, "--text file")
      : existsSync(besideTxt) && besideTxt !== path
        ? readFileSync(besideTxt, "utf8")
        : undefined;
  switch (format) {
    case "argmap": {
      let raw: unknown;
      try {
        raw = JSON.parse(readText(path, "input"));
      } catch (error) {
        throw new ArgmapError("INPUT_MALFORMED", `${path} is not JSON: ${(error as Error).message}`, {
          input: path,
          cause: error,
        });
      }
      const parsed = ArgumentMap.safeParse(raw);
      if (!parsed.success)
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${path} is not a valid argmap map: ${parsed.error.issues[0]?.message ?? ""}`,
          { input: path },
        );
      return parsed.data;
    }
    case "aif":
      return importAif(readText(path, "input"), { name, ...(text !== undefined ? { text } : {}) });
    case "argdown": {
      const { importArgdown } = await import("../../import/argdown.js");
      return importArgdown(readText(path, "input"), { name, ...(text !== undefined ? { text } : {}) });
    }
    case "brat": {
      const ann = path.endsWith(".txt") ? path.slice(0, -4) + ".ann" : path;
      const txt = textPath ?? ann.slice(0, -extname(ann).length) + ".txt";
      return importBrat(readText(txt, "brat text (.txt)"), readText(ann, "brat annotations (.ann)"), {
        name: basename(txt),
      });
    }
    case "argkp": {
      const isDir = existsSync(path) && statSync(path).isDirectory();
      const dir = isDir ? path : dirname(path);
      const m = /^arguments_(.+)\.csv$/.exec(basename(path));
      const splits = isDir
        ? readdirSync(dir).flatMap((f) => /^arguments_(.+)\.csv$/.exec(f)?.[1] ?? [])
        : m
          ? [m[1]!]
          : [];
      if (splits.length !== 1) {
        throw new ArgmapError(
          "USAGE",
          `give one ArgKP arguments_<split>.csv file (found ${splits.length} splits in ${dir}).`,
          { input: path },
        );
      }
      return importArgKp(readArgKp(dir, splits[0]!));
    }
    case "csv":
      return importCommentTable(readText(path, "input"), { name });
  }
}

export const importCommand: Command = {
  name: "import",
  usage: "<file> [--from aif|argdown|brat|argkp|csv] [--text source.txt] [-o out.json]",
  options: [
    {
      name: "from",
      type: "string",
      choices: ["auto", ...IMPORT_FORMATS],
      default: "auto",
      description: "input format (guessed from the file name by default)",
    },
    {
      name: "text",
      type: "string",
      description: "source text the annotations refer to (AIF, Argdown); default: the .txt beside the file",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      description: "write the map JSON to this file instead of stdout",
    },
  ],
  async run({ values, positionals }, io: CliIO) {
    if (positionals.length !== 1)
      throw new ArgmapError("USAGE", "give exactly one file. Usage: argmap import <file> [--from FORMAT].");
    const path = resolve(io.cwd, positionals[0]!);
    const textPath = typeof values.text === "string" ? resolve(io.cwd, values.text) : undefined;
    const map = await loadMapFile(
      path,
      (values.from as ImportFormat | "auto" | undefined) ?? "auto",
      textPath,
    );
    await writeOutput(JSON.stringify(map, null, 2), values.output as string | undefined, io);
    for (const d of map.diagnostics.filter((x) => x.severity !== "info"))
      io.stderr.write(`argmap: ${d.severity}: ${d.message} [${d.rule}]\n`);
    return 0;
  },
};
