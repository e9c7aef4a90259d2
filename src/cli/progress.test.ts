import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { formatDuration, progressReporter, useColor } from "./progress.js";

function io(tty: boolean, env: Record<string, string> = {}): CliIO & { written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  let written = "";
  stderr.on("data", (d: Buffer) => (written += d.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), written: () => written };
}

const flush = () => new Promise((r) => setImmediate(r));

/** A fake clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("progress and colour", () => {
  it("draws a bar with rate and ETA on a terminal once work runs past a second, and clears it", async () => {
    const tty = io(true);
    const c = clock();
    const progress = progressReporter(tty, { now: c.now })!;
    progress.onProgress({ stage: "analyse", done: 0, total: 1000 });
    c.advance(500);
    progress.onProgress({ stage: "analyse", done: 100, total: 1000 });
    await flush();
    expect(tty.written()).toBe(""); // under a second: nothing yet
    c.advance(1500);
    progress.onProgress({ stage: "analyse", done: 400, total: 1000 });
    await flush();
    // 400 posts in 2 s: 200 posts/s, 600 left → 3 s.
    expect(tty.written()).toContain(
      "\r\x1b[2Kanalyse [##########--------------] 400/1000 posts (40%), 200 posts/s, ETA 3s",
    );
    progress.done();
    await flush();
    expect(tty.written().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("writes plain lines now and then when stderr is not a terminal, and nothing with quiet", async () => {
    const pipe = io(false);
    const c = clock();
    const progress = progressReporter(pipe, { now: c.now })!;
    progress.onProgress({ stage: "cluster", done: 0, total: 4000 });
    for (let i = 1; i <= 39; i++) {
      c.advance(1000);
      progress.onProgress({ stage: "cluster", done: i * 100, total: 4000 });
    }
    progress.done();
    await flush();
    const lines = pipe.written().trimEnd().split("\n");
    // First line after 10 s, then at most one every 10 s: at 10, 20 and 30 s (not at 40: done).
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("argmap: cluster: 1000/4000 units (25%), 100 units/s, ETA 30s, 10s so far");
    expect(lines.every((l) => !l.includes("\r") && !l.includes("\x1b"))).toBe(true);
    expect(progressReporter(io(true), { quiet: true })).toBeUndefined();
    expect(progressReporter(io(false), { quiet: true })).toBeUndefined();
  });

  it("prints nothing for work that ends quickly", async () => {
    for (const tty of [true, false]) {
      const out = io(tty);
      const c = clock();
      const progress = progressReporter(out, { now: c.now })!;
      for (let i = 1; i <= 10; i++) {
        c.advance(50);
        progress.onProgress({ stage: "segment", done: i, total: 10 });
      }
      progress.done();
      await flush();
      expect(out.written()).toBe("");
    }
  });

  it("formats durations in seconds, minutes and hours", () => {
    expect([formatDuration(4200), formatDuration(125_000), formatDuration(3_720_000)]).toEqual([
      "4s",
      "2m05s",
      "1h02m",
    ]);
  });

  it("colours only a terminal without NO_COLOR", () => {
    expect(useColor(io(true))).toBe(true);
    expect(useColor(io(false))).toBe(false);
    expect(useColor(io(true, { NO_COLOR: "1" }))).toBe(false);
    expect(useColor(io(true, { TERM: "dumb" }))).toBe(false);
  });
});
