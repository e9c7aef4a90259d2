/**
 * A search worker: opens the corpus read-only in its own thread and answers searches, so a slow
 * full-text query does not hold up the server's other requests (see `SearchPool`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { isArgmapError } from "../model/index.js";
import type { SearchFilters } from "../store/index.js";
import { openCorpus } from "../store/index.js";

interface Job {
  id: number;
  query: string;
  filters: SearchFilters;
}

const { target } = workerData as { target: string };
const store = await openCorpus(target, { readonly: true });
const port = parentPort!;
port.on("message", (job: Job | "close") => {
  if (job === "close") {
    void store.close().then(() => port.close());
    return;
  }
  store.search(job.query, job.filters).then(
    (hits) => port.postMessage({ id: job.id, hits }),
    (error: unknown) =>
      port.postMessage({
        id: job.id,
        error: isArgmapError(error)
          ? { code: error.code, message: error.message, user: error.isUserError }
          : {
              code: "INTERNAL",
              message: error instanceof Error ? (error.stack ?? error.message) : String(error),
              user: false,
            },
      }),
  );
});
port.postMessage({ ready: true });
