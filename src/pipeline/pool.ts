/**
 * Analysis of many sources, on a worker-thread pool when there is enough work to pay for it.
 *
 * Sources are independent: each is segmented, extracted and related on its own (`analyseSource`),
 * so they can run on `jobs` worker threads (piscina) and come back in input order — the map built
 * from them is byte-for-byte the map of a single-threaded run. One source is never split: the
 * segmenter's per-document lexicon (wink learns a word once seen, which changes how later posts
 * of the same document tokenise) and the cross-post reply relations make a source the smallest
 * unit whose analysis does not depend on its neighbours.
 *
 * A worker costs a start-up (module load and its own wink model, ≈0.3–0.5 s), so workers start only
 * once `POOL_MIN_BYTES` of source text is waiting; smaller runs stay in this thread. At most
 * `2 × jobs` sources are in flight, so a stream of sources is analysed in bounded memory.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Piscina as PiscinaPool } from "piscina";
import type { ArgumentMap, SourceAnalysis, SourceDoc } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import { analyseSource, buildMap, type PipelineOptions } from "./analyse.js";
import { checkPipelineOptions, checkSourceList } from "./arguments.js";
import type { AnalyseResult, AnalyseTask } from "./worker.js";
import { fromSources, runtimeModule } from "../util/package-root/index.js";

/** Source text (UTF-16 code units) waiting before a pool is worth its start-up. */
export const POOL_MIN_BYTES = 1 << 20;

/** Posts from which a source's own stage progress is shown. */
const BIG_SOURCE_POSTS = 1000;

export interface AnalyseManyOptions extends PipelineOptions {
  /** Worker threads (1, the default, analyses in this thread). */
  jobs?: number;
  /**
   * Registered name of the engine (e.g. `classic`), which each worker builds for itself. Without
   * it the analysis stays in this thread whatever `jobs` says: an engine object (a plugin, an LLM
   * client with its cache and budget) cannot be sent to another thread.
   */
  workerEngine?: string;
  /** Start workers at this much waiting source text (default `POOL_MIN_BYTES`; tests lower it). */
  poolMinBytes?: number;
  /** Called with the number of workers started (0 when the run stayed in this thread). */
  onPool?: (workers: number) => void;
}

/** One analysed source and the milliseconds its analysis took. */
export interface AnalysedSource extends AnalyseResult {
  index: number;
}

/**
 * A worker module for piscina: tsc's `dist/<path>.js`, or — running from the TypeScript sources
 * (tests, `tsx`) — a small module that registers tsx in the worker before importing `<path>.ts`.
 */
export function workerFile(path = "pipeline/worker"): { filename: string; execArgv: string[] } {
  const filename = fileURLToPath(runtimeModule(path));
  if (!fromSources) return { filename, execArgv: [] };
  // tsx registers its hooks in a worker only through its API (its --import entry skips workers).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  const register = `import { register } from ${JSON.stringify(tsx)}; register();`;
  return { filename, execArgv: ["--import", `data:text/javascript,${encodeURIComponent(register)}`] };
}

async function analyseHere(source: SourceDoc, options: PipelineOptions): Promise<AnalyseResult> {
  const t0 = performance.now();
  const analysis = await analyseSource(source, options);
  return { analysis, ms: performance.now() - t0 };
}

/**
 * Analyse sources (an array or a stream) and yield the analyses in input order. With `jobs > 1`
 * and a `workerEngine`, sources run on a worker pool once enough text is waiting; the results are
 * the same as in this thread. Progress: `{ stage: "analyse", done, total }` in posts (total grows
 * as a stream is read).
 *
 * @example
 * for await (const { analysis } of analyseMany(docs, { engine, workerEngine: "classic", jobs: 4 }))
 *   analyses.push(analysis);
 */
