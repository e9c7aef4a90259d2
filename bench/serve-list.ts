/**
 * Load check of `GET /api/maps` on `argmap serve --db`: 100 concurrent clients for 10 s against
 * a corpus of 2,000 synthetic sources (`test/store/synthetic.ts`) whose stored corpus map is about
 * 20 MB of JSON (a 5-thread map built by the classic engine, its arguments repeated), as a
 * 2,000-source corpus's map is. Before issue 26 every listing parsed every stored map. Prints
 * requests/s and p50/p99 latency (errors must be 0).
 *
 *   npx tsx bench/serve-list.ts [--sources 2000] [--clients 100] [--seconds 10]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request, Agent } from "node:http";
import { pathToFileURL } from "node:url";
import { resolveEngine } from "../src/engines/registry.js";
import type { SourceAnalysis } from "../src/model/index.js";
import { buildMap } from "../src/pipeline/index.js";
import { Catalog, startServer } from "../src/serve/index.js";
import { openCorpus } from "../src/store/index.js";
import { generatedPosts, SYNTHETIC_RUN, syntheticAnalysis } from "../test/store/synthetic.js";
import { numberFlag } from "./util.js";

export interface ServeListBenchResult {
  sources: number;
  mapMB: number;
  clients: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function benchServeList(
  opts: { sources?: number; clients?: number; seconds?: number } = {},
): Promise<ServeListBenchResult> {
  const sources = opts.sources ?? 2000;
  const clients = opts.clients ?? 100;
  const seconds = opts.seconds ?? 10;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-bench-list-"));
  const dbPath = path.join(dir, "bench.db");
  try {
    const writer = await openCorpus(dbPath);
    const sample: SourceAnalysis[] = [];
    for (let s = 0; s < sources; s++) {
      const analysis = syntheticAnalysis(`thread-${s}.txt`, generatedPosts(s, 5));
      await writer.putAnalysis(analysis, SYNTHETIC_RUN);
      if (sample.length < 5) sample.push(analysis);
    }
    const small = await buildMap(sample, { engine: await resolveEngine("classic") });
    const copies = Math.max(1, Math.ceil((20 << 20) / JSON.stringify(small.arguments).length));
    const big = { ...small, arguments: Array.from({ length: copies }, () => small.arguments).flat() };
    await writer.putMap(big, SYNTHETIC_RUN, { name: "corpus" });
    await writer.close();
    const mapMB = JSON.stringify(big).length / 2 ** 20;

    const store = await openCorpus(dbPath, { readonly: true });
    const server = await startServer({ catalog: new Catalog(store) });
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const url = new URL(server.url);
    const latencies: number[] = [];
    let errors = 0;
    const once = () =>
      new Promise<void>((resolve) => {
        const t0 = performance.now();
        const req = request({ host: url.hostname, port: url.port, path: "/api/maps", agent }, (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) latencies.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        });
        req.on("error", () => (errors++, resolve()));
        req.end();
      });
    try {
      const t1 = performance.now();
      const until = t1 + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < until) await once();
        }),
      );
      const elapsed = (performance.now() - t1) / 1000;
      latencies.sort((a, b) => a - b);
      return {
        sources,
        mapMB,
        clients,
        seconds: elapsed,
        requestsPerSecond: (latencies.length + errors) / elapsed,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        errors,
      };
    } finally {
      agent.destroy();
      await server.close();
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchServeList({
    ...(numberFlag("sources") ? { sources: numberFlag("sources")! } : {}),
    ...(numberFlag("clients") ? { clients: numberFlag("clients")! } : {}),
    ...(numberFlag("seconds") ? { seconds: numberFlag("seconds")! } : {}),
  });
  process.stdout.write(JSON.stringify(result) + "\n");
}
