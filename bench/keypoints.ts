/**
 * Key point analysis at scale: 10,000 and 100,000 argumentative units built from real text (ArgKP
 * arguments from ../shared/data/argkp-2021, repeated with variation: word drop-outs, hedges,
 * different authors and sources; synthetic sentences with a message when the corpus is absent).
 * Each size runs in its own process so peak RSS is its own; prints one JSON line with time, peak
 * memory per size and the fitted growth exponents (1 linear, 2 quadratic). 1,000,000 units are
 * added with `ARGMAP_BENCH_1M=1` (slow). With `ARGMAP_BENCH_BASELINE=<other checkout>`, that
 * checkout's bench runs too, before this one at each size below 1M (same run, same load), and
 * its rows come back as `baseline`.
 *
 * Scorer: the classic engine's, as `argmap map` uses it (trained key point matcher + SIF vectors);
 * `--scorer lexical` for the dependency-free lexical scorer. `--sizes 10000,30000` changes the
 * sizes measured.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { classicScorer } from "../src/engines/classic/keypoint-scorer.js";
import {
  clusterKeyPoints,
  lexicalScorer,
  sourceFromTexts,
  type KeyPointScorer,
} from "../src/cluster/index.js";
import { readArgKp } from "../src/datasets/argkp.js";
import { collectingContext, type SourceDoc, type Unit } from "../src/model/index.js";
import { fitExponent, peakRssMB } from "./util.js";

export interface KeyPointBench {
  scorer: "lexical" | "classic";
  units: number;
  seconds: number;
  peakRssMB: number;
  keyPoints: number;
  cruxes: number;
  sameAs: number;
  /** Key points found but not listed (counted in the map's key point summary). */
  omitted?: number;
  blocked: boolean;
  corpus: "argkp" | "synthetic";
}

const HEDGES = ["", "I think ", "Honestly, ", "In my view ", "Clearly ", "To be fair, "];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function baseTexts(): { texts: string[]; corpus: KeyPointBench["corpus"] } {
  const dir = fileURLToPath(new URL("../../shared/data/argkp-2021", import.meta.url));
  if (existsSync(dir)) {
    const texts = ["train", "dev"].flatMap((s) => readArgKp(dir, s).arguments.map((a) => a.text));
    return { texts, corpus: "argkp" };
  }
  process.stderr.write("bench/keypoints: ../shared/data/argkp-2021 not found; using synthetic sentences\n");
  const subjects = [
    "school uniforms",
    "nuclear power",
    "remote work",
    "social media",
    "public transport",
    "space exploration",
    "organic food",
    "video games",
  ];
  const verbs = ["improve", "harm", "reduce", "increase", "change", "threaten"];
  const objects = [
    "student discipline",
    "public health",
    "economic growth",
    "personal freedom",
    "family budgets",
    "mental health",
    "air quality",
  ];
  const texts: string[] = [];
  for (const s of subjects)
    for (const v of verbs) for (const o of objects) texts.push(`${s} ${v} ${o} for most people.`);
  return { texts, corpus: "synthetic" };
}

/** `n` units in `n / 200` sources of up to 200 posts, each a varied copy of a real argument. */
export function buildUnits(n: number): {
  sources: SourceDoc[];
  units: Unit[];
  corpus: KeyPointBench["corpus"];
} {
  const { texts, corpus } = baseTexts();
  const next = rng(42);
  const sources: SourceDoc[] = [];
  const units: Unit[] = [];
  for (let start = 0, s = 0; start < n; start += 200, s++) {
    const batch: string[] = [];
    const authors: string[] = [];
    for (let i = start; i < Math.min(n, start + 200); i++) {
      const base = texts[i % texts.length]!;
      const words = base.split(/\s+/);
      const varied = i < texts.length ? words : words.filter((_, j) => j === 0 || next() > 0.12);
      batch.push(`${HEDGES[Math.floor(next() * HEDGES.length)]}${varied.join(" ")}`);
      authors.push(`user${Math.floor(next() * n * 0.6)}`);
    }
    const built = sourceFromTexts(batch, `bench${s}`, { authors });
    sources.push(built.source);
    units.push(...built.units);
  }
  return { sources, units, corpus };
}

/**
 * Run key point analysis on `n` units and measure it.
 * @example benchKeyPoints(10_000).seconds
 */
export async function benchKeyPoints(
  n: number,
  scorerName: "lexical" | "classic" = "classic",
): Promise<KeyPointBench> {
  const { sources, units, corpus } = buildUnits(n);
  let scorer: KeyPointScorer = lexicalScorer();
  if (scorerName === "classic") {
    const { loadClassicModels } = await import("../src/engines/classic/models.js");
    scorer = classicScorer(loadClassicModels());
  }
  const t0 = performance.now();
  const r = await clusterKeyPoints({ sources, units, relations: [] }, scorer, collectingContext());
  const seconds = (performance.now() - t0) / 1000;
  return {
    scorer: scorerName,
    units: n,
    seconds,
    peakRssMB: peakRssMB(),
    keyPoints: r.keyPoints.length,
    cruxes: r.cruxes.length,
    sameAs: r.relations.length,
    omitted: r.summary?.omitted.keyPoints ?? 0,
    blocked: r.blocked,
    corpus,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scorer =
    args.includes("--scorer") && args[args.indexOf("--scorer") + 1] === "lexical" ? "lexical" : "classic";
  const sizeAt = args.indexOf("--size");
  if (sizeAt >= 0) {
    console.log(JSON.stringify(await benchKeyPoints(Number(args[sizeAt + 1]), scorer)));
    return;
  }
  const sizesAt = args.indexOf("--sizes");
  const sizes =
    sizesAt >= 0
      ? (args[sizesAt + 1] ?? "").split(",").map(Number)
      : [10_000, 100_000, ...(process.env.ARGMAP_BENCH_1M ? [1_000_000] : [])];
  if (sizes.length < 2 || sizes.some((n) => !(n > 0)))
    throw new RangeError("--sizes takes two or more unit counts, e.g. 10000,100000");
  const self = fileURLToPath(import.meta.url);
  const baseline = process.env.ARGMAP_BENCH_BASELINE;
  const run = (n: number, file = self): KeyPointBench => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", file, "--size", String(n), "--scorer", scorer],
      { encoding: "utf8", maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "inherit"] },
    );
    return JSON.parse(out.trim().split("\n").pop() ?? "{}") as KeyPointBench;
  };
  const baseFile = baseline ? join(resolve(baseline), "bench", "keypoints.ts") : undefined;
  const before: KeyPointBench[] = [];
  const rows: KeyPointBench[] = [];
  for (const n of sizes) {
    if (baseFile && n < 1_000_000) before.push(run(n, baseFile));
    rows.push(run(n));
  }
  const fit = (rs: readonly KeyPointBench[]) => ({
    timeExponent: fitExponent(
      rs.map((r) => r.units),
      rs.map((r) => r.seconds),
    ),
    memoryExponent: fitExponent(
      rs.map((r) => r.units),
      rs.map((r) => r.peakRssMB),
    ),
  });
  console.log(
    JSON.stringify({
      scorer,
      corpus: rows[0]!.corpus,
      rows,
      ...fit(rows),
      ...(before.length > 1 ? { baseline: { dir: baseline, rows: before, ...fit(before) } } : {}),
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
