import { describe, expect, it } from "vitest";
import { maxOf, pushAll } from "./array.js";

describe("array helpers for input-sized arrays", () => {
  it("finds the maximum of 500,000 numbers without overflowing the stack", () => {
    const xs = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_000);
    expect(maxOf(xs, -1)).toBe(499_999);
    expect(maxOf([], -1)).toBe(-1);
  });

  it("appends 500,000 items without overflowing the stack", () => {
    const out = pushAll(
      [0],
      Array.from({ length: 500_000 }, (_, i) => i + 1),
    );
    expect(out.length).toBe(500_001);
    expect(out[500_000]).toBe(500_000);
  });
});
