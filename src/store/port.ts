/**
 * The corpus store port. The core (pipeline, CLI, server) talks to a corpus only through
 * `CorpusStore`, obtained from `openCorpus(target)` (`./index.ts`), which picks the
 * implementation from the target: a file path is a SQLite corpus (`./sqlite/`); `postgres://…`
 * a PostgreSQL one (`./postgres/`). Contract every implementation keeps:
 * - every method returns a promise and is a whole unit of work (one transaction in SQL terms);
 *   no cursor or connection state leaks out, so a pooled, networked backend fits;
 * - ids are the model's string ids (content-hash based), never backend row ids;
 * - search follows one query language (`./query.ts`: words, "phrases", prefix*, OR, -exclusion),
 *   parsed once by `parseSearchQuery` and translated by the store, never passed through as
 *   engine syntax; a higher `score` is a better match; snippets mark matches with `[` `]`.
 */
import type { SourceAnalysis } from "../model/index.js";
import type { ArgumentMap, Diagnostic, EngineName, Span, Stance, UnitKind } from "../model/index.js";

/** Who analysed a source and how: one row in the runs table per add or map build. */
export interface RunInfo {
  engine: EngineName;
  engineVersion: string;
  /** Model name → version/hash. */
  models: Readonly<Record<string, string>>;
  /** Options the run used (JSON-serialisable). */
  options?: unknown;
  /** Stage name → milliseconds. */
  timings?: Readonly<Record<string, number>>;
  diagnostics?: readonly Diagnostic[];
}

/**
 * The cache key of an engine: name, version and every model version. Two analyses of the same
 * content with the same engine key are identical, so the store never redoes them.
 *
 * @example engineKeyOf({ engine: "classic", engineVersion: "0.3.0", models: { units: "ab12" } })
 *   // → "classic@0.3.0;units=ab12"
 */
export function engineKeyOf(run: Pick<RunInfo, "engine" | "engineVersion" | "models">): string {
  const models = Object.keys(run.models)
    .sort()
    .map((k) => `${k}=${run.models[k]}`);
  return [`${run.engine}@${run.engineVersion}`, ...models].join(";");
}

/** One stored source, as `listSources` reports it. */
export interface StoredSource {
  /** Content hash (`SourceDoc.id`). */
  id: string;
  name: string;
  uri?: string;
  format: string;
  title?: string;
  engineKey: string;
  addedAt: string;
  posts: number;
  segments: number;
  units: number;
  relations: number;
  /** Characters of source text. */
  chars: number;
}

/** What `putAnalysis` did. */
export interface PutResult {
  sourceId: string;
  runId: number;
  /** Ids of the older sources this one replaced (same name/uri or same content). */
  replaced: string[];
}

export type SearchItemType = "post" | "unit" | "key-point";
export const SEARCH_ITEM_TYPES: readonly SearchItemType[] = ["post", "unit", "key-point"];

export interface SearchFilters {
  /** Source id or name (exact). */
  source?: string;
  /** Post author (exact); units match through their post. */
  author?: string;
  /** Key point stance; since only key points carry a stance, setting it limits hits to key points. */
  stance?: Stance;
  /** An item type (`post`, `unit`, `key-point`) or a unit kind (`claim`, `premise`, …). */
  kind?: SearchItemType | UnitKind;
  /** Most hits to return (default 20). */
  limit?: number;
}

/** One search result; it cites its source span. */
export interface SearchHit {
  type: SearchItemType;
  id: string;
  /** Unit kind for units. */
  unitKind?: UnitKind;
  stance?: Stance;
  sourceId: string;
  sourceName: string;
  postId?: string;
  author?: string;
  span: Span;
  text: string;
  /**
   * The matching text around the first match, about 16 words, matched words wrapped in `[` `]`
   * and cuts marked with `…`.
   */
  snippet: string;
  /**
   * Relevance: higher is a better match (SQLite: `-bm25`; PostgreSQL: `ts_rank`). Comparable
   * between hits of one search only.
   */
  score: number;
  /** For key points: the map they belong to. */
  mapId?: number;
}

