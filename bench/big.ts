/**
 * One big document or one deep thread through the whole map (read, analyse, key points,
 * assemble), single-threaded, in its own process: `--essay <MiB>` maps a synthetic essay of that
 * size, `--chain <n>` a Hacker News reply chain `n` comments deep (Firebase JSONL). Prints wall
 * and CPU seconds and the process's peak RSS; `bench/run.ts` turns them into per-MB ratios
 * against the smallest row of the same kind, measured in the same run.
 */
import { fileURLToPath } from "node:url";
import { classicEngine } from "../src/engines/classic/index.js";
import { readSource } from "../src/ingest/index.js";
import { mapDocuments } from "../src/pipeline/index.js";
import { hnThread, syntheticEssay } from "./synthetic.js";
import { peakRssMB } from "./util.js";

export interface BigBench {
  kind: "essay" | "chain";
  /** MiB of the essay, or comments in the chain. */
  size: number;
  inputMB: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  posts: number;
  units: number;
}

async function mapOne(kind: BigBench["kind"], bytes: Uint8Array) {
  const { doc } = readSource(
    { name: kind === "essay" ? "essay.txt" : "chain.jsonl", bytes },
    { format: kind === "essay" ? "text" : "hn" },
  );
  return { doc, map: await mapDocuments([doc], { engine: classicEngine, jobs: 1 }) };
}

export async function benchBig(kind: "essay" | "chain", size: number): Promise<BigBench> {
  const text = kind === "essay" ? syntheticEssay(size * 2 ** 20) : hnThread(size, "chain");
  const bytes = new TextEncoder().encode(text);
  // Warm: models loaded and code compiled before the clock starts (the ratios compare sizes).
  const warm = kind === "essay" ? syntheticEssay(20_000, 3) : hnThread(50, "chain");
  await mapOne(kind, new TextEncoder().encode(warm));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { doc, map } = await mapOne(kind, bytes);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    kind,
    size,
    inputMB: bytes.length / 1e6,
    wallSeconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: peakRssMB(),
    posts: doc.posts.length,
    units: map.units.filter((u) => u.kind !== "none").length,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = (flag: string) => process.argv.indexOf(flag);
  const kind = at("--chain") >= 0 ? "chain" : "essay";
  const size = Number(process.argv[at(kind === "chain" ? "--chain" : "--essay") + 1] ?? 1);
  console.log(JSON.stringify(await benchBig(kind, size)));
}
