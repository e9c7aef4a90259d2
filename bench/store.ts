/**
 * Corpus store benchmark: add throughput into a corpus of 100,000 posts, search latency on it,
 * database size per 1,000 posts — for SQLite, and for PostgreSQL on the same input in the same run
 * (a throwaway server from `test/support/services.ts`; skipped, with the reason, where PostgreSQL
 * is not installed), with PostgreSQL's figures as ratios to SQLite's.
 *
 * Posts are real arguments from ArgKP-2021 (`../shared/data/argkp-2021/arguments_*.csv`), drawn
 * at random (seeded) into threads of `postsPerSource` posts, so each source is new content; when
 * the data folder is absent the posts are generated word salad and the report says so.
 *
 *   npx tsx bench/store.ts [--posts 100000] [--per-source 100] [--queries 200]
 *
 * Note: the throwaway server runs with fsync off (as in the tests), so PostgreSQL's add figures
 * leave out disk flushes that SQLite (synchronous=FULL) pays.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { z } from "zod";
import { openCorpus } from "../src/store/index.js";
import type { SyntheticPost } from "../test/store/synthetic.js";
import { generatedPosts, seededRandom, SYNTHETIC_RUN, syntheticAnalysis } from "../test/store/synthetic.js";
import { servicesMissing, startPostgres } from "../test/support/services.js";
import { numberFlag } from "./util.js";

export interface StoreBenchOptions {
  posts?: number;
  postsPerSource?: number;
  queries?: number;
  /** Folder with ArgKP-2021 CSVs (default `../shared/data/argkp-2021` from the repo root). */
  argkpDir?: string;
  /** Where the temporary database goes (default: a new temp dir, removed afterwards). */
  dir?: string;
  /** A corpus target other than a temporary SQLite file (e.g. a `postgres://` URL of an empty database). */
  target?: string;
  /** The size of that target's database in bytes, measured after the run. */
  sizeOf?: () => Promise<number>;
  seed?: number;
}

export interface StoreBenchResult {
  text: "argkp-2021" | "generated";
  posts: number;
  sources: number;
  units: number;
  addSeconds: number;
  postsPerSecond: number;
  /** Throughput of the last 10 % of adds, i.e. into a corpus already ~90 % full. */
  postsPerSecondAtEnd: number;
  queries: number;
  searchMedianMs: number;
  searchP99Ms: number;
  meanHits: number;
  loadAllSeconds: number;
  dbBytes: number;
  bytesPer1000Posts: number;
}

const ArgRow = z.object({ argument: z.string(), topic: z.string() });

export function readArgkp(dir: string): string[] | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => /^arguments_.*\.csv$/.test(f));
  const out: string[] = [];
  for (const f of files) {
    const rows = z
      .array(ArgRow)
      .parse(parse(fs.readFileSync(path.join(dir, f), "utf8"), { columns: true, skip_empty_lines: true }));
    for (const r of rows) {
      const text = r.argument.replace(/\s+/g, " ").trim();
      if (text.length > 0) out.push(text);
    }
  }
  return out.length > 0 ? out : undefined;
}

