import type { Command } from "../command.js";

/**
 * Every sub-command, in the order `argmap --help` lists them, with its one-line summary (here
 * only: `argmap --help` and `argmap <command> --help` both read it). Each module is imported only when
 * its command runs, so `argmap --help` or `argmap list` does not load the NLP models, the HTML
 * parser or the Argdown parser (start-up stays fast).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    name: "map",
    summary: "Map files, folders, URLs or stdin (-) into ranked argument cards (or any output format).",
    load: async () => (await import("./map.js")).mapCommand,
  },
  {
    name: "eval",
    summary:
      "Score systems on a public corpus (ArgKP key point matching, CDCP, reply stance, web discourse) or support/attack relations end to end against gold maps.",
    load: async () => (await import("./eval.js")).evalCommand,
  },
  {
    name: "add",
    summary:
      "Analyse sources into the corpus database; unchanged sources are skipped, changed ones replaced.",
    load: async () => (await import("./add.js")).addCommand,
  },
  {
    name: "worker",
    summary:
      "Process the jobs of a Redis queue (argmap add --queue) into a corpus, with retries, a failed list and graceful shutdown.",
    load: async () => (await import("./worker.js")).workerCommand,
  },
  {
    name: "status",
    summary: "Show a Redis queue's queued, active, completed and failed jobs, with the failures' reasons.",
    load: async () => (await import("./status.js")).statusCommand,
  },
  {
    name: "search",
    summary: "Full-text search over claims, key points and posts in the corpus (bm25-ranked, with snippets).",
    load: async () => (await import("./search.js")).searchCommand,
  },
  {
    name: "list",
    summary: "List the sources in the corpus.",
    load: async () => (await import("./list.js")).listCommand,
  },
  {
    name: "show",
    summary: "Show one stored item (source, post, segment, unit, relation or key point) as JSON.",
    load: async () => (await import("./show.js")).showCommand,
  },
  {
    name: "rm",
    summary: "Remove a source (by id, name or uri) and everything derived from it from the corpus.",
    load: async () => (await import("./rm.js")).rmCommand,
  },
  {
    name: "export",
    summary:
      "Build a map from the stored analyses of the corpus (or some sources) and write it in any output format.",
    load: async () => (await import("./export.js")).exportCommand,
  },
  {
    name: "serve",
    summary: "Serve a web viewer and JSON API over maps of files or a corpus (cards, map, source, search).",
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "engines",
    summary: "List the engines --engine accepts, with what each can do.",
    load: async () => (await import("./engines.js")).enginesCommand,
  },
  {
    name: "import",
    summary: "Convert AIF, Argdown, brat standoff, ArgKP or comment-table CSV into argmap JSON.",
    load: async () => (await import("./import.js")).importCommand,
  },
  {
    name: "diff",
    summary:
      "What changed between two maps (files, or stored maps by id, previous or latest): new arguments, key points that grew, objections answered, cruxes.",
    load: async () => (await import("./diff.js")).diffCommand,
  },
  {
    name: "watch",
    summary:
      "Re-read a live thread (HN, Reddit, any URL) or a growing file or folder, store what is new, and print what changed each round.",
    load: async () => (await import("./watch.js")).watchCommand,
  },
  {
    name: "compare",
    summary: "Score a predicted map against a gold map: unit overlap F1 and support/attack relation F1.",
    load: async () => (await import("./compare.js")).compareCommand,
  },
];
