/** argmap's public API. */
export { mapSources, readInputs } from "./api.js";
export type { MapInput, MapOptions } from "./api.js";
export { analyseSource, buildMap, mapDocuments } from "./pipeline/index.js";
export type { PipelineOptions, SourceAnalysis } from "./pipeline/index.js";
export * from "./model/index.js";
export { mapJsonSchema } from "./model/json-schema.js";
export type {
  Engine,
  EngineCapabilities,
  Embeddings,
  ExtractInput,
  KeyPointScorer,
  RelateInput,
  ScorePair,
} from "./engines/engine.js";
export { listEngines, registerEngine, resolveEngine } from "./engines/registry.js";
export type { EngineConfig, EngineDefinition } from "./engines/registry.js";
export { batchScorer, lexicalScorer, type PairScorer } from "./cluster/scorer.js";
export { classicEngine } from "./engines/classic/index.js";
export type { Segmenter, Token } from "./segment/index.js";
export { winkSegmenter } from "./segment/index.js";
export {
  engineKeyOf,
  MAX_QUERY_CHARS,
  MAX_QUERY_WORDS,
  openCorpus,
  parseSearchQuery,
  SEARCH_ITEM_TYPES,
  STORE_OPENERS,
} from "./store/index.js";
export type {
  AnalysisFilter,
  CorpusStore,
  OpenCorpusOptions,
  PutResult,
  RunInfo,
  SearchFilters,
  SearchHit,
  SearchItemType,
  SearchQuery,
  SearchTerm,
  StoreOpener,
  StoredItem,
  StoredMapInfo,
  StoredSource,
} from "./store/index.js";
