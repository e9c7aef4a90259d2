import { describe, expect, it } from "vitest";
import { readInputs } from "../api.js";
import { classicEngine } from "../engines/classic/index.js";
import type { SourceDoc } from "../model/index.js";
import { documentFixtures } from "../../test/helpers.js";
import { analyseMany, mapDocuments } from "./pool.js";

async function fixtureSources(): Promise<SourceDoc[]> {
  const { sources } = await readInputs(documentFixtures());
  return sources;
}

describe("analysis on a worker pool", () => {
  it("maps many sources on two workers to the same JSON as in one thread", async () => {
    const sources = await fixtureSources();
    expect(sources.length).toBeGreaterThan(10);
    const one = await mapDocuments(sources, { engine: classicEngine, jobs: 1, workerEngine: "classic" });
    let workers = -1;
    const two = await mapDocuments(sources, {
      engine: classicEngine,
      jobs: 2,
      workerEngine: "classic",
      poolMinBytes: 1,
      onPool: (n) => (workers = n),
    });
    expect(workers).toBe(2);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  }, 120_000);

  it("stays in this thread below the start-up threshold or without an engine name workers can build", async () => {
    const sources = await fixtureSources();
    const pools: number[] = [];
    const onPool = (n: number) => pools.push(n);
    await mapDocuments(sources.slice(0, 3), {
      engine: classicEngine,
      jobs: 2,
      workerEngine: "classic",
      onPool,
    });
    await mapDocuments(sources.slice(0, 3), { engine: classicEngine, jobs: 2, poolMinBytes: 1, onPool });
    expect(pools).toEqual([0, 0]);
  });

  it("yields analyses in input order and reports progress in posts", async () => {
    const sources = await fixtureSources();
    const events: { done: number; total: number }[] = [];
    const order: string[] = [];
    const gen = analyseMany(
      (async function* () {
        yield* sources;
      })(),
      {
        engine: classicEngine,
        jobs: 2,
        workerEngine: "classic",
        poolMinBytes: 1,
        onProgress: (e) => {
          if (e.stage === "analyse") events.push({ done: e.done, total: e.total });
        },
      },
    );
    for await (const r of gen) order.push(r.analysis.source.id);
    expect(order).toEqual(sources.map((s) => s.id));
    const posts = sources.reduce((n, s) => n + s.posts.length, 0);
    expect(events.at(-1)).toEqual({ done: posts, total: posts });
    for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThan(events[i - 1]!.done - 1);
  }, 120_000);
});
