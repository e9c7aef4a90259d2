import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasSeed } from "../helpers.js";
import { goldenCases, goldenFile, renderCase } from "./cases.js";

describe("golden map outputs (regenerate with npm run golden when a change is meant)", () => {
  if (!hasSeed) it.skip("seed thread: ../shared/seeds is absent", () => {});
  for (const c of goldenCases()) {
    it(`maps ${c.input} exactly as recorded`, async () => {
      for (const [format, text] of await renderCase(c)) {
        const file = goldenFile(c, format);
        expect(existsSync(file), `${file} is missing: run npm run golden`).toBe(true);
        expect(text, `${c.input} --format ${format}`).toBe(readFileSync(file, "utf8"));
      }
    });
  }
});
