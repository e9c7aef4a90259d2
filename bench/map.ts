/**
 * Mapping throughput on a fixed thread (the seed thread repeated to the size, or the shipped
 * example when ../shared is absent), through the whole pipeline (read, segment, extract, relate,
 * key points, assemble).
 *
 * `--ratio` (default): against wink-nlp's bare tokenisation of the same text in the same process —
 * the practical ceiling. Both sides are warmed first, then timed in `--reps` (default 5)
 * interleaved rounds (alternating which goes first); the ratio is median(wink) / median(argmap).
 * `--size <bytes>`: one warmed run at that size, with the process's peak RSS (run each size in its
 * own process; `bench/run.ts` does).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { classicEngine } from "../src/engines/classic/index.js";
import { readSource } from "../src/ingest/index.js";
import { mapDocuments } from "../src/pipeline/index.js";
import { median, peakRssMB } from "./util.js";

export interface MapRatioBench {
  inputBytes: number;
  reps: number;
  argmapMedianMs: number;
  winkMedianMs: number;
  argmapMBps: number;
  winkTokenizeMBps: number;
  /** median(wink ms) / median(argmap ms): the share of bare tokenisation speed argmap reaches. */
  ratio: number;
  /** Spread of the per-round ratios (min, max), to judge stability. */
  ratioMin: number;
  ratioMax: number;
  units: number;
}

export interface MapSizeBench {
  inputBytes: number;
  seconds: number;
  MBps: number;
  peakRssMB: number;
  posts: number;
  units: number;
}

export function benchInput(targetBytes: number): { name: string; text: string } {
  const seed = new URL("../../shared/seeds/000_d93e3034b168a14c.txt", import.meta.url);
  const example = new URL("../examples/", import.meta.url);
  if (!existsSync(seed))
    process.stderr.write("bench/map: ../shared seed thread not found; using the example thread\n");
  const path = existsSync(seed)
    ? seed
    : new URL(
        (existsSync(example) ? readdirSync(example).sort() : []).find((f) => f.startsWith("thread-")) ??
          "thread.txt",
        example,
      );
  const base = readFileSync(path, "utf8").trim();
  const copies = Math.max(1, Math.round(targetBytes / Buffer.byteLength(base)));
  return { name: "bench-thread.txt", text: Array.from({ length: copies }, () => base).join("\n\n") };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function runArgmap(name: string, text: string): Promise<{ ms: number; posts: number; units: number }> {
  gc();
  const t0 = performance.now();
  const { doc } = readSource({ name, bytes: new TextEncoder().encode(text) }, { format: "thread-text" });
  const map = await mapDocuments([doc], { engine: classicEngine });
  const ms = performance.now() - t0;
  return { ms, posts: doc.posts.length, units: map.units.filter((u) => u.kind !== "none").length };
}

export async function benchMapRatio(targetBytes = 1_000_000, reps = 5): Promise<MapRatioBench> {
  const { name, text } = benchInput(targetBytes);
  const bytes = Buffer.byteLength(text);
  // Ceiling: wink-nlp tokenisation only (no sentence detection, POS or negation).
  const nlp = winkNLP(model, []);
  const tokenise = (): number => {
    gc();
    const t0 = performance.now();
    nlp.readDoc(text).tokens().length();
    return performance.now() - t0;
  };
  // Warm both sides: lazy model loads, JIT, wink's lexicon growth.
  tokenise();
  await runArgmap(name, text.slice(0, 100_000));
  const wink: number[] = [];
  const argmap: number[] = [];
  let units = 0;
  for (let r = 0; r < reps; r++) {
    if (r % 2 === 0) wink.push(tokenise());
    const a = await runArgmap(name, text);
    argmap.push(a.ms);
    units = a.units;
    if (r % 2 === 1) wink.push(tokenise());
  }
  const ratios = wink.map((w, i) => w / argmap[i]!);
  const winkMs = median(wink);
  const argmapMs = median(argmap);
  return {
    inputBytes: bytes,
    reps,
    argmapMedianMs: argmapMs,
    winkMedianMs: winkMs,
    argmapMBps: bytes / 1e3 / argmapMs,
    winkTokenizeMBps: bytes / 1e3 / winkMs,
    ratio: winkMs / argmapMs,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    units,
  };
}

export async function benchMapSize(targetBytes: number): Promise<MapSizeBench> {
  const { name, text } = benchInput(targetBytes);
  await runArgmap(name, text.slice(0, 100_000)); // warm
  const r = await runArgmap(name, text);
  return {
    inputBytes: Buffer.byteLength(text),
    seconds: r.ms / 1000,
    MBps: Buffer.byteLength(text) / 1e3 / r.ms,
    peakRssMB: peakRssMB(),
    posts: r.posts,
    units: r.units,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (flag: string): number | undefined =>
    args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined;
  const size = arg("--size");
  console.log(
    JSON.stringify(
      size !== undefined
        ? await benchMapSize(size)
        : await benchMapRatio(arg("--bytes") ?? 1_000_000, arg("--reps") ?? 5),
    ),
  );
}
