import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticJsonl } from "../../bench/synthetic.js";
import { classicEngine } from "../engines/classic/index.js";
import { parseMap, renderJson } from "../export/index.js";
import { readJsonlParts } from "../ingest/index.js";
import type { ArgumentMap, Diagnostic, SourceAnalysis } from "../model/index.js";
import { openCorpus, openSpillTables, type CorpusStore } from "../store/index.js";
import { analyseAll, buildMap } from "./index.js";
import { buildStreamedMap, streamedJsonChunks, summaryMap } from "./stream-map.js";

const engine = classicEngine;
let dir: string;
let store: CorpusStore;
let analyses: SourceAnalysis[];
let inMemory: ArgumentMap;

async function joined(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "argmap-stream-map-"));
  // 300 comments of real arguments (the example thread's sentences without ../shared), in 4 parts.
  const file = join(dir, "comments.jsonl");
  await writeSyntheticJsonl(file, { posts: 300 });
  const report = (_: Diagnostic) => undefined;
  analyses = await analyseAll(readJsonlParts(file, { partBytes: 16_000, maxLineBytes: 1 << 20, report }), {
    engine,
  });
  inMemory = await buildMap(analyses, { engine });
  store = await openCorpus(join(dir, "corpus.sqlite"));
  const run = { engine: engine.name, engineVersion: engine.version, models: engine.models };
  for (const a of analyses) await store.putAnalysis(a, run);
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("buildStreamedMap", () => {
  it("gives the in-memory map, byte for byte as JSON, when the sample holds every unit", async () => {
    expect(analyses.length).toBeGreaterThan(2);
    const spill = await openSpillTables(join(dir, "whole.sqlite"));
    try {
      const map = await buildStreamedMap(store, { engine, spill, sampleUnits: 1_000_000 });
      expect(map.complete).toBe(true);
      expect(map.keyPoints.length).toBeGreaterThan(5);
      expect(map.keyPoints).toEqual(inMemory.keyPoints);
      expect([...spill.rankedArguments()]).toEqual(inMemory.arguments);
      expect(await joined(streamedJsonChunks(map, store, spill))).toBe(renderJson(inMemory));
    } finally {
      spill.close();
    }
  });

  it("counts every unit, sampled or not, in the key points of a sample", async () => {
    const spill = await openSpillTables(join(dir, "sampled.sqlite"));
    try {
      const cap = 60;
      const map = await buildStreamedMap(store, { engine, spill, sampleUnits: cap });
      expect(map.complete).toBe(false);
      expect(map.sampled).toBe(cap);
      expect(map.units).toBeGreaterThan(4 * cap);
      const json = await joined(streamedJsonChunks(map, store, spill));
      const parsed = parseMap(json); // schema and references (every member is a unit of the map)
      expect(parsed.units.length).toBe(inMemory.units.length);
      expect(parsed.arguments).toEqual(inMemory.arguments);
      // A unit is in one point at most and the sample holds `cap` units: members past `cap` come
      // from outside the sample.
      const members = parsed.keyPoints.flatMap((k) => k.unitIds);
      expect(new Set(members).size).toBe(members.length);
      expect(members.length).toBeGreaterThan(cap);
      for (const k of parsed.keyPoints) {
        expect(k.authorCount).toBeLessThanOrEqual(k.unitIds.length);
        expect(k.coverage).toBeCloseTo(k.unitIds.length / map.units, 9);
        const s = k.stanceCounts!;
        expect(s.pro + s.con + s.neutral).toBeGreaterThanOrEqual(k.authorCount);
      }
      expect(parsed.stances).toHaveLength(map.units);
    } finally {
      spill.close();
    }
  });

  it("lets the event loop turn (so Ctrl-C is handled) before each batch it reads and each batch it assigns", async () => {
    const spill = await openSpillTables(join(dir, "turns.sqlite"));
    let turns = 0;
    let ticker: NodeJS.Immediate | undefined;
    const tick = () => {
      turns++;
      ticker = setImmediate(tick);
    };
    const seen: { stage: string; turns: number }[] = [];
    try {
      tick();
      await buildStreamedMap(store, {
        engine,
        spill,
        sampleUnits: 60,
        onProgress: (e) => seen.push({ stage: e.stage, turns }),
      });
    } finally {
      if (ticker) clearImmediate(ticker);
      spill.close();
    }
    const firstAssign = seen.findIndex((e) => e.stage === "assign");
    expect(firstAssign).toBeGreaterThan(0);
    // Scoring a batch is synchronous: without a turn before it, a signal waited for the whole stage.
    expect(seen[firstAssign]!.turns).toBeGreaterThan(seen[firstAssign - 1]!.turns);
  });

  it("draws the same sample, and so the same key points, on every run", async () => {
    const texts: string[][] = [];
    for (const name of ["again-1", "again-2"]) {
      const spill = await openSpillTables(join(dir, `${name}.sqlite`));
      try {
        const map = await buildStreamedMap(store, { engine, spill, sampleUnits: 60 });
        texts.push(map.keyPoints.map((k) => `${k.id} ${k.authorCount}`));
      } finally {
        spill.close();
      }
    }
    expect(texts[0]!.length).toBeGreaterThan(0);
    expect(texts[1]).toEqual(texts[0]);
  });

  it("makes a summary map of the best arguments with their posts and the corpus-wide counts", async () => {
    const spill = await openSpillTables(join(dir, "summary.sqlite"));
    try {
      const map = await buildStreamedMap(store, { engine, spill, sampleUnits: 60 });
      const summary = await summaryMap(map, store, spill, 5);
      expect(summary.arguments).toEqual(inMemory.arguments.slice(0, 5));
      const posts = new Set(summary.sources.flatMap((s) => s.posts.map((p) => p.id)));
      for (const a of summary.arguments) for (const p of a.postIds) expect(posts.has(p)).toBe(true);
      expect(posts.size).toBeLessThan(inMemory.sources.flatMap((s) => s.posts).length);
      const units = new Set(summary.units.map((u) => u.id));
      for (const k of summary.keyPoints) for (const id of k.unitIds) expect(units.has(id)).toBe(true);
      expect(summary.keyPoints.map((k) => k.authorCount)).toEqual(map.keyPoints.map((k) => k.authorCount));
    } finally {
      spill.close();
    }
  });
});
