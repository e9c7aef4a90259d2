/**
 * Files the server needs at run time, located from the package root. This module sits three
 * folders below the root (`src/serve/paths/`, `dist/serve/paths/`), like the CLI bundle
 * (`dist/bundle/cli/`), so `../../../` is the package root wherever its code runs from (see
 * scripts/bundle-cli.mjs).
 */
import { fileURLToPath } from "node:url";

const fromSources = import.meta.url.endsWith(".ts");

/** Where `npm run build` puts the viewer. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL("../../../dist/viewer/", import.meta.url));

/**
 * The search worker's module: the TypeScript source when running from sources (tests, benches),
 * else tsc's output, which a worker thread loads on its own (the CLI bundle does not contain it).
 */
export const SEARCH_WORKER = new URL(
  fromSources ? "../../../src/serve/search-worker.ts" : "../../../dist/serve/search-worker.js",
  import.meta.url,
);
