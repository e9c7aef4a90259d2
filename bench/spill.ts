/**
 * Memory of the bounded-memory paths at growing input sizes, on synthetic JSONL (`synthetic.ts`):
 *
 * - `--mode map --mb M`: what `argmap map big.jsonl --spill -f json` does — parts of 4 MiB analysed
 *   into a temporary SQLite corpus, the map built from it (`buildStreamedMap`) and its JSON written
 *   (to /dev/null);
 * - `--mode add --mb M [--jobs J]`: what `argmap add --db corpus.db big.jsonl --jobs J` does.
 *
 * One run per process (`bench/run.ts` runs each in its own): peak RSS is the process's, worker
 * threads included. The point is the curve: RSS should level off as the input grows.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { streamInputs } from "../src/api.js";
import { storeSources } from "../src/cli/store-sources.js";
import { classicEngine as engine } from "../src/engines/classic/index.js";
import { STREAM_PART_BYTES } from "../src/ingest/index.js";
import { buildStreamedMap, streamedJsonChunks } from "../src/pipeline/index.js";
import { openCorpus, openSpillTables } from "../src/store/index.js";
import { writeSyntheticJsonl } from "./synthetic.js";
import { peakRssMB } from "./util.js";

export interface SpillRun {
  mode: "map" | "add";
  jobs: number;
  inputMB: number;
  posts: number;
  parts: number;
  units: number;
  sampled: number;
  keyPoints: number;
  seconds: number;
  peakRssMB: number;
  corpus: string;
}

export async function benchSpill(mode: "map" | "add", mb: number, jobs: number): Promise<SpillRun> {
  const dir = mkdtempSync(join(tmpdir(), "argmap-spill-bench-"));
  try {
    const path = join(dir, "comments.jsonl");
    const written = await writeSyntheticJsonl(path, { bytes: mb * 1e6 });
    const t0 = performance.now();
    const store = await openCorpus(join(dir, "corpus.sqlite"));
    let parts = 0;
    let units = 0;
    let sampled = 0;
    let keyPoints = 0;
    try {
      const read = await streamInputs(path, { partsAbove: STREAM_PART_BYTES });
      const run = { engine: engine.name, engineVersion: engine.version, models: engine.models };
      await storeSources(read.sources, store, {
        engine,
        jobs,
        workerEngine: "classic",
        run,
        readDiagnostics: read.diagnostics,
        say: () => void parts++,
      });
      if (mode === "map") {
        const spill = await openSpillTables(join(dir, "spill.sqlite"));
        try {
          const map = await buildStreamedMap(store, { engine, spill });
          ({ units, sampled } = map);
          keyPoints = map.keyPoints.length;
          const out = createWriteStream("/dev/null");
          for await (const chunk of streamedJsonChunks(map, store, spill))
            if (!out.write(chunk)) await once(out, "drain");
          out.end();
        } finally {
          spill.close();
        }
      }
    } finally {
      await store.close();
    }
    return {
      mode,
      jobs,
      inputMB: written.bytes / 1e6,
      posts: written.posts,
      parts,
      units,
      sampled,
      keyPoints,
      seconds: (performance.now() - t0) / 1000,
      peakRssMB: peakRssMB(),
      corpus: written.corpus,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (flag: string): string | undefined =>
    args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;
  const mode = arg("--mode") === "add" ? "add" : "map";
  const result = await benchSpill(mode, Number(arg("--mb") ?? 12), Number(arg("--jobs") ?? 1));
  console.log(JSON.stringify(result));
}