export interface AnalysisFilter {
  /** Source ids or names. */
  sourceIds?: readonly string[];
  /** Only sources with a post or unit matching this query (the `search` query language). */
  query?: string;
}

/** A stored item, found by id. */
export type StoredItem =
  | { type: "source"; source: StoredSource }
  | { type: "post"; sourceId: string; item: SourceAnalysis["source"]["posts"][number]; text: string }
  | { type: "segment"; sourceId: string; item: SourceAnalysis["segments"][number] }
  | { type: "unit"; sourceId: string; item: SourceAnalysis["units"][number] }
  | { type: "relation"; sourceId: string; item: SourceAnalysis["relations"][number] }
  | { type: "key-point"; mapId: number; item: ArgumentMap["keyPoints"][number] };

export interface StoredMapInfo {
  id: number;
  name?: string;
  /** The name this map had until a newer map of that name replaced it (see `PutMapOptions.keepHistory`). */
  historyOf?: string;
  createdAt: string;
  sourceIds: string[];
  keyPoints: number;
  arguments: number;
}

/**
 * A corpus: stored per-source analyses, built maps and a full-text index over them.
 *
 * @example
 * const store = await openCorpus("argmap.db"); // or "postgres://user@host/db"
 * try {
 *   if (!(await store.hasSource(doc.id, engineKeyOf(run)))) await store.putAnalysis(analysis, run);
 *   const hits = await store.search('"nuclear power" OR reactor* -fusion', { kind: "claim" });
 * } finally {
 *   await store.close();
 * }
 */
export interface CorpusStore {
  /** True when this content was already analysed with this engine key. */
  hasSource(contentHash: string, engineKey: string): Promise<boolean>;
  /**
   * Store one source's analysis in one transaction. An older source with the same uri (or name,
   * when there is no uri) or the same content is replaced, rows and search index included.
   */
  putAnalysis(analysis: SourceAnalysis, run: RunInfo): Promise<PutResult>;
  /** Stored analyses (all, or those matching the filter), in the order they were added. */
  loadAnalyses(filter?: AnalysisFilter): Promise<SourceAnalysis[]>;
  /**
   * Full-text search over posts, argumentative units and the key points of the latest map, best
   * match first. `query` uses the query language of `parseSearchQuery` (`./query.ts`); a query
   * with no words finds nothing, and one that is too long or only excludes is a `USAGE` error.
   */
  search(query: string, filters?: SearchFilters): Promise<SearchHit[]>;
  listSources(): Promise<StoredSource[]>;
  /** A source (by id or name), post, segment, unit, relation or key point by id. */
  getItem(id: string): Promise<StoredItem | undefined>;
  /** Remove a source (by id, name or uri) and everything derived from it; returns how many. */
  removeSource(idOrName: string): Promise<number>;
  /**
   * Store a built map (and its key points, for search); returns its id. A map of the same name is
   * replaced; with `keepHistory` the replaced map stays (unnamed, `historyOf` the name, its key
   * points no longer searched), and of those only the `keepHistory` newest are kept.
   */
  putMap(map: ArgumentMap, run: RunInfo, options?: PutMapOptions): Promise<number>;
  /** A stored map by id or name; the latest one when no key is given. */
  getMap(key?: number | string): Promise<ArgumentMap | undefined>;
  listMaps(): Promise<StoredMapInfo[]>;
  /** Release the connection; calling it twice is harmless. */
  close(): Promise<void>;
}

export interface PutMapOptions {
  name?: string;
  /** With `name`: keep this many earlier maps of the name as its history (default 0: none). */
  keepHistory?: number;
}

/** Options every store understands when it is opened. */
export interface OpenCorpusOptions {
  /** Open for reading only: nothing is created, migrated or written. */
  readonly?: boolean;
  /** How long one operation waits for a lock held by another writer, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Where a store's one-line notes go (e.g. how a PostgreSQL sslmode is applied); default: dropped. */
  warn?: (line: string) => void;
}
