/**
 * `npm run bench`: each benchmark runs in its own process (so peak memory is its own) and prints
 * one JSON line; this runner prints tables. Figures are ratios against a baseline measured in the
 * same run wherever one exists (bare `node` for start-up, bare wink-nlp tokenisation for map).
 *
 * Default (≈5–10 min on a loaded 2-core machine): start-up per command (needs `npm run build`),
 * the map/tokenisation ratio at 1 MB, map growth at 1 and 10 MB, key points at 10k and 100k units,
 * ingest, store, the serve load check (200 clients for 20 s on a 100,000-post corpus), throughput
 * by worker threads (`jobs`: 1, 2 and all cores on an 8 MB JSONL) and map growth by posts
 * (`growth`: 1k, 10k, 100k), and peak RSS of `map --spill` and `add --jobs 2` at 12, 25, 50 and
 * 100 MB (`spill`, ≈1 h; `ARGMAP_BENCH_SPILL_MB=12,25` for other sizes). Opt-in: `ARGMAP_BENCH_100MB=1` (map at 100 MB), `ARGMAP_BENCH_1M=1`
 * (key points at 1M units, map growth at 1M posts), `ARGMAP_BENCH_JOBS_MB=<MB>` (input of the jobs
 * rows), `ARGMAP_BENCH_ESSAY_MIB=1,4` and `ARGMAP_BENCH_CHAIN=10000` (sizes of the `big` rows: by default
 * essays of 1, 4, 16 and 32 MiB and HN reply chains 10k, 30k and 100k deep, ≈30 min),
 * `ARGMAP_BENCH_BASELINE=<other built checkout>` (start-up before/after),
 * `ARGMAP_BENCH_ONLY=startup,map,...` (a subset). Queue mode (`queue`: posts/s with 1 and 2
 * workers on Redis, needs `redis-server`) runs once per store, SQLite and PostgreSQL;
 * `ARGMAP_BENCH_QUEUE_STORE=sqlite` picks one. `ARGMAP_BENCH_BASELINE` also runs the other
 * checkout's key point bench at 10k and 100k units, before this one at each size.
 */
import { availableParallelism } from "node:os";
import type { BigBench } from "./big.js";
import type { KeyPointBench } from "./keypoints.js";
import type { MapRatioBench, MapSizeBench } from "./map.js";
import type { QueueBenchResult } from "./queue.js";
import type { ScaleRun } from "./scale.js";
import type { SpillRun } from "./spill.js";
import type { StartupRow } from "./startup.js";
import { fitExponent, runBench, table } from "./util.js";

const only = process.env.ARGMAP_BENCH_ONLY?.split(",");
const want = (name: string): boolean => !only || only.includes(name);

if (want("startup")) {
  const rows = runBench<StartupRow[]>("startup.ts");
  console.log(`\n== start-up, tiny input (median of ${rows[0]?.runs} interleaved runs)`);
  console.log(
    table(
      ["command", "ms", "over node ms"],
      rows.map((r) => [r.command, r.medianMs, r.overNodeMs]),
    ),
  );
}

if (want("map")) {
  const r = runBench<MapRatioBench>("map.ts", ["--bytes", "1000000", "--reps", "5"], ["--expose-gc"]);
  console.log(
    `\n== map vs bare wink-nlp tokenisation, ${(r.inputBytes / 1e6).toFixed(2)} MB, median of ${r.reps} interleaved rounds`,
  );
  console.log(
    table(
      ["", "median ms", "MB/s"],
      [
        ["argmap map (whole pipeline)", r.argmapMedianMs, r.argmapMBps],
        ["wink-nlp tokenisation", r.winkMedianMs, r.winkTokenizeMBps],
      ],
    ),
  );
  console.log(
    `  ratio ${r.ratio.toFixed(3)} (per-round ${r.ratioMin.toFixed(3)}–${r.ratioMax.toFixed(3)}; aim ≥ 0.3)`,
  );

  const sizes = [1e6, 1e7, ...(process.env.ARGMAP_BENCH_100MB ? [1e8] : [])];
  const rows = sizes.map((n) => runBench<MapSizeBench>("map.ts", ["--size", String(n)], ["--expose-gc"]));
  console.log("\n== map growth (one warmed run per size, own process)");
  console.log(
    table(
      ["input MB", "seconds", "MB/s", "peak RSS MB", "units"],
      rows.map((x) => [x.inputBytes / 1e6, x.seconds, x.MBps, x.peakRssMB, x.units]),
    ),
  );
  console.log(
    `  exponent: time ${fitExponent(
      rows.map((x) => x.inputBytes),
      rows.map((x) => x.seconds),
    ).toFixed(2)}, memory ${fitExponent(
      rows.map((x) => x.inputBytes),
      rows.map((x) => x.peakRssMB),
    ).toFixed(2)} (1 = linear)`,
  );
}

