/**
 * The loop of `argmap watch`: every round re-reads a live source (a URL with a conditional
 * request; a file or folder by content hash), stores only what changed, maps the corpus, and
 * prints what changed since the map before. Transient failures (429, 5xx, network) are retried
 * with exponential backoff (honouring `Retry-After`); a round that still fails is reported and the
 * watch goes on. The corpus is the state: a restarted watch compares with the last stored map.
 */
import { streamInputs } from "../api.js";
import type { Engine } from "../engines/engine.js";
import { diffMaps, renderDiff, type DiffFormat } from "../diff/index.js";
import {
  DEFAULT_MAX_BYTES,
  fetchIfChanged,
  HttpStatusError,
  isUrl,
  readSource,
  type Validators,
} from "../ingest/index.js";
import { describeError, isArgmapError, MAP_FORMAT_VERSION } from "../model/index.js";
import type { ArgumentMap, Diagnostic, SourceDoc, ArgmapError } from "../model/index.js";
import type { CorpusStore, RunInfo } from "../store/index.js";
import type { CliIO } from "./command.js";
import { CORPUS_MAP, storeCorpusMap } from "./corpus-map.js";
import type { inputOptions } from "./input-options.js";
import { storeSources } from "./store-sources.js";

export interface WatchPlan {
  /** A URL, file or folder (as given, resolved against the working directory for files). */
  input: string;
  everyMs: number;
  /** Stop after this many rounds (default: until Ctrl-C). */
  rounds?: number;
  /** First retry delay; doubled per retry, capped at `everyMs`. */
  backoffMs: number;
  /** Retries of one round's read before the round is given up. */
  retries: number;
  format: DiffFormat;
  read: ReturnType<typeof inputOptions>;
}

export interface WatchContext {
  store: CorpusStore;
  engine: Engine;
  pool: { jobs: number; workerEngine?: string; poolMinBytes?: number };
  io: CliIO;
  /** Aborted by Ctrl-C: the round in hand finishes, then the watch ends. */
  signal: AbortSignal;
  quiet: boolean;
}

/** A wait that ends early (resolving) when the signal is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/** Worth trying again: the server is busy or failing (429, 5xx), or the network broke. */
export function isTransient(error: unknown): boolean {
  if (error instanceof HttpStatusError) return error.status === 429 || error.status >= 500;
  // Network failures and timeouts carry their cause; a refused address or a bad body does not.
  return isArgmapError(error) && error.code === "INPUT_UNREADABLE" && error.cause !== undefined;
}

/** Run `attempt`, retrying transient failures with exponential backoff (or the server's Retry-After). */
export async function withBackoff<T>(
  attempt: () => Promise<T>,
  plan: Pick<WatchPlan, "backoffMs" | "retries" | "everyMs">,
  signal: AbortSignal,
  say: (line: string) => void,
): Promise<T> {
  for (let k = 0; ; k++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransient(error) || k >= plan.retries || signal.aborted) throw error;
      const asked = error instanceof HttpStatusError ? (error.retryAfterMs ?? 0) : 0;
      const wait = Math.max(asked, Math.min(plan.backoffMs * 2 ** k, Math.max(plan.backoffMs, plan.everyMs)));
      say(
        `${describeError(error as ArgmapError)} Retrying in ${formatMs(wait)} (${k + 1} of ${plan.retries}).`,
      );
      await sleep(wait, signal);
    }
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A map with nothing in it: what the first round of a watch on an empty corpus compares with. */
function emptyMap(engine: Engine): ArgumentMap {
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: { name: engine.name, version: engine.version, models: { ...engine.models } },
    sources: [],
    segments: [],
    units: [],
    relations: [],
    keyPoints: [],
    arguments: [],
    diagnostics: [],
  };
}

interface RoundInput {
  sources: AsyncIterable<SourceDoc>;
  diagnostics: Diagnostic[];
  /** Inputs that could not be read, known once `sources` has been read. */
  failed: { error: ArgmapError }[];
}

