import { describe, expect, it } from "vitest";
import { makeDebateMap } from "../../test/support/map-builders.js";
import { parseMap, renderJson, renderJsonChunks } from "./json.js";
import { errorOfSync } from "../../test/helpers.js";

describe("renderJson / parseMap", () => {
  const map = makeDebateMap();

  it("round-trips a map", () => {
    expect(parseMap(renderJson(map))).toEqual(map);
  });

  it("prints keys in schema order, pretty, with spans on one line", () => {
    const shuffled = Object.fromEntries(Object.entries(map).reverse()) as typeof map;
    const json = renderJson(shuffled);
    expect(json).toBe(renderJson(map));
    expect(json.startsWith('{\n  "format": "argmap",\n  "version": ')).toBe(true);
    expect(json).toMatch(/"span": \[\d+, \d+\]/);
  });

  it("streams one piece per element of the top-level arrays, none the size of the map", () => {
    const pieces = [...renderJsonChunks(map)];
    const json = renderJson(map);
    expect(pieces.join("")).toBe(json);
    // The same text as one pretty-printed JSON document of the whole map.
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(map)));
    const elements = Object.values(map).filter(Array.isArray).flat() as unknown[];
    expect(pieces.length).toBeGreaterThan(map.units.length + map.relations.length + map.segments.length);
    // No piece is bigger than the biggest element printed with generous indentation.
    const bound = Math.max(...elements.map((e) => JSON.stringify(e, null, 8).length + 16));
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(bound);
  });

  it("rejects a map with a missing field, naming its path", () => {
    const broken = JSON.parse(renderJson(map)) as { arguments: Record<string, unknown>[] };
    delete broken.arguments[0]!.thesis;
    const error = errorOfSync(() => parseMap(JSON.stringify(broken)));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("arguments[0].thesis");
  });

  it("rejects text that is not JSON and maps of another format version", () => {
    expect(errorOfSync(() => parseMap("{nope")).code).toBe("INPUT_MALFORMED");
    const other = errorOfSync(() => parseMap(JSON.stringify({ ...map, version: "9.0.0" })));
    expect(other.message).toContain("9.0.0");
  });

  it("refuses to serialise an invalid map", () => {
    const bad = { ...map, units: [{ id: 1 }] } as unknown as typeof map;
    expect(errorOfSync(() => renderJson(bad)).code).toBe("INTERNAL");
  });
});
