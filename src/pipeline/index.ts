export * from "./analyse.js";
export * from "./pool.js";
export { describeValue } from "./arguments.js";
export {
  buildStreamedMap,
  DEFAULT_SAMPLE_UNITS,
  streamedJsonChunks,
  summaryMap,
  type AnalysisReader,
  type StreamedMap,
  type StreamMapOptions,
} from "./stream-map.js";
