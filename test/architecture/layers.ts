/**
 * The layers of `src/`, lowest first. A module may import its own folder and any lower layer;
 * nothing imports upwards or sideways (two folders on one layer do not import each other).
 * `cli` → `serve` → `api` → `pipeline` → engines → stages → ports → `model`/`util`.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["util"],
  ["model"],
  ["lexicons"],
  ["engines/engine.ts"], // the engine and key point scorer ports
  ["segment", "ingest", "datasets"],
  ["relate", "cluster", "assemble"],
  ["export", "import", "store"],
  ["diff"], // map diffs: matching over the model, digests through the export helpers
  ["engines/classic"],
  ["engines/llm"], // hybrid builds on the classic engine
  ["engines/registry.ts"],
  ["pipeline"],
  ["train"],
  ["eval"],
  ["queue"], // BullMQ producer and worker over the pipeline and the store port
  ["api.ts"],
  ["serve"], // HTTP API + static viewer, over api.ts; the cli's serve command starts it
  ["index.ts", "cli", "viewer"], // viewer: browser code bundled by esbuild, imports serve/types.ts only
];
