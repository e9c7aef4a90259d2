/**
 * Scale on one machine, through the streamed JSONL path `argmap map big.jsonl` takes (read line
 * by line in parts, parts analysed on the worker pool, one map):
 *
 * - `--jobs N --mb M`: throughput of N worker threads on a synthetic JSONL of M MB (parts of
 *   1 MiB, so the pool has sources to share out); posts/s, MB/s and peak RSS.
 * - `--posts N [--jobs J]`: time and peak RSS to map N synthetic posts (parts of 4 MiB).
 *
 * The input is written to a temporary file first (not timed). One run per process (peak RSS is the
 * process's, worker threads included); `bench/run.ts` runs each in its own process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { streamInputs } from "../src/api.js";
import { classicEngine } from "../src/engines/classic/index.js";
import { readSource } from "../src/ingest/index.js";
import { analyseAll, buildMap, mapDocuments } from "../src/pipeline/index.js";
import { writeSyntheticJsonl } from "./synthetic.js";
import { peakRssMB } from "./util.js";

export interface ScaleRun {
  jobs: number;
  workers: number;
  posts: number;
  inputMB: number;
  sources: number;
  units: number;
  keyPoints: number;
  seconds: number;
  /** Reading and analysis (the part on the worker pool); the rest is key points and arguments. */
  analyseSeconds: number;
  analysePostsPerSecond: number;
  postsPerSecond: number;
  MBps: number;
  peakRssMB: number;
  corpus: string;
}

function warmDoc() {
  const text =
    "We should plant more trees.\n\n> We should plant more trees.\n\nI disagree, because water is scarce.";
  return readSource({ name: "warm.txt", bytes: new TextEncoder().encode(text) }).doc;
}

export async function benchScale(
  limit: { posts?: number; bytes?: number },
  jobs: number,
  partBytes: number,
): Promise<ScaleRun> {
  const dir = mkdtempSync(join(tmpdir(), "argmap-scale-"));
  try {
    const path = join(dir, "comments.jsonl");
    const written = await writeSyntheticJsonl(path, limit);
    // Warm this thread (wink and the models load once per process, ≈1 s) so that small sizes
    // measure mapping, not start-up; workers' own start-up stays in the figures (it is the pool's cost).
    await mapDocuments([warmDoc()], { engine: classicEngine });
    const t0 = performance.now();
    let workers = 0;
    const { sources, diagnostics } = await streamInputs(path, { maxBytes: partBytes });
    const options = {
      engine: classicEngine,
      jobs,
      workerEngine: "classic",
      onPool: (n: number) => (workers = n),
    };
    // The two halves of mapDocuments, timed apart: analysis runs on the pool, the map in this thread.
    const analyses = await analyseAll(sources, options);
    const analyseSeconds = (performance.now() - t0) / 1000;
    const map = await buildMap(analyses, options);
    const seconds = (performance.now() - t0) / 1000;
    if (diagnostics.some((d) => d.severity === "error"))
      throw new Error("bench/scale: the input did not read");
    return {
      jobs,
      workers,
      posts: written.posts,
      inputMB: written.bytes / 1e6,
      sources: map.sources.length,
      units: map.units.filter((u) => u.kind !== "none").length,
      keyPoints: map.keyPoints.length,
      seconds,
      analyseSeconds,
      analysePostsPerSecond: written.posts / analyseSeconds,
      postsPerSecond: written.posts / seconds,
      MBps: written.bytes / 1e6 / seconds,
      peakRssMB: peakRssMB(),
      corpus: written.corpus,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (flag: string): number | undefined =>
    args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined;
  const jobs = arg("--jobs") ?? 1;
  const posts = arg("--posts");
  const result =
    posts !== undefined
      ? await benchScale({ posts }, jobs, 4 * 1024 * 1024)
      : await benchScale({ bytes: (arg("--mb") ?? 8) * 1e6 }, jobs, 1024 * 1024);
  console.log(JSON.stringify(result));
}