if (want("keypoints")) {
  type Growth = { rows: KeyPointBench[]; timeExponent: number; memoryExponent: number };
  const r = runBench<Growth & { corpus: string; baseline?: Growth & { dir: string } }>("keypoints.ts");
  console.log(`\n== key points growth (classic scorer, ${r.corpus} texts, own process per size)`);
  const rowsOf = (label: string, rows: readonly KeyPointBench[]) =>
    rows.map((x) => [
      label,
      x.units,
      x.seconds,
      x.peakRssMB,
      (x.peakRssMB * 1024) / x.units,
      x.keyPoints,
      x.omitted ?? 0,
      x.sameAs,
    ]);
  console.log(
    table(
      ["", "units", "seconds", "peak RSS MB", "KB/unit", "key points", "counted only", "same-as"],
      [...(r.baseline ? rowsOf("before", r.baseline.rows) : []), ...rowsOf("now", r.rows)],
    ),
  );
  const exponents = (g: Growth) => `time ${g.timeExponent.toFixed(2)}, memory ${g.memoryExponent.toFixed(2)}`;
  console.log(`  exponent now: ${exponents(r)} (aim: ≤ n log n, ≈1.1 from 10k to 1M)`);
  if (r.baseline) console.log(`  exponent before (${r.baseline.dir}): ${exponents(r.baseline)}`);
}

if (want("jobs")) {
  // Throughput at 1, 2 and all cores on the same streamed JSONL (ARGMAP_BENCH_JOBS_MB, default 8).
  const mb = process.env.ARGMAP_BENCH_JOBS_MB ?? "8";
  const cores = availableParallelism();
  const counts = [...new Set([1, 2, cores])];
  const rows = counts.map((j) => runBench<ScaleRun>("scale.ts", ["--jobs", String(j), "--mb", mb]));
  const base = rows[0]!;
  console.log(
    `\n== throughput by worker threads (analysis on the pool; key points and arguments in one thread), ${base.inputMB.toFixed(1)} MB synthetic JSONL (${base.corpus}), ${base.posts} posts in ${base.sources} parts, ${cores} cores`,
  );
  console.log(
    table(
      [
        "jobs",
        "workers",
        "seconds",
        "posts/s",
        "MB/s",
        "× 1 job",
        "analyse s",
        "analyse × 1 job",
        "peak RSS MB",
      ],
      rows.map((r) => [
        r.jobs === cores ? `${r.jobs} (all)` : String(r.jobs),
        r.workers,
        r.seconds,
        r.postsPerSecond,
        r.MBps,
        r.postsPerSecond / base.postsPerSecond,
        r.analyseSeconds,
        r.analysePostsPerSecond / base.analysePostsPerSecond,
        r.peakRssMB,
      ]),
    ),
  );
}

if (want("growth")) {
  // Posts → map (ingest, analysis, key points, arguments) at 1k, 10k, 100k posts, one thread.
  const sizes = [1_000, 10_000, 100_000, ...(process.env.ARGMAP_BENCH_1M ? [1_000_000] : [])];
  const rows = sizes.map((n) => runBench<ScaleRun>("scale.ts", ["--posts", String(n), "--jobs", "1"]));
  console.log(`\n== map growth by posts (synthetic threads from ${rows[0]!.corpus}, 1 thread, own process)`);
  console.log(
    table(
      ["posts", "input MB", "seconds", "posts/s", "peak RSS MB", "units", "key points"],
      rows.map((r) => [r.posts, r.inputMB, r.seconds, r.postsPerSecond, r.peakRssMB, r.units, r.keyPoints]),
    ),
  );
  const posts = rows.map((r) => r.posts);
  console.log(
    `  exponent: time ${fitExponent(
      posts,
      rows.map((r) => r.seconds),
    ).toFixed(2)}, memory ${fitExponent(
      posts,
      rows.map((r) => r.peakRssMB),
    ).toFixed(2)} (1 = linear, n log n ≈ 1.1, 2 = quadratic)`,
  );
}

