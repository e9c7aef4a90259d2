/**
 * Start-up of each command on a tiny input: the built CLI (`bin/argmap.js`, needs `npm run build`)
 * run as a user would, `ARGMAP_BENCH_STARTUP_RUNS` rounds (default 5) interleaved with a bare
 * `node -e ""` (the floor: Node's own start-up, measured in the same rounds), median wall time of
 * each. Commands that need a corpus get a tiny one made by `argmap add` first; commands whose
 * input is a public corpus (eval) or an interchange file are timed on `--help`, which loads the
 * command's modules. With `ARGMAP_BENCH_BASELINE=<another built checkout>` each command also runs
 * from that checkout in the same rounds (rows prefixed `baseline:`), for before/after figures.
 * Prints one JSON line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./util.js";

export interface StartupRow {
  command: string;
  medianMs: number;
  /** Median minus the bare-node median of the same rounds. */
  overNodeMs: number;
  runs: number;
}

const bin = fileURLToPath(new URL("../bin/argmap.js", import.meta.url));
const dist = fileURLToPath(new URL("../dist/bundle/cli/main.js", import.meta.url));

function timeRun(args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`bench/startup: ${args.slice(1).join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function benchStartup(runs = Number(process.env.ARGMAP_BENCH_STARTUP_RUNS ?? 5)): StartupRow[] {
  if (!existsSync(dist)) throw new Error("bench/startup: dist/ is missing; run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "argmap-startup-"));
  try {
    writeFileSync(
      join(dir, "tiny.txt"),
      "We should ban cars downtown. Because they pollute the air and kill people.\n",
    );
    const db = join(dir, "corpus.db");
    timeRun([bin, "add", "tiny.txt", "--db", db], dir);
    timeRun([bin, "map", "tiny.txt", "-f", "json", "-o", "tiny.json"], dir);
    const perBin = (b: string): [string, string[]][] => [
      ["--help", [b, "--help"]],
      ["map tiny.txt", [b, "map", "tiny.txt"]],
      ["add tiny.txt (unchanged)", [b, "add", "tiny.txt", "--db", db]],
      ["list", [b, "list", "--db", db]],
      ["search cars", [b, "search", "cars", "--db", db]],
      ["export -f json", [b, "export", "--db", db, "-f", "json"]],
      ["engines", [b, "engines"]],
      ["compare tiny.json tiny.json", [b, "compare", "tiny.json", "tiny.json"]],
      ["eval --help", [b, "eval", "--help"]],
      ["import --help", [b, "import", "--help"]],
      ["show --help", [b, "show", "--help"]],
      ["rm --help", [b, "rm", "--help"]],
    ];
    const base = process.env.ARGMAP_BENCH_BASELINE;
    const after = perBin(bin);
    const before = base ? perBin(join(base, "bin/argmap.js")) : [];
    // Each command right next to its baseline run, so load on the machine hits both alike.
    const commands: [string, string[]][] = [
      ["node -e ''", ["-e", ""]],
      ...after.flatMap((row, i): [string, string[]][] =>
        before[i] ? [row, [`baseline: ${before[i][0]}`, before[i][1]]] : [row],
      ),
    ];
    const times = commands.map((): number[] => []);
    timeRun(commands[2]![1], dir); // warm the file system cache once
    for (let r = 0; r < runs; r++) commands.forEach(([, args], i) => times[i]!.push(timeRun(args, dir)));
    const floor = median(times[0]!);
    return commands.map(([command], i) => ({
      command,
      medianMs: median(times[i]!),
      overNodeMs: median(times[i]!) - floor,
      runs,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(benchStartup()));
}
