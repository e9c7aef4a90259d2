/**
 * One queue job: an ingested source to analyse and store. The payload is checked against its
 * schema when a worker takes it (it crossed a network and may come from another version), and
 * processing is idempotent by content hash: a source already stored with this engine is not
 * analysed again, so a job retried after a crash stores its result once.
 */
import { z } from "zod";
import type { Engine } from "../engines/engine.js";
import { ArgmapError, Diagnostic, SourceDoc } from "../model/index.js";
import { analyseSource } from "../pipeline/index.js";
import type { CorpusStore, RunInfo } from "../store/index.js";
import { engineKeyOf } from "../store/index.js";

/** The BullMQ job name of an analysis job. */
export const ANALYSE_JOB = "analyse";

export const JobPayload = z.object({
  /** The ingested source; its `id` (content hash) is the job id. */
  source: SourceDoc,
  /** Diagnostics ingest raised for this source, stored with its analysis. */
  diagnostics: z.array(Diagnostic),
  /** The `--from` format the source was read with (`auto` when detected), kept in the run record. */
  from: z.string(),
});
export type JobPayload = z.infer<typeof JobPayload>;

/**
 * What a finished job keeps in Redis instead of its payload: the job id alone says "done" to
 * producers, so a completed job need not hold its source's text (Redis memory would grow with the
 * corpus). A job retried after its data was slimmed (a worker killed between the two writes)
 * finds this marker and completes without work: its source is stored.
 */
export const StoredMarker = z.object({
  stored: z.literal(true),
  source: z.object({ id: z.string(), name: z.string() }),
  posts: z.number().int().nonnegative(),
});
export type StoredMarker = z.infer<typeof StoredMarker>;

/** The marker a job's data is replaced with once its source is stored. */
export function storedMarker(payload: JobPayload): StoredMarker {
  return {
    stored: true,
    source: { id: payload.source.id, name: payload.source.name },
    posts: payload.source.posts.length,
  };
}

/** What processing a job did. */
export interface JobOutcome {
  outcome: "added" | "replaced" | "unchanged";
  sourceId: string;
  name: string;
  posts: number;
  /** Argumentative units found (not set when the source was already stored). */
  argumentativeUnits?: number;
}

/** The payload of a job, or an `INPUT_MALFORMED` error saying what is wrong with it. */
export function parsePayload(data: unknown, jobId: string | undefined): JobPayload {
  const parsed = JobPayload.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `job ${jobId ?? "?"} is not an argmap analysis job: ${issue.path.join(".") || "payload"}: ${issue.message}.`,
    );
  }
  if (jobId !== undefined && parsed.data.source.id !== jobId)
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `job ${jobId} carries source ${parsed.data.source.id}; a job's id must be its source's content hash.`,
    );
  return parsed.data;
}

/**
 * Analyse a job's source with `engine` and store it, unless this content is already stored with
 * this engine. Store writes replace by content hash, so two workers finishing the same job (a
 * worker presumed dead that was only slow) still leave one copy.
 *
 * @example const outcome = await processPayload(parsePayload(job.data, job.id), { engine, store });
 */
export async function processPayload(
  payload: JobPayload,
  deps: { engine: Engine; store: CorpusStore },
): Promise<JobOutcome> {
  const { engine, store } = deps;
  const doc = payload.source;
  const run: RunInfo = {
    engine: engine.name,
    engineVersion: engine.version,
    models: engine.models,
    options: { from: payload.from },
  };
  const base = { sourceId: doc.id, name: doc.name, posts: doc.posts.length };
  if (await store.hasSource(doc.id, engineKeyOf(run))) {
    return { outcome: "unchanged", ...base };
  }
  const t0 = performance.now();
  const analysis = await analyseSource(doc, { engine });
  const analyseMs = performance.now() - t0;
  const result = await store.putAnalysis(
    { ...analysis, diagnostics: [...payload.diagnostics, ...analysis.diagnostics] },
    { ...run, timings: { analyse: Math.round(analyseMs) }, diagnostics: analysis.diagnostics },
  );
  return {
    outcome: result.replaced.length > 0 ? "replaced" : "added",
    ...base,
    argumentativeUnits: analysis.units.filter((u) => u.kind !== "none").length,
  };
}
