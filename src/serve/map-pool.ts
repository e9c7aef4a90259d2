/**
 * Mapping for `POST /api/map` off the server's event loop: one worker thread (piscina) maps the
 * posted texts, so searches, map views and listings go on meanwhile, and the API's queue of
 * waiting posts (`MapQueue` in `api-routes.ts`) sees every post as it arrives and answers 503 with
 * `Retry-After` beyond its bound.
 */
import type { Piscina as PiscinaPool } from "piscina";
import type { ErrorCode } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import { workerFile } from "../pipeline/index.js";
import type { MapText } from "./api-routes.js";
import type { MapTask, MapTaskResult } from "./map-worker.js";

export interface MapPool {
  mapText: MapText;
  close(): Promise<void>;
}

/**
 * A pool that starts its worker on the first post.
 * @example const pool = mapPool(1 << 20); await pool.mapText({ name: "a", text: "…" }); await pool.close();
 */
export function mapPool(maxBytes: number): MapPool {
  let pool: Promise<PiscinaPool<MapTask, MapTaskResult>> | undefined;
  const start = async () => {
    const { Piscina } = await import("piscina");
    return new Piscina<MapTask, MapTaskResult>({
      ...workerFile("serve/map-worker"),
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
    });
  };
  return {
    async mapText(input) {
      const workers = await (pool ??= start());
      const result = await workers.run({ ...input, maxBytes });
      if ("error" in result) throw new ArgmapError(result.error.code as ErrorCode, result.error.message);
      return result.map;
    },
    async close() {
      if (pool) await (await pool).destroy();
    },
  };
}