/** The sources of one round: a URL fetched unless unchanged (304), or the files read. */
async function readRound(plan: WatchPlan, held: { validators: Validators }): Promise<RoundInput | undefined> {
  if (!isUrl(plan.input)) return streamInputs([plan.input], plan.read);
  const { raw, validators } = await fetchIfChanged(plan.input, {
    maxBytes: plan.read.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(plan.read.timeoutMs !== undefined ? { timeoutMs: plan.read.timeoutMs } : {}),
    ...(plan.read.noPrivateNetwork ? { noPrivateNetwork: true } : {}),
    validators: held.validators,
  });
  if (!raw) return undefined; // 304: nothing new
  const { doc, diagnostics } = readSource(raw, {
    ...(plan.read.format ? { format: plan.read.format } : {}),
    ...(plan.read.columns ? { columns: plan.read.columns } : {}),
  });
  held.validators = validators;
  return {
    sources: (async function* () {
      yield doc;
    })(),
    diagnostics,
    failed: [],
  };
}

/** One round: read, store what changed, map and print the digest. Returns whether anything changed. */
async function runRound(
  plan: WatchPlan,
  ctx: WatchContext,
  held: { validators: Validators },
): Promise<boolean> {
  const { store, engine, io } = ctx;
  const say = (line: string) => {
    if (!ctx.quiet) io.stderr.write(`argmap: ${line}\n`);
  };
  const read = await withBackoff(() => readRound(plan, held), plan, ctx.signal, say);
  let changed = false;
  if (read) {
    const run: RunInfo = { engine: engine.name, engineVersion: engine.version, models: engine.models };
    await storeSources(read.sources, store, {
      engine,
      ...ctx.pool,
      run,
      readDiagnostics: read.diagnostics,
      onStored: () => (changed = true),
      say,
    });
    if (read.failed.length > 0) throw read.failed[0]!.error;
  } else say(`${plan.input}: not modified.`);
  const latest = (await store.listMaps()).find((m) => m.name === CORPUS_MAP);
  if (!changed && latest) return false;
  const before = latest ? await store.getMap(latest.id) : undefined;
  const { map, id } = await storeCorpusMap(store, engine);
  const scorer = engine.keyPointScorer?.();
  const diff = await diffMaps(before ?? emptyMap(engine), map, {
    ...(scorer ? { scorer } : {}),
    oldLabel: latest ? `map ${latest.id}` : "an empty corpus",
    ...(latest ? { oldCreatedAt: latest.createdAt } : {}),
    newLabel: `map ${id}`,
  });
  // JSON digests are one line each (JSON Lines), so a reader can take them round by round.
  io.stdout.write(
    plan.format === "json" ? `${JSON.stringify(diff)}\n` : `${renderDiff(diff, plan.format)}\n`,
  );
  return true;
}

/**
 * Watch until `plan.rounds` rounds are done or the signal is aborted. A round that fails for a
 * reason that will not pass (a refused address, a 404, a malformed page) ends the first round's
 * watch with that error; later, and for transient failures, it is reported and the watch goes on.
 */
export async function watchSource(plan: WatchPlan, ctx: WatchContext): Promise<void> {
  const held = { validators: {} as Validators };
  for (let round = 1; plan.rounds === undefined || round <= plan.rounds; round++) {
    if (ctx.signal.aborted) return;
    try {
      await runRound(plan, ctx, held);
    } catch (error) {
      if (!isArgmapError(error) || !error.isUserError || (round === 1 && !isTransient(error))) throw error;
      ctx.io.stderr.write(
        `argmap: round ${round} failed: ${describeError(error)} Trying again next round.\n`,
      );
    }
    if (plan.rounds !== undefined && round >= plan.rounds) return;
    await sleep(plan.everyMs, ctx.signal);
  }
}
