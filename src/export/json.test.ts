import { describe, expect, it } from "vitest";
import { makeDebateMap } from "../../test/support/map-builders.js";
import { parseMap, renderJson } from "./json.js";
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
