/**
 * Searches of a file corpus run in worker threads, each with its own read-only connection: the
 * store's search is synchronous inside, so on the server's thread one slow query would hold up
 * every other request (map views, sources). A pool that cannot start (no built worker, e.g. when
 * the sources run untranspiled) reports it, and the caller searches on its own thread instead.
 */
import { Worker } from "node:worker_threads";
import type { ErrorCode } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import type { SearchFilters, SearchHit } from "../store/index.js";
import { runtimeModule } from "../util/package-root/index.js";

interface Reply {
  id: number;
  hits?: SearchHit[];
  error?: { code: string; message: string; user: boolean };
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class SearchPool {
  private readonly pending = new Map<
    number,
    { slot: Slot; resolve(h: SearchHit[]): void; reject(e: unknown): void }
  >();
  private nextId = 1;

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) {
      // A worker that dies fails its searches (500) instead of leaving them hanging.
      const fail = (why: string) => {
        for (const [id, p] of this.pending)
          if (p.slot === slot) {
            this.pending.delete(id);
            p.reject(new Error(`search worker stopped: ${why}`));
          }
      };
      slot.worker.on("error", (error) => fail(error.message));
      slot.worker.on("exit", (code) => fail(`exit code ${code}`));
      slot.worker.on("message", (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        slot.busy--;
        if (m.hits) p.resolve(m.hits);
        else if (m.error?.user) p.reject(new ArgmapError(m.error.code as ErrorCode, m.error.message));
        else p.reject(new Error(`search worker: ${m.error?.message ?? "no answer"}`));
      });
    }
  }

  /**
   * Start `size` workers on the corpus at `target`; resolves once all opened it, rejects when a
   * worker cannot start or open it.
   */
  static async start(target: string, size: number): Promise<SearchPool> {
    const file = runtimeModule("serve/search-worker");
    const slots: Slot[] = [];
    try {
      for (let i = 0; i < size; i++) {
        const worker = file.pathname.endsWith(".ts")
          ? // Run from the TypeScript sources (tests, benches), the worker loads them through tsx.
            new Worker(
              `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`,
              { eval: true, workerData: { target } },
            )
          : new Worker(file, { workerData: { target } });
        slots.push({ worker, busy: 0 });
        await new Promise<void>((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
          worker.once("exit", (code) =>
            reject(new Error(`search worker exited (${code}) before it was ready`)),
          );
        });
        worker.removeAllListeners("error").removeAllListeners("exit");
      }
    } catch (error) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw error;
    }
    return new SearchPool(slots);
  }

  search(query: string, filters: SearchFilters): Promise<SearchHit[]> {
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      slot.worker.postMessage({ id, query, filters });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