export function sentencesOf(text: string): string[] {
  const parts = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  const out = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  return out.length > 0 ? out : [text];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function benchStore(opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const total = opts.posts ?? 100_000;
  const perSource = opts.postsPerSource ?? 100;
  const queryCount = opts.queries ?? 200;
  const rand = seededRandom(opts.seed ?? 42);
  const repoRoot = fileURLToPath(new URL("../", import.meta.url));
  const argkp = readArgkp(opts.argkpDir ?? path.resolve(repoRoot, "../shared/data/argkp-2021"));
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "argmap-bench-store-"));
  const dbPath = opts.target ?? path.join(dir, "bench.db");
  const store = await openCorpus(dbPath);
  try {
    const sources = Math.ceil(total / perSource);
    let posts = 0;
    let units = 0;
    let addMs = 0;
    let tailMs = 0;
    let tailPosts = 0;
    const vocabulary = new Set<string>();
    for (let s = 0; s < sources; s++) {
      const n = Math.min(perSource, total - posts);
      let threadPosts: SyntheticPost[];
      if (argkp) {
        threadPosts = Array.from({ length: n }, () => ({
          author: `user${Math.floor(rand() * 2000)}`,
          sentences: sentencesOf(argkp[Math.floor(rand() * argkp.length)]!),
        }));
        // A post id per thread keeps every source's content unique.
        threadPosts[0]!.sentences = [...threadPosts[0]!.sentences, `Thread ${s}.`];
      } else {
        threadPosts = generatedPosts(s, n, 3);
      }
      if (s % 50 === 0) {
        for (const p of threadPosts.slice(0, 5))
          for (const w of p.sentences
            .join(" ")
            .toLowerCase()
            .match(/\p{L}{4,}/gu) ?? [])
            vocabulary.add(w);
      }
      const analysis = syntheticAnalysis(`thread-${s}.txt`, threadPosts);
      const t0 = performance.now();
      await store.putAnalysis(analysis, SYNTHETIC_RUN);
      const dt = performance.now() - t0;
      addMs += dt;
      if (s >= sources * 0.9) {
        tailMs += dt;
        tailPosts += n;
      }
      posts += n;
      units += analysis.units.length;
    }

    const words = [...vocabulary];
    const latencies: number[] = [];
    let hits = 0;
    for (let q = 0; q < queryCount; q++) {
      const k = 1 + Math.floor(rand() * 2);
      const query = Array.from({ length: k }, () => words[Math.floor(rand() * words.length)]!).join(" ");
      const t0 = performance.now();
      hits += (await store.search(query, { limit: 20 })).length;
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);

    const t0 = performance.now();
    await store.loadAnalyses();
    const loadAllSeconds = (performance.now() - t0) / 1000;
    await store.close();
    const dbBytes = opts.sizeOf ? await opts.sizeOf() : fs.statSync(dbPath).size;
    return {
      text: argkp ? "argkp-2021" : "generated",
      posts,
      sources,
      units,
      addSeconds: addMs / 1000,
      postsPerSecond: posts / (addMs / 1000),
      postsPerSecondAtEnd: tailPosts / (tailMs / 1000),
      queries: queryCount,
      searchMedianMs: percentile(latencies, 50),
      searchP99Ms: percentile(latencies, 99),
      meanHits: hits / queryCount,
      loadAllSeconds,
      dbBytes,
      bytesPer1000Posts: (dbBytes / posts) * 1000,
    };
  } finally {
    await store.close();
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same bench against a throwaway PostgreSQL server, or why it cannot run here. */
async function benchPostgres(opts: StoreBenchOptions): Promise<StoreBenchResult | string> {
  const missing = servicesMissing();
  if (missing?.includes("postgresql")) return `skipped: ${missing}`;
  const server = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE bench");
    await admin.end();
    const url = new URL(server.url);
    url.pathname = "/bench";
    const sizeOf = async () => {
      const c = new pg.Client({ connectionString: url.href });
      await c.connect();
      try {
        const r = await c.query<{ n: string }>("SELECT pg_database_size('bench') AS n");
        return Number(r.rows[0]!.n);
      } finally {
        await c.end();
      }
    };
    return await benchStore({ ...opts, target: url.href, sizeOf });
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts: StoreBenchOptions = {
    ...(numberFlag("posts") ? { posts: numberFlag("posts")! } : {}),
    ...(numberFlag("per-source") ? { postsPerSource: numberFlag("per-source")! } : {}),
    ...(numberFlag("queries") ? { queries: numberFlag("queries")! } : {}),
  };
  const result = await benchStore(opts);
  const postgres = await benchPostgres(opts);
  const vsSqlite =
    typeof postgres === "string"
      ? { postgres }
      : {
          pgPostsPerSecond: postgres.postsPerSecond,
          pgPostsPerSecondAtEnd: postgres.postsPerSecondAtEnd,
          pgSearchMedianMs: postgres.searchMedianMs,
          pgSearchP99Ms: postgres.searchP99Ms,
          pgMeanHits: postgres.meanHits,
          pgLoadAllSeconds: postgres.loadAllSeconds,
          pgBytesPer1000Posts: postgres.bytesPer1000Posts,
          // Ratios to SQLite on the same input: above 1 means PostgreSQL adds more posts per
          // second, or takes longer per search / load.
          pgAddThroughputRatio: postgres.postsPerSecond / result.postsPerSecond,
          pgSearchMedianRatio: postgres.searchMedianMs / result.searchMedianMs,
          pgLoadAllRatio: postgres.loadAllSeconds / result.loadAllSeconds,
        };
  process.stdout.write(JSON.stringify({ ...result, ...vsSqlite }) + "\n");
}
