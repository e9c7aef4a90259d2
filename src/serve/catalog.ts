/**
 * Where the server's maps come from: maps held in memory (files given on the command line, texts
 * posted to `POST /api/map`) and, with `--db`, the corpus store's stored maps, sources and
 * full-text search. Views are built once per map and kept in a small cache.
 */
import { toCards } from "../assemble/index.js";
import type { ArgumentMap, SourceAnalysis } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import type { CorpusStore, SearchFilters, SearchHit } from "../store/index.js";
import { groupSearchHits } from "../store/index.js";
import { searchMaps } from "./memory-search.js";
import type { MapSummary, MapView, SearchResponse, SourceView } from "./types.js";
import { MAX_CARDS, toMapView, toSourceView } from "./view.js";

/** Most maps posted to `POST /api/map` that are kept (the oldest goes first). */
export const MAX_POSTED_MAPS = 20;
const VIEW_CACHE = 32;
/** How long a stored map's view is reused before the store is asked again (maps can be replaced). */
const STORE_VIEW_TTL_MS = 10_000;

/** A small least-recently-used cache. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

interface MemoryMap {
  id: string;
  name: string;
  createdAt: string;
  map: ArgumentMap;
  posted: boolean;
  /** Cards the map makes (the count the picker, the Cards view and the report show). */
  cards: number;
}

function notFound(what: string, id: string, hint: string): ArgmapError {
  return new ArgmapError("DATA_NOT_FOUND", `no ${what} '${id}' here; ${hint}`, { input: id });
}

function summaryOf(m: MemoryMap): MapSummary {
  return {
    id: m.id,
    name: m.name,
    createdAt: m.createdAt,
    sources: m.map.sources.length,
    arguments: m.cards,
    keyPoints: m.map.keyPoints.length,
  };
}

/** Everything the API reads. */
export class Catalog {
  private readonly memory: MemoryMap[] = [];
  private nextId = 1;
  private readonly views = new Lru<{ view: MapView; at: number }>(VIEW_CACHE);
  private readonly sources = new Lru<SourceView>(VIEW_CACHE);
  /** Views being built: concurrent requests for one map wait for the same build. */
  private readonly building = new Map<string, Promise<MapView>>();

  /**
   * `store` (opened by the caller, who also closes it) adds the corpus' maps and search;
   * `search` replaces the store's own search (a `SearchPool` off the server's thread).
   */
  constructor(
    private readonly store?: CorpusStore,
    private readonly storeSearch?: (query: string, filters: SearchFilters) => Promise<SearchHit[]>,
  ) {}

  /** Hold a map in memory; `posted` maps are capped at `MAX_POSTED_MAPS`. Returns its summary. */
  addMap(name: string, map: ArgumentMap, options: { posted?: boolean; now?: Date } = {}): MapSummary {
    const entry: MemoryMap = {
      id: `m${this.nextId++}`,
      name,
      createdAt: (options.now ?? new Date()).toISOString(),
      map,
      posted: options.posted === true,
      cards: toCards(map, { limit: MAX_CARDS }).length,
    };
    this.memory.push(entry);
    if (entry.posted) {
      const posted = this.memory.filter((m) => m.posted);
      if (posted.length > MAX_POSTED_MAPS) this.memory.splice(this.memory.indexOf(posted[0]!), 1);
    }
    return summaryOf(entry);
  }

  async listMaps(): Promise<MapSummary[]> {
    const out = this.memory.map(summaryOf);
    if (this.store) {
      for (const m of await this.store.listMaps())
        out.push({
          id: String(m.id),
          name: m.name ?? `map ${m.id}`,
          createdAt: m.createdAt,
          sources: m.sourceIds.length,
          arguments: m.arguments,
          keyPoints: m.keyPoints,
        });
    }
    return out;
  }

  /** The map itself (`?format=argmap`). */
  async getMap(id: string): Promise<{ name: string; map: ArgumentMap }> {
    const held = this.memory.find((m) => m.id === id);
    if (held) return { name: held.name, map: held.map };
    if (this.store && /^[1-9][0-9]{0,15}$/.test(id)) {
      const info = (await this.store.listMaps()).find((m) => String(m.id) === id);
      const map = info ? await this.store.getMap(info.id) : undefined;
      if (info && map) return { name: info.name ?? `map ${info.id}`, map };
    }
    throw notFound("map", id, "GET /api/maps lists the maps.");
  }

  async getMapView(id: string): Promise<MapView> {
    const held = this.memory.find((m) => m.id === id);
    const key = held ? `${held.id}@${held.createdAt}` : `db:${id}`;
    const cached = this.views.get(key);
    if (cached && (held || Date.now() - cached.at < STORE_VIEW_TTL_MS)) return cached.view;
    const pending = this.building.get(key);
    if (pending) return pending;
    const build = (async () => {
      const { name, map } = await this.getMap(id);
      const view = toMapView(id, name, map);
      this.views.set(key, { view, at: Date.now() });
      return view;
    })();
    this.building.set(key, build);
    try {
      return await build;
    } finally {
      this.building.delete(key);
    }
  }

  async getSource(id: string): Promise<SourceView> {
    const cached = this.sources.get(id);
    if (cached) return cached;
    let view: SourceView | undefined;
    for (let i = this.memory.length - 1; i >= 0 && !view; i--) {
      const map = this.memory[i]!.map;
      const source = map.sources.find((s) => s.id === id);
      if (source) view = toSourceView(source, map.units, map.relations);
    }
    if (!view && this.store) {
      const [analysis]: SourceAnalysis[] = await this.store.loadAnalyses({ sourceIds: [id] });
      if (analysis && analysis.source.id === id)
        view = toSourceView(analysis.source, analysis.units, analysis.relations);
    }
    if (!view) throw notFound("source", id, "source ids come with the maps and search hits.");
    this.sources.set(id, view);
    return view;
  }

  /** The store's full-text search when there is a store, else a search over the maps in memory. */
  async search(query: string, filters: SearchFilters): Promise<SearchResponse> {
    if (this.store) {
      const hits = await (this.storeSearch
        ? this.storeSearch(query, filters)
        : this.store.search(query, filters));
      return {
        query,
        engine: "store",
        hits: groupSearchHits(hits).map((h) => ({
          type: h.type,
          id: h.id,
          ...(h.unitKind !== undefined ? { unitKind: h.unitKind } : {}),
          ...(h.stance !== undefined ? { stance: h.stance } : {}),
          sourceId: h.sourceId,
          sourceName: h.sourceName,
          ...(h.postId !== undefined ? { postId: h.postId } : {}),
          ...(h.author !== undefined ? { author: h.author } : {}),
          span: [h.span[0], h.span[1]],
          text: h.text,
          snippet: h.snippet,
          score: h.score,
          ...(h.postMatched ? { postMatched: true } : {}),
        })),
      };
    }
    return {
      query,
      engine: "memory",
      hits: searchMaps(
        this.memory.map((m) => m.map),
        query,
        filters,
      ),
    };
  }
}
