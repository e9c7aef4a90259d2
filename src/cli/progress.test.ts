import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { progressReporter, useColor } from "./progress.js";

function io(tty: boolean, env: Record<string, string> = {}): CliIO & { written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  let written = "";
  stderr.on("data", (d: Buffer) => (written += d.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), written: () => written };
}

describe("progress and colour", () => {
  it("shows progress only when stderr is a terminal, and clears the line at the end", async () => {
    expect(progressReporter(io(false))).toBeUndefined();
    const tty = io(true);
    const progress = progressReporter(tty)!;
    progress.onProgress({ stage: "segment", done: 0, total: 10 });
    progress.onProgress({ stage: "segment", done: 10, total: 10 });
    progress.done();
    await new Promise((r) => setImmediate(r));
    expect(tty.written()).toContain("segment: 10/10 (100%)");
    expect(tty.written().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("colours only a terminal without NO_COLOR", () => {
    expect(useColor(io(true))).toBe(true);
    expect(useColor(io(false))).toBe(false);
    expect(useColor(io(true, { NO_COLOR: "1" }))).toBe(false);
    expect(useColor(io(true, { TERM: "dumb" }))).toBe(false);
  });
});
