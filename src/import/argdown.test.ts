import { describe, expect, it, vi } from "vitest";
import { importArgdown, MAX_ARGDOWN_LENGTH } from "./argdown.js";
import { errorOfSync } from "../../test/helpers.js";

describe("Argdown import budgets", () => {
  it("refuses source over the size limit before parsing, naming the input and the limit", () => {
    const group = "[A]: Cars pollute the air.\n  + [B]: Studies show it.\n\n";
    const source = group.repeat(Math.ceil((MAX_ARGDOWN_LENGTH + 1) / group.length));
    const error = errorOfSync(() => importArgdown(source, { name: "big.argdown" }));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.isUserError).toBe(true);
    expect(error.message).toMatch(/^big\.argdown is \d+ KiB, over the 64 KiB Argdown import limit/);
    // Just under the limit the same source still imports.
    const under = group.repeat(Math.floor(4096 / group.length));
    expect(importArgdown(under).relations.length).toBeGreaterThan(0);
  });

  it("reports broken source as a user error naming the input, without logging to the console", () => {
    // Broken titles (found by the fuzzer); on 112 KB of them the parser returned neither errors nor
    // a tree, which was reported as "0 syntax error(s)" after the model plugin logged to the console.
    const head = "[Downtown]: Downtown should be car free. #(major-claim)\n\n";
    const source = head + '[Noise is 80 "ann", span: [29,74], confidence: 0.7}\n\n'.repeat(40);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const error = errorOfSync(() => importArgdown(source, { name: "broken.argdown" }));
      expect(error.code).toBe("INPUT_MALFORMED");
      expect(error.message).toMatch(/^broken\.argdown (could not be parsed as Argdown|has \d+ syntax error)/);
      expect(error.message).not.toMatch(/ 0 syntax error/);
      expect([...log.mock.calls, ...err.mock.calls]).toEqual([]);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });
});
