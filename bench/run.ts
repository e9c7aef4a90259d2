/**
 * `npm run bench`: each benchmark runs in its own process (so peak memory is its own) and prints
 * one JSON line; this runner prints tables. Figures are ratios against a baseline measured in the
 * same run wherever one exists (bare `node` for start-up, bare wink-nlp tokenisation for map).
 *
 * Default (≈5–10 min on a loaded 2-core machine): start-up per command (needs `npm run build`),
 * the map/tokenisation ratio at 1 MB, map growth at 1 and 10 MB, key points at 10k and 100k units,
 * ingest and store. Opt-in: `ARGMAP_BENCH_100MB=1` (map at 100 MB), `ARGMAP_BENCH_1M=1` (key points
 * at 1M units), `ARGMAP_BENCH_BASELINE=<other built checkout>` (start-up before/after),
 * `ARGMAP_BENCH_ONLY=startup,map,...` (a subset). `ARGMAP_BENCH_BASELINE` also runs the other
 * checkout's key point bench at 10k and 100k units, before this one at each size.
 */
import type { KeyPointBench } from "./keypoints.js";
import type { MapRatioBench, MapSizeBench } from "./map.js";
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

for (const name of ["ingest", "store"]) {
  if (!want(name)) continue;
  const result = runBench<Record<string, unknown>>(`${name}.ts`);
  console.log(`\n== ${name}`);
  for (const [k, v] of Object.entries(result))
    console.log(`  ${k.padEnd(22)} ${typeof v === "number" ? +v.toFixed(3) : JSON.stringify(v)}`);
}
