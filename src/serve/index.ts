/**
 * `argmap serve`: an HTTP API and a web viewer over argument maps (files mapped at start-up,
 * texts posted to the API, a corpus store's maps and search).
 *
 * @example
 * const catalog = new Catalog();
 * catalog.addMap("thread.txt", await mapSources("thread.txt"));
 * const server = await startServer({ catalog });
 * console.log(`open ${server.url}`);
 */
export { Catalog, MAX_POSTED_MAPS } from "./catalog.js";
export type { MapText } from "./api-routes.js";
export { searchMaps } from "./memory-search.js";
export { SearchPool } from "./search-pool.js";
export { OPENAPI } from "./openapi.js";
export { isLoopbackHost, resolveAccess, CONTENT_SECURITY_POLICY, TOKEN_COOKIE } from "./security.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  MAX_URL_CHARS,
  startServer,
  type RunningServer,
  type ServeOptions,
} from "./server.js";
export { DEFAULT_STATIC_DIR, readStatic, safeSegments } from "./static.js";
export { toMapView, toSourceView, graphOf, MAX_GRAPH_NODES } from "./view.js";
export type * from "./types.js";
