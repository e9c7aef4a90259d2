import { describe, expect, it } from "vitest";
import { errorOfSync, repoRoot } from "../../test/helpers.js";
import type { Engine } from "../engines/engine.js";
import { readSource } from "../ingest/index.js";
import { openCorpus } from "../store/index.js";
import { parsePayload, processPayload, type JobPayload } from "./job.js";

const { toyEngine } = (await import(`${repoRoot}test/engines/toy-engine.mjs`)) as { toyEngine: Engine };

/** The toy engine, counting the sources it was asked to analyse. */
function countingEngine(version: string): Engine & { analysed: number } {
  const engine = {
    ...toyEngine,
    version,
    analysed: 0,
    extract: (input: Parameters<Engine["extract"]>[0], ctx: Parameters<Engine["extract"]>[1]) => {
      engine.analysed += input.sources.length;
      return toyEngine.extract(input, ctx);
    },
  };
  return engine;
}

function payloadOf(text: string): JobPayload {
  const { doc, diagnostics } = readSource({ name: "t.txt", bytes: Buffer.from(text) });
  return { source: doc, diagnostics, from: "auto" };
}

describe("processing a queue job", () => {
  it("analyses a source once per engine version, whatever the number of deliveries", async () => {
    const store = await openCorpus(":memory:");
    try {
      const payload = payloadOf("Cities should ban cars downtown.\n\nNo. Shops would lose customers.\n");
      const v1 = countingEngine("1.0.0");
      expect((await processPayload(payload, { engine: v1, store })).outcome).toBe("added");
      const again = await processPayload(payload, { engine: v1, store });
      expect(again).toEqual({
        outcome: "unchanged",
        sourceId: payload.source.id,
        name: "t.txt",
        posts: payload.source.posts.length,
      });
      expect(v1.analysed).toBe(1);
      const v2 = countingEngine("2.0.0");
      expect((await processPayload(payload, { engine: v2, store })).outcome).toBe("replaced");
      expect(v2.analysed).toBe(1);
      expect(await store.listSources()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("refuses a payload that is not an analysis job, or whose source is not the job's content", () => {
    const bad = errorOfSync(() => parsePayload({ source: { id: "x" } }, "job-1"));
    expect(bad.code).toBe("INPUT_MALFORMED");
    expect(bad.message).toMatch(/^job job-1 is not an argmap analysis job: source\.\w+/);
    const payload = payloadOf("One post only.\n");
    expect(parsePayload(payload, payload.source.id).source.id).toBe(payload.source.id);
    const other = errorOfSync(() => parsePayload(payload, "src-000000000000"));
    expect(other.message).toContain(`carries source ${payload.source.id}`);
  });
});
