import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../test/helpers.js";
import { isArgmapError, type SourceDoc } from "../model/index.js";
import { workerOutOfMemory } from "../pipeline/pool.js";
import { hnThread } from "../../bench/synthetic.js";
import {
  ENGINE_HEAP_BYTES,
  MAP_BYTES_PER_INPUT_BYTE,
  checkMapMemory,
  countJsonObjects,
  mapMemoryNeeded,
  localInputBytes,
  mapFitsInMemory,
  textFitsInMemory,
} from "./memory-budget.js";

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "argmap-budget-"));
  mkdirSync(join(dir, "sub", "deeper"), { recursive: true });
  writeFileSync(join(dir, "a.txt"), "x".repeat(10));
  writeFileSync(join(dir, "sub", "b.txt"), "x".repeat(20));
  writeFileSync(join(dir, "sub", "deeper", "c.txt"), "x".repeat(5));
  return dir;
}

describe("the map memory budget", () => {
  it("counts the bytes of files and folders, not URLs, stdin or missing paths", () => {
    const dir = tree();
    expect(localInputBytes([dir])).toBe(35);
    expect(localInputBytes([join(dir, "a.txt"), "-", "https://example.com/x", join(dir, "nope")])).toBe(10);
  });

  it("refuses inputs whose map cannot fit in the heap, naming the input and what to do instead", () => {
    const dir = tree();
    const fits = ENGINE_HEAP_BYTES + 35 * MAP_BYTES_PER_INPUT_BYTE;
    expect(() => checkMapMemory([dir], fits)).not.toThrow();
    let error: unknown;
    try {
      checkMapMemory([dir], fits - 1);
    } catch (e) {
      error = e;
    }
    expect(isArgmapError(error) && error.code === "INPUT_TOO_LARGE").toBe(true);
    expect((error as { input?: string }).input).toBe(dir);
    expect((error as Error).message).toMatch(/argmap add --db/);
  });

  it("tells map when inputs (or stored text) fit in memory, so that it streams the others", () => {
    const dir = tree();
    const fits = ENGINE_HEAP_BYTES + 35 * MAP_BYTES_PER_INPUT_BYTE;
    expect(mapFitsInMemory([dir], fits)).toBe(true);
    expect(mapFitsInMemory([dir], fits - 1)).toBe(false);
    expect(textFitsInMemory(35, fits)).toBe(true);
    expect(textFitsInMemory(36, fits)).toBe(false);
  });

  it("stops the real CLI with exit 2 and one line before any work when the heap is too small", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-budget-"));
    const file = join(dir, "big.txt");
    // 3 MB: needs about 300 MB; a 32 MB old space gives a heap limit of about 84 MB.
    writeFileSync(file, "Taxes fund schools because cities need them.\n\n".repeat(65_000));
    const r = spawnSync(
      process.execPath,
      ["--max-old-space-size=32", `${repoRoot}bin/argmap.js`, "map", file],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/big\.txt: mapping 3 MB of input needs about \d+ MB of memory/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("turns a worker thread's out-of-memory into an input error naming the source", () => {
    const source = { name: "huge.jsonl" } as SourceDoc;
    const oom = Object.assign(new Error("Worker terminated due to reaching memory limit"), {
      code: "ERR_WORKER_OUT_OF_MEMORY",
    });
    const error = workerOutOfMemory(oom, source);
    expect(error?.code).toBe("INPUT_TOO_LARGE");
    expect(error?.input).toBe("huge.jsonl");
    expect(workerOutOfMemory(new Error("other"), source)).toBeUndefined();
  });

  it("counts a thread's JSON objects, so a wide HN story is estimated near its measured 136 bytes per byte and streamed", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-budget-"));
    const story = join(dir, "story.jsonl");
    // Short direct replies, as the 200,000-reply story that peaked at 4.9 GB for 36 MB.
    writeFileSync(story, hnThread(2000, "wide", { nearIdentical: true }));
    const bytes = localInputBytes([story]);
    expect(countJsonObjects(story)).toBe(2001);
    const need = mapMemoryNeeded({ bytes, items: 2001 }) - ENGINE_HEAP_BYTES;
    expect(need / bytes).toBeGreaterThan(136);
    // A heap that the old estimate (25 per byte, no per-post cost) let this map into: now streamed.
    const oldEstimate = ENGINE_HEAP_BYTES + 25 * bytes;
    expect(mapFitsInMemory([story], oldEstimate * 2)).toBe(false);
    expect(() => checkMapMemory([story], oldEstimate * 2)).toThrow(/needs about/);
  });

  it("estimates an essay's map from its bytes alone (about 95 per byte measured at 1 and 4 MiB)", () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-budget-"));
    const essay = join(dir, "essay.txt");
    writeFileSync(essay, "Cities should tax cars because roads cost money.\n\n".repeat(20_000));
    expect(countJsonObjects(essay)).toBe(0);
    const bytes = localInputBytes([essay]);
    expect(mapMemoryNeeded({ bytes, items: 0 })).toBe(ENGINE_HEAP_BYTES + bytes * MAP_BYTES_PER_INPUT_BYTE);
    expect(MAP_BYTES_PER_INPUT_BYTE).toBeGreaterThanOrEqual(85);
  });
});
