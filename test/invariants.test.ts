/** Invariants that hold for every map of every fixture, whatever the engine decides. */
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import type { ArgumentMap } from "../src/model/index.js";
import { documentFixtures, validateMapJson } from "./helpers.js";

function checkInvariants(map: ArgumentMap): void {
  const texts = new Map(map.sources.map((s) => [s.id, s.text]));
  const ids = new Set<string>([
    ...map.sources.flatMap((s) => s.posts.map((p) => p.id)),
    ...map.units.map((u) => u.id),
  ]);
  let previous: { sourceId: string; end: number } | undefined;
  for (const segment of map.segments) {
    const text = texts.get(segment.sourceId)!;
    expect(segment.text.trim().length, `empty segment ${segment.id}`).toBeGreaterThan(0);
    expect(segment.span[0]).toBeLessThan(segment.span[1]);
    expect(segment.span[1]).toBeLessThanOrEqual(text.length);
    expect(text.slice(...segment.span)).toBe(segment.text);
    if (previous?.sourceId === segment.sourceId) expect(segment.span[0]).toBeGreaterThanOrEqual(previous.end);
    previous = { sourceId: segment.sourceId, end: segment.span[1] };
  }
  for (const unit of map.units) expect(texts.get(unit.sourceId)!.slice(...unit.span)).toBe(unit.text);
  for (const relation of map.relations) {
    expect(ids.has(relation.from), `relation ${relation.id} from`).toBe(true);
    expect(ids.has(relation.to), `relation ${relation.id} to`).toBe(true);
    expect(relation.span[1]).toBeLessThanOrEqual(texts.get(relation.sourceId)!.length);
  }
  for (const argument of map.arguments) {
    expect(ids.has(argument.thesis)).toBe(true);
    for (const claim of argument.claims) expect(ids.has(claim.unitId)).toBe(true);
  }
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
