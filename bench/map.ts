/**
 * Mapping throughput: a fixed ~1 MB thread (the seed thread repeated, or the shipped example when
 * ../shared is absent) through the whole pipeline, against wink-nlp's bare tokenisation of the
 * same text in the same run — the practical ceiling — reported as a ratio.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { classicEngine } from "../src/engines/classic/index.js";
import { readSource } from "../src/ingest/index.js";
import { mapDocuments } from "../src/pipeline/index.js";

export interface MapBench {
  inputBytes: number;
  argmapMBps: number;
  winkTokenizeMBps: number;
  ratio: number;
  peakRssMB: number;
  posts: number;
  units: number;
  arguments: number;
}

function benchInput(targetBytes: number): { name: string; text: string } {
  const seed = new URL("../../shared/seeds/000_d93e3034b168a14c.txt", import.meta.url);
  const example = new URL("../examples/", import.meta.url);
  const path = existsSync(seed)
    ? seed
    : new URL(readFileSyncDir(example).find((f) => f.startsWith("thread-")) ?? "thread.txt", example);
  const base = readFileSync(path, "utf8").trim();
  const copies = Math.ceil(targetBytes / Buffer.byteLength(base));
  return { name: "bench-thread.txt", text: Array.from({ length: copies }, () => base).join("\n\n") };
}

function readFileSyncDir(url: URL): string[] {
  return existsSync(url) ? readdirSync(url).sort() : [];
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export async function benchMap(targetBytes = 1_000_000): Promise<MapBench> {
  const { name, text } = benchInput(targetBytes);
  const bytes = Buffer.byteLength(text);

  // Ceiling: wink-nlp tokenisation only (no sentence detection, POS or negation).
  const nlp = winkNLP(model, []);
  nlp.readDoc(text.slice(0, 20_000)); // warm up
  const t0 = performance.now();
  nlp.readDoc(text).tokens().length();
  const winkMs = performance.now() - t0;

  // Warm up the pipeline (lazy model loads) on a small slice, then time the full input.
  const warm = readSource(
    { name, bytes: new TextEncoder().encode(text.slice(0, 20_000)) },
    { format: "thread-text" },
  );
  await mapDocuments([warm.doc], { engine: classicEngine });
  const t1 = performance.now();
  const { doc } = readSource({ name, bytes: new TextEncoder().encode(text) }, { format: "thread-text" });
  const map = await mapDocuments([doc], { engine: classicEngine });
  const argmapMs = performance.now() - t1;

  return {
    inputBytes: bytes,
    argmapMBps: mbps(bytes, argmapMs),
    winkTokenizeMBps: mbps(bytes, winkMs),
    ratio: winkMs / argmapMs,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    posts: doc.posts.length,
    units: map.units.filter((u) => u.kind !== "none").length,
    arguments: map.arguments.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchMap()));
}
