import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { inputOptions } from "./input-options.js";

const values = { "max-size": "32", timeout: "20" };

/** An io whose stdin counts how often it is touched (building process.stdin costs start-up time). */
function countingIO(): { io: CliIO; touched: () => number } {
  const stdin = new PassThrough();
  let touched = 0;
  const io = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    get stdin() {
      touched++;
      return stdin;
    },
  } as CliIO;
  return { io, touched: () => touched };
}

describe("input options", () => {
  it("leaves stdin alone when no input is '-'", () => {
    const { io, touched } = countingIO();
    const options = inputOptions(values, io, ["a.txt", "https://example.org/x"]);
    expect(touched()).toBe(0);
    expect(options).not.toHaveProperty("stdin");
    expect(options.maxBytes).toBe(32 * 1024 * 1024);
  });

  it("passes the io's stdin on when an input is '-'", () => {
    const { io, touched } = countingIO();
    const options = inputOptions(values, io, ["a.txt", "-"]);
    expect(touched()).toBe(1);
    expect(options.stdin).toBe(io.stdin);
  });
});
