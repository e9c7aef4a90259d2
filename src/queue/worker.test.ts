import { describe, expect, it } from "vitest";
import { lockBudgetMs } from "./worker.js";

describe("job locks", () => {
  it("holds a big source's lock longer than the usual lock time, and a small one's for the usual time", () => {
    expect(lockBudgetMs(2_000, 30_000)).toBe(30_000);
    expect(lockBudgetMs(1_000_000, 30_000)).toBeGreaterThan(30_000);
    expect(lockBudgetMs(2_000_000, 30_000)).toBeGreaterThan(lockBudgetMs(1_000_000, 30_000));
  });
});
