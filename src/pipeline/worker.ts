/**
 * A worker thread of the analysis pool (see `pool.ts`): builds its own engine once, by registered
 * name (models load once per worker), then segments, extracts and relates the sources it is sent.
 */
import type { Engine } from "../engines/engine.js";
import { resolveEngine } from "../engines/registry.js";
import type { SourceAnalysis, SourceDoc } from "../model/index.js";
import { analyseSource } from "./analyse.js";

/** One task: a source and the registered name of the engine to analyse it with. */
export interface AnalyseTask {
  source: SourceDoc;
  engine: string;
}

/** What a task returns: the analysis, and the milliseconds it took in the worker. */
export interface AnalyseResult {
  analysis: SourceAnalysis;
  ms: number;
}

const engines = new Map<string, Promise<Engine>>();

/** Analyse one source in this worker (the pool calls it; the engine is built on first use). */
export default async function analyseInWorker(task: AnalyseTask): Promise<AnalyseResult> {
  let engine = engines.get(task.engine);
  if (!engine) {
    engine = resolveEngine(task.engine);
    engines.set(task.engine, engine);
  }
  const resolved = await engine;
  const t0 = performance.now();
  const analysis = await analyseSource(task.source, { engine: resolved });
  return { analysis, ms: performance.now() - t0 };
}
