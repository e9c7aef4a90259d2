/**
 * The corpus map and its history: `add`, `map --db` and `watch` build the whole-corpus map over
 * the stored analyses (key points of the last one kept with their ids) and store it as the latest,
 * keeping the maps it replaces, so `diff` and `--since` can say what changed. Also: finding a
 * stored map by id, "latest", "previous" or a time.
 */
import type { Engine } from "../engines/engine.js";
import { ArgmapError } from "../model/index.js";
import type { ArgumentMap, ProgressEvent } from "../model/index.js";
import { buildMap } from "../pipeline/index.js";
import type { CorpusStore, StoredMapInfo } from "../store/index.js";

/** Name under which the latest whole-corpus map is stored. */
export const CORPUS_MAP = "corpus";
/** Earlier corpus maps kept for `diff` and `--since` (each holds the corpus' text: bounded). */
export const CORPUS_MAP_HISTORY = 50;

/** A stored map and what to call it in a digest. */
export interface StoredMap {
  map: ArgumentMap;
  id: number;
  label: string;
  createdAt: string;
}

/** The corpus map's line: the latest map and its history, oldest first (all maps when none is named). */
async function lineage(store: CorpusStore): Promise<StoredMapInfo[]> {
  const maps = await store.listMaps();
  const own = maps.filter((m) => m.name === CORPUS_MAP || m.historyOf === CORPUS_MAP);
  return own.length > 0 ? own : maps;
}

async function load(store: CorpusStore, info: StoredMapInfo): Promise<StoredMap> {
  const map = await store.getMap(info.id);
  if (!map) throw new ArgmapError("DATA_NOT_FOUND", `map ${info.id} is no longer in the corpus.`);
  return { map, id: info.id, label: `map ${info.id}`, createdAt: info.createdAt };
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration such as `10m`, `30s`, `500ms`, `2h`, `1d` (a bare number is seconds), in ms.
 * @example parseDuration("10m") // 600000
 */
export function parseDuration(text: string, what: string): number {
  const m = DURATION.exec(text.trim()) ?? /^(\d+(?:\.\d+)?)()$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (UNIT_MS[m[2] || "s"] ?? 1000) : NaN;
  if (!(ms > 0) || !Number.isFinite(ms))
    throw new ArgmapError("USAGE", `${what} must be a duration like 10m, 30s, 500ms or 2h (got '${text}').`);
  return ms;
}

/**
 * A stored map by reference: its id; `latest`; `previous` (the one before `before`, or before the
 * latest); or a time (ISO date, or a duration ago such as `2h`): the latest map made by then.
 */
export async function findStoredMap(store: CorpusStore, ref: string, before?: number): Promise<StoredMap> {
  const maps = await lineage(store);
  const none = (why: string) =>
    new ArgmapError("DATA_NOT_FOUND", `no map '${ref}' in the corpus: ${why}`, { input: ref });
  if (/^[1-9]\d{0,15}$/.test(ref)) {
    const info =
      maps.find((m) => m.id === Number(ref)) ?? (await store.listMaps()).find((m) => m.id === Number(ref));
    if (!info) throw none(`it has maps ${maps.map((m) => m.id).join(", ") || "none"}.`);
    return load(store, info);
  }
  if (ref === "latest" || ref === "previous") {
    const upTo = before === undefined ? maps : maps.filter((m) => m.id < before);
    const info = ref === "latest" ? upTo.at(-1) : before === undefined ? upTo.at(-2) : upTo.at(-1);
    if (!info)
      throw none(
        `the corpus has ${maps.length} stored map${maps.length === 1 ? "" : "s"} (argmap add keeps one per change).`,
      );
    return load(store, info);
  }
  const duration = DURATION.exec(ref);
  const at = duration ? Date.now() - parseDuration(ref, "--since") : Date.parse(ref);
  if (Number.isNaN(at))
    throw new ArgmapError(
      "USAGE",
      `--since takes a map id, 'previous', 'latest', a time (2026-01-31T12:00Z) or a duration ago (2h) (got '${ref}').`,
      { input: ref },
    );
  const info = maps
    .filter((m) => Date.parse(m.createdAt) <= at && (before === undefined || m.id < before))
    .at(-1);
  if (!info) throw none(`no map was stored by ${new Date(at).toISOString()}.`);
  return load(store, info);
}

export interface CorpusMapResult {
  map: ArgumentMap;
  /** Id of the stored map that is this map (new, or the latest when nothing changed). */
  id: number;
  /** False when the latest stored map already was this map (nothing changed). */
  stored: boolean;
}

/** Same maps: the same content, whatever object they came from. */
function sameMap(a: ArgumentMap, b: ArgumentMap | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The stored map was built from these very sources by this very engine (name, version, models). */
function builtFrom(
  map: ArgumentMap,
  mapSourceIds: readonly string[],
  sourceIds: readonly string[],
  engine: Engine,
): boolean {
  const models = (m: Readonly<Record<string, string>>) => JSON.stringify(Object.entries(m).sort());
  return (
    map.engine.name === engine.name &&
    map.engine.version === engine.version &&
    models(map.engine.models) === models(engine.models) &&
    mapSourceIds.length === sourceIds.length &&
    mapSourceIds.every((id, i) => id === sourceIds[i])
  );
}

/**
 * Build the whole-corpus map and store it as the latest, the one it replaces kept as history.
 * When the latest map was built from the same sources by the same engine it is the answer (no
 * work twice: re-matching key points against themselves would shift them); a new map equal to
 * the latest is not stored twice.
 * @example const { id, stored } = await storeCorpusMap(store, engine);
 */
export async function storeCorpusMap(
  store: CorpusStore,
  engine: Engine,
  options: { onProgress?: (event: ProgressEvent) => void } = {},
): Promise<CorpusMapResult> {
  const info = (await store.listMaps()).find((m) => m.name === CORPUS_MAP);
  const latest = info ? await store.getMap(info.id) : undefined;
  const sourceIds = (await store.listSources()).map((s) => s.id);
  if (info && latest && builtFrom(latest, info.sourceIds, sourceIds, engine))
    return { map: latest, id: info.id, stored: false };
  const map = await buildMap(await store.loadAnalyses(), {
    engine,
    previousKeyPoints: latest?.keyPoints ?? [],
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (info && sameMap(map, latest)) return { map, id: info.id, stored: false };
  const id = await store.putMap(
    map,
    { engine: engine.name, engineVersion: engine.version, models: engine.models },
    { name: CORPUS_MAP, keepHistory: CORPUS_MAP_HISTORY },
  );
  return { map, id, stored: true };
}
