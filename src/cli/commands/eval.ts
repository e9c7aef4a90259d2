/**
 * `argmap eval <argkp|cdcp|web-discourse|relations|cards> --data <dir>`: score systems on a public corpus and
 * print one table (systems × metrics) or JSON. See src/eval/systems.ts for the systems.
 * Every task scores a non-default `--engine` end to end beside its trained systems, as the
 * system `engine:<name>`, and prints the engine's calls, tokens and cost at the end.
 */
import { resolve } from "node:path";
import { ArgmapError } from "../../model/index.js";
import { formatJson, formatTable } from "../../eval/report.js";
import { selectSystems, type TaskResult } from "../../eval/result.js";
import type { Command } from "../command.js";
import { ENGINE_OPTION, LLM_OPTIONS, engineFrom, reportEngineUsage } from "../engine-option.js";

const TASKS = ["argkp", "argkp-pipeline", "cdcp", "stance", "web-discourse", "relations", "cards"] as const;

function parseFolds(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 2) {
    throw new ArgmapError("USAGE", `--folds must be an integer ≥ 2 (got '${String(value)}').`);
  }
  return n;
}

export const evalCommand: Command = {
  name: "eval",
  usage:
    "<argkp|cdcp|stance|web-discourse|relations|cards> --data <dir> [--split dev|train|test] [--folds k] [--system name...] [--engine name] [--json]",
  options: [
    {
      name: "data",
      short: "d",
      type: "string",
      description:
        "corpus directory (web-discourse: the .jsonl file or its directory; relations: a folder of brat/AIF/argmap gold maps, argmap-dev threads, a CDCP folder, web discourse, argmap-dev or the shared data folder for all four; cards: argmap-dev/threads)",
    },
    {
      name: "split",
      type: "string",
      description: "argkp: split to evaluate on (any name with the same file layout)",
      default: "dev",
    },
    {
      name: "folds",
      short: "k",
      type: "string",
      description:
        "k-fold cross-validation (argkp: by topic on --split; cdcp default 5; web-discourse default 10)",
    },
    {
      name: "system",
      short: "s",
      type: "string",
      multiple: true,
      description: "only these systems (repeatable; default: all of the task)",
    },
    { name: "json", type: "boolean", description: "print JSON instead of a table" },
    ENGINE_OPTION,
    ...LLM_OPTIONS,
  ],
  async run({ values, positionals }, io) {
    const [task, ...extra] = positionals;
    if (task === undefined || !(TASKS as readonly string[]).includes(task) || extra.length > 0) {
      throw new ArgmapError(
        "USAGE",
        `expected one task: ${TASKS.join(", ")} (got '${positionals.join(" ")}'). See 'argmap eval --help'.`,
      );
    }
    if (typeof values.data !== "string" || values.data === "") {
      throw new ArgmapError(
        "USAGE",
        `--data <dir> is required (e.g. --data ../shared/data/${task.startsWith("argkp") ? "argkp-2021" : task === "cdcp" ? "cdcp/train" : task === "stance" ? "" : task === "cards" ? "argmap-dev/threads" : "web-discourse"}).`,
      );
    }
    const data = resolve(io.cwd, values.data);
    const folds = parseFolds(values.folds);
    const names = Array.isArray(values.system) ? values.system : [];
    const unknown = (msg: string) => new ArgmapError("USAGE", msg);
    let result: TaskResult;
    // A non-default --engine is scored end to end as the system `engine:<name>`, beside the
    // task's trained systems (see src/eval/engine-system.ts).
    const engine =
      values.engine !== undefined && values.engine !== "classic" ? await engineFrom(values, io) : undefined;
    const engineSystems = engine ? await import("../../eval/engine-system.js") : undefined;
    // Each task's code (datasets, systems, importers, models) loads only when that task runs.
    const { argKpSystems, cdcpSystems, webDiscourseSystems } = await import("../../eval/systems.js");
    if (task === "argkp") {
      const { runArgKp } = await import("../../eval/tasks/argkp.js");
      const split = typeof values.split === "string" ? values.split : "dev";
      result = await runArgKp({
        dir: data,
        split,
        ...(folds !== undefined ? { folds } : {}),
        systems: selectSystems(
          engine ? [...argKpSystems, engineSystems!.engineArgKpSystem(engine)] : argKpSystems,
          names,
          unknown,
        ),
      });
    } else if (task === "argkp-pipeline") {
      // Key points generated from the arguments, compared with the gold ones (src/eval/tasks/argkp-pipeline.ts).
      const { engineMatcherSystem, runArgKpPipeline, shippedMatcherSystem } =
        await import("../../eval/tasks/argkp-pipeline.js");
      const registry = [
        ...argKpSystems,
        ...(argKpSystems.some((s) => s.name === shippedMatcherSystem.name) ? [] : [shippedMatcherSystem]),
        engineMatcherSystem,
        ...(engine ? [engineSystems!.engineArgKpSystem(engine)] : []),
      ];
      result = await runArgKpPipeline({
        dir: data,
        split: typeof values.split === "string" ? values.split : "dev",
        systems: selectSystems(registry, names, unknown),
      });
    } else if (task === "cdcp") {
      const { runCdcp } = await import("../../eval/tasks/cdcp.js");
      result = await runCdcp({
        dir: data,
        ...(folds !== undefined ? { folds } : {}),
        systems: selectSystems(
          engine ? [...cdcpSystems, engineSystems!.engineCdcpSystem(engine)] : cdcpSystems,
          names,
          unknown,
        ),
      });
    } else if (task === "relations") {
      const { relationSystems, runRelations } = await import("../../eval/tasks/relations.js");
      const { classicEngine } = await import("../../engines/classic/index.js");
      const registry = relationSystems(engine ?? classicEngine);
      result = await runRelations({
        path: data,
        systems: selectSystems(registry, names, unknown),
        ...(engine ? { engine } : {}),
      });
    } else if (task === "cards") {
      const { CARDS_SYSTEMS, runCards } = await import("../../eval/tasks/cards.js");
      result = await runCards({
        dir: data,
        systems: selectSystems(CARDS_SYSTEMS, names, unknown),
        ...(engine ? { engine } : {}),
      });
    } else if (task === "stance") {
      const { runStance, STANCE_ALL_SYSTEMS } = await import("../../eval/tasks/stance.js");
      // Every pair corpus under --data (perspectrum/, nixon-kennedy/, ibm-claim-stance/,
      // ibm-argq-30k/, argmap-dev/threads/), each on its held-out split.
      const available = [...STANCE_ALL_SYSTEMS, ...(engine ? [`engine:${engine.name}`] : [])];
      for (const n of names)
        if (!available.includes(n))
          throw unknown(`unknown system '${n}'; available: ${available.join(", ")}`);
      result = await runStance({ dir: data, systems: names, ...(engine ? { engine } : {}) });
    } else {
      const { runWebDiscourse } = await import("../../eval/tasks/web-discourse.js");
      // Classic's own end-to-end rows, retrained per fold, are the `engine-w*` systems.
      const registry = engine
        ? [...webDiscourseSystems, engineSystems!.engineWdSystem(engine)]
        : webDiscourseSystems;
      result = await runWebDiscourse({
        path: data,
        ...(folds !== undefined ? { folds } : {}),
        systems: selectSystems(registry, names, unknown),
      });
    }
    if (engine) reportEngineUsage(engine, io);
    io.stdout.write(values.json ? formatJson(result) : formatTable(result));
    return 0;
  },
};