if (want("spill")) {
  // Peak RSS of the bounded-memory paths as the input grows (ARGMAP_BENCH_SPILL_MB, default
  // 12,25,50,100): the streamed map (`map --spill`) and `add --jobs 2`; ratios against the smallest.
  const sizes = (process.env.ARGMAP_BENCH_SPILL_MB ?? "12,25,50,100").split(",");
  const modes = [
    ["map", "1"],
    ["add", "2"],
  ] as const;
  for (const [mode, jobs] of modes) {
    const rows = sizes.map((mb) =>
      runBench<SpillRun>("spill.ts", ["--mode", mode, "--mb", mb, "--jobs", jobs]),
    );
    const base = rows[0]!;
    const what = mode === "map" ? "streamed map (map --spill -f json)" : `add --jobs ${jobs}`;
    console.log(`\n== ${what}: peak RSS by input size (synthetic JSONL from ${base.corpus}, own process)`);
    console.log(
      table(
        [
          "input MB",
          "parts",
          "posts",
          "units",
          "key points",
          "seconds",
          "peak RSS MB",
          "RSS × smallest",
          "input × smallest",
        ],
        rows.map((r) => [
          r.inputMB,
          r.parts,
          r.posts,
          r.units,
          r.keyPoints,
          r.seconds,
          r.peakRssMB,
          r.peakRssMB / base.peakRssMB,
          r.inputMB / base.inputMB,
        ]),
      ),
    );
    console.log(
      `  memory exponent ${fitExponent(
        rows.map((r) => r.inputMB),
        rows.map((r) => r.peakRssMB),
      ).toFixed(2)} (0 = flat, 1 = linear in the input)`,
    );
  }
}

if (want("big")) {
  // One big essay or one deep chain per process; ratios against the smallest of each kind, this run.
  const list = (env: string, fallback: number[]) => process.env[env]?.split(",").map(Number) ?? fallback;
  const runs = [
    ...list("ARGMAP_BENCH_ESSAY_MIB", [1, 4, 16, 32]).map((n) => ["--essay", String(n)]),
    ...list("ARGMAP_BENCH_CHAIN", [10_000, 30_000, 100_000]).map((n) => ["--chain", String(n)]),
  ];
  const rows = runs.map((args) => runBench<BigBench>("big.ts", args));
  console.log("\n== one big essay / one deep HN reply chain (own process each, --jobs 1)");
  const smallest = (kind: string) => rows.find((r) => r.kind === kind)!;
  console.log(
    table(
      [
        "input",
        "MB",
        "posts",
        "units",
        "wall s",
        "CPU s",
        "CPU s/MB",
        "per MB × smallest",
        "peak RSS MB",
        "RSS/MB",
      ],
      rows.map((r) => {
        const base = smallest(r.kind);
        return [
          r.kind === "essay" ? `essay ${r.size} MiB` : `chain ${r.size} deep`,
          r.inputMB,
          r.posts,
          r.units,
          r.wallSeconds,
          r.cpuSeconds,
          r.cpuSeconds / r.inputMB,
          r.cpuSeconds / r.inputMB / (base.cpuSeconds / base.inputMB),
          r.peakRssMB,
          r.peakRssMB / r.inputMB,
        ];
      }),
    ),
  );
  console.log("  per MB × smallest: CPU seconds per MB over the smallest row's (aim ≤ 1.5: near-linear)");
}

for (const name of ["ingest", "store", "serve", "serve-list"]) {
  if (!want(name)) continue;
  const result = runBench<Record<string, unknown>>(`${name}.ts`);
  console.log(`\n== ${name}`);
  for (const [k, v] of Object.entries(result))
    console.log(`  ${k.padEnd(22)} ${typeof v === "number" ? +v.toFixed(3) : JSON.stringify(v)}`);
}

const queueStores = process.env.ARGMAP_BENCH_QUEUE_STORE?.split(",") ?? ["sqlite", "postgres"];
for (const store of want("queue") ? queueStores : []) {
  const r = runBench<QueueBenchResult>("queue.ts", ["--store", store]);
  console.log(`\n== queue mode (Redis + BullMQ, store ${r.store}): ${r.sources} sources, ${r.posts} posts`);
  if (r.skipped) console.log(`  skipped: ${r.skipped}`);
  else {
    const plain = r.rows.find((x) => x.mode === "add (no queue)")?.postsPerSecond ?? NaN;
    console.log(
      table(
        ["mode", "workers", "seconds", "posts/s", "vs plain add", "wall s", "wall posts/s"],
        r.rows.map((x) => [
          x.mode,
          x.workers > 0 ? String(x.workers) : "-",
          x.seconds,
          x.postsPerSecond,
          x.postsPerSecond / plain,
          x.wallSeconds,
          r.posts / x.wallSeconds,
        ]),
      ),
    );
    console.log("  worker seconds: first job start to last result; wall adds start-up and the idle check");
  }
}
