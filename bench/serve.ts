/**
 * Load check of `argmap serve`: 200 concurrent clients for 20 s on `/api/search` and
 * `/api/maps/:id` (half each, random maps; queries of one or two words drawn from the corpus) against
 * a corpus of 100,000 posts built through the store API (`test/store/synthetic.ts`), threads of
 * 100 posts whose texts are real ArgKP-2021 arguments drawn at random (seeded) as in
 * `bench/store.ts` (generated word salad when ../shared is absent; the result says which), with
 * stored maps of 5 threads each. The server runs in this process; the clients run in a worker thread
 * (their own event loop), over keep-alive connections. Prints requests/s, p50/p99 latency per
 * endpoint and errors (which must be 0).
 *
 *   npx tsx bench/serve.ts [--posts 100000] [--clients 200] [--seconds 20] [--maps 10]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { resolveEngine } from "../src/engines/registry.js";
import type { SourceAnalysis } from "../src/model/index.js";
import { buildMap } from "../src/pipeline/index.js";
import { Catalog, SearchPool, startServer } from "../src/serve/index.js";
import { openCorpus } from "../src/store/index.js";
import type { SyntheticPost } from "../test/store/synthetic.js";
import { generatedPosts, seededRandom, SYNTHETIC_RUN, syntheticAnalysis } from "../test/store/synthetic.js";
import { readArgkp, sentencesOf } from "./store.js";
import { numberFlag } from "./util.js";

export interface ServeBenchResult {
  text: "argkp-2021" | "generated";
  posts: number;
  sources: number;
  maps: number;
  buildSeconds: number;
  clients: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  searchP50Ms: number;
  searchP99Ms: number;
  mapP50Ms: number;
  mapP99Ms: number;
}

/** The load generator: plain JS run in a worker; reports latencies per endpoint and failures. */
const CLIENTS = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { base, clients, seconds, mapIds, words } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const url = new URL(base);
const lat = { search: [], map: [] };
let errors = 0;
const firstErrors = [];
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
function once(kind, path) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host: url.hostname, port: url.port, path, agent }, (res) => {
      res.resume();
      res.on("end", () => {
        if (res.statusCode !== 200) { errors++; if (firstErrors.length < 5) firstErrors.push(kind + " " + res.statusCode); }
        else lat[kind].push(performance.now() - t0);
        resolve();
      });
    });
    req.on("error", (e) => { errors++; if (firstErrors.length < 5) firstErrors.push(String(e)); resolve(); });
  });
}
const until = performance.now() + seconds * 1000;
async function client() {
  while (performance.now() < until) {
    if (rand() < 0.5) {
      const k = 1 + Math.floor(rand() * 2);
      const q = Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]).join(" ");
      await once("search", "/api/search?q=" + encodeURIComponent(q));
    } else {
      await once("map", "/api/maps/" + mapIds[Math.floor(rand() * mapIds.length)]);
    }
  }
}
Promise.all(Array.from({ length: clients }, client)).then(() => {
  agent.destroy();
  parentPort.postMessage({ lat, errors, firstErrors });
});
`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function benchServe(
  opts: { posts?: number; clients?: number; seconds?: number; maps?: number } = {},
): Promise<ServeBenchResult> {
  const total = opts.posts ?? 100_000;
  const perSource = 100;
  const clients = opts.clients ?? 200;
  const seconds = opts.seconds ?? 20;
  const mapCount = opts.maps ?? 10;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-bench-serve-"));
  const dbPath = path.join(dir, "bench.db");
  try {
    const t0 = performance.now();
    const writer = await openCorpus(dbPath);
    const sources = Math.ceil(total / perSource);
    const forMaps: SourceAnalysis[][] = Array.from({ length: mapCount }, () => []);
    const rand = seededRandom(42);
    const repoRoot = fileURLToPath(new URL("../", import.meta.url));
    const argkp = readArgkp(path.resolve(repoRoot, "../shared/data/argkp-2021"));
    const vocabulary = new Set<string>();
    for (let s = 0; s < sources; s++) {
      const n = Math.min(perSource, total - s * perSource);
      let threadPosts: SyntheticPost[];
      if (argkp) {
        threadPosts = Array.from({ length: n }, () => ({
          author: `user${Math.floor(rand() * 2000)}`,
          sentences: sentencesOf(argkp[Math.floor(rand() * argkp.length)]!),
        }));
        threadPosts[0]!.sentences = [...threadPosts[0]!.sentences, `Thread ${s}.`];
      } else threadPosts = generatedPosts(s, n);
      if (s % 50 === 0)
        for (const p of threadPosts.slice(0, 5))
          for (const w of p.sentences
            .join(" ")
            .toLowerCase()
            .match(/\p{L}{4,}/gu) ?? [])
            vocabulary.add(w);
      const analysis = syntheticAnalysis(`thread-${s}.txt`, threadPosts);
      await writer.putAnalysis(analysis, SYNTHETIC_RUN);
      const slot = forMaps[s % mapCount]!;
      if (slot.length < 5) slot.push(analysis);
    }
    const engine = await resolveEngine("classic");
    for (let m = 0; m < mapCount; m++)
      await writer.putMap(await buildMap(forMaps[m]!, { engine }), SYNTHETIC_RUN, { name: `map-${m}` });
    await writer.close();
    const buildSeconds = (performance.now() - t0) / 1000;

    const store = await openCorpus(dbPath, { readonly: true });
    // As `argmap serve --db` runs: searches in two worker threads.
    const pool = await SearchPool.start(dbPath, 2);
    const server = await startServer({ catalog: new Catalog(store, (q, f) => pool.search(q, f)) });
    try {
      const mapIds = (await store.listMaps()).map((m) => String(m.id));
      const t1 = performance.now();
      const result = await new Promise<{
        lat: { search: number[]; map: number[] };
        errors: number;
        firstErrors: string[];
      }>((resolve, reject) => {
        const worker = new Worker(CLIENTS, {
          eval: true,
          workerData: { base: server.url, clients, seconds, mapIds, words: [...vocabulary] },
        });
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      const elapsed = (performance.now() - t1) / 1000;
      if (result.firstErrors.length > 0)
        process.stderr.write(`serve bench errors: ${result.firstErrors.join("; ")}\n`);
      const search = result.lat.search.sort((a, b) => a - b);
      const maps = result.lat.map.sort((a, b) => a - b);
      const all = [...search, ...maps].sort((a, b) => a - b);
      return {
        text: argkp ? "argkp-2021" : "generated",
        posts: total,
        sources,
        maps: mapCount,
        buildSeconds,
        clients,
        seconds: elapsed,
        requests: all.length + result.errors,
        requestsPerSecond: (all.length + result.errors) / elapsed,
        p50Ms: percentile(all, 50),
        p99Ms: percentile(all, 99),
        errors: result.errors,
        searchP50Ms: percentile(search, 50),
        searchP99Ms: percentile(search, 99),
        mapP50Ms: percentile(maps, 50),
        mapP99Ms: percentile(maps, 99),
      };
    } finally {
      await server.close();
      await pool.close();
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchServe({
    ...(numberFlag("posts") ? { posts: numberFlag("posts")! } : {}),
    ...(numberFlag("clients") ? { clients: numberFlag("clients")! } : {}),
    ...(numberFlag("seconds") ? { seconds: numberFlag("seconds")! } : {}),
    ...(numberFlag("maps") ? { maps: numberFlag("maps")! } : {}),
  });
  process.stdout.write(JSON.stringify(result) + "\n");
}