export async function* analyseMany(
  sources: Iterable<SourceDoc> | AsyncIterable<SourceDoc>,
  options: AnalyseManyOptions,
): AsyncGenerator<AnalysedSource> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  const parallel = jobs > 1 && options.workerEngine !== undefined;
  const minBytes = options.poolMinBytes ?? POOL_MIN_BYTES;
  const { onProgress } = options;
  let totalPosts = 0;
  let donePosts = 0;
  // In this thread, a source's segmentation progress (in posts) moves the overall count, and a
  // big source's extraction shows as its own stage, so one huge thread still shows progress; the
  // stages' events for small sources stay inside (they would only flicker).
  const here: PipelineOptions = { ...options };
  delete here.onProgress;
  let current: SourceDoc | undefined;
  if (onProgress)
    here.onProgress = (e) => {
      if (e.stage === "segment")
        onProgress({ stage: "analyse", done: donePosts + e.done, total: totalPosts });
      else if (e.stage === "extract" && (current?.posts.length ?? 0) >= BIG_SOURCE_POSTS) onProgress(e);
    };
  const finished = (source: SourceDoc) => {
    donePosts += source.posts.length;
    onProgress?.({ stage: "analyse", done: donePosts, total: totalPosts });
  };

  // Read ahead until enough text waits to pay for workers (or the input ends).
  const iterator = (
    Symbol.asyncIterator in sources ? sources[Symbol.asyncIterator]() : sources[Symbol.iterator]()
  ) as AsyncIterator<SourceDoc> | Iterator<SourceDoc>;
  const waiting: SourceDoc[] = [];
  let waitingBytes = 0;
  let ended = false;
  const next = async (): Promise<SourceDoc | undefined> => {
    const r = await iterator.next();
    if (r.done) {
      ended = true;
      return undefined;
    }
    totalPosts += r.value.posts.length;
    return r.value;
  };
  if (parallel) {
    while (waitingBytes < minBytes) {
      const s = await next();
      if (!s) break;
      waiting.push(s);
      waitingBytes += s.text.length;
    }
  }
  let index = 0;
  if (!parallel || (ended && (waitingBytes < minBytes || waiting.length < 2))) {
    options.onPool?.(0);
    for (;;) {
      const s = waiting.shift() ?? (ended ? undefined : await next());
      if (!s) break;
      current = s;
      const r = await analyseHere(s, here);
      finished(s);
      yield { index: index++, ...r };
    }
    return;
  }

  // Loaded only when workers start: a small run does not pay for the pool's modules.
  const { Piscina } = await import("piscina");
  const pool: PiscinaPool<AnalyseTask, AnalyseResult> = new Piscina<AnalyseTask, AnalyseResult>({
    ...workerFile(),
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 1000,
  });
  options.onPool?.(jobs);
  const engine = options.workerEngine!;
  const inFlight: { source: SourceDoc; result: Promise<AnalyseResult> }[] = [];
  const submit = (source: SourceDoc) => {
    const result = pool.run({ source, engine });
    // Awaited in order below; this only keeps a rejection from being reported as unhandled first.
    result.catch(() => undefined);
    inFlight.push({ source, result });
  };
  try {
    for (;;) {
      while (inFlight.length < 2 * jobs) {
        const s = waiting.shift() ?? (ended ? undefined : await next());
        if (!s) break;
        submit(s);
      }
      const head = inFlight.shift();
      if (!head) break;
      const r = await head.result.catch((error: unknown) => {
        throw workerOutOfMemory(error, head.source) ?? error;
      });
      finished(head.source);
      yield { index: index++, ...r };
    }
  } finally {
    await pool.destroy();
  }
}

/** A worker that hit its heap limit on a source: an input error naming the source, else undefined. */
export function workerOutOfMemory(error: unknown, source: SourceDoc): ArgmapError | undefined {
  if ((error as { code?: unknown } | null)?.code !== "ERR_WORKER_OUT_OF_MEMORY") return undefined;
  return new ArgmapError(
    "INPUT_TOO_LARGE",
    "analysing this source ran out of memory in a worker thread. Split it, map it with --jobs 1, or raise the limit with NODE_OPTIONS=--max-old-space-size=<MB>.",
    { input: source.name, cause: error },
  );
}

/** Every analysis of `sources`, in order (see `analyseMany`). */
export async function analyseAll(
  sources: Iterable<SourceDoc> | AsyncIterable<SourceDoc>,
  options: AnalyseManyOptions,
): Promise<SourceAnalysis[]> {
  const analyses: SourceAnalysis[] = [];
  for await (const { analysis } of analyseMany(sources, options)) analyses.push(analysis);
  return analyses;
}

/**
 * Map sources (read already, or a stream of them): each analysed on its own — on `jobs` worker
 * threads when the options allow it, see `analyseMany` — then one map over all of them.
 */
export async function mapDocuments(
  sources: Iterable<SourceDoc> | AsyncIterable<SourceDoc>,
  options: AnalyseManyOptions,
): Promise<ArgumentMap> {
  checkSourceList(sources, "mapDocuments");
  checkPipelineOptions(options, "mapDocuments");
  return buildMap(await analyseAll(sources, options), options);
}
