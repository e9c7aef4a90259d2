/** Invariants that hold for every map of every fixture, whatever the engine decides. */
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import type { ArgumentMap } from "../src/model/index.js";
import { documentFixtures, validateMapJson } from "./helpers.js";
import { mapViolations } from "./invariant-checks.js";

function checkInvariants(map: ArgumentMap): void {
  expect(mapViolations(map)).toEqual([]);
  const json = JSON.parse(JSON.stringify(map)) as unknown;
  expect(validateMapJson(json), JSON.stringify(validateMapJson.errors?.slice(0, 3))).toBe(true);
}

describe("map invariants on every fixture", () => {
  const fixtures = documentFixtures();
  it("has fixtures to check", () => expect(fixtures.length).toBeGreaterThan(2));
  for (const file of fixtures) {
    it(`holds for ${file.split("/").slice(-2).join("/")}`, async () => {
      checkInvariants(await mapSources([file]));
    });
  }
});
