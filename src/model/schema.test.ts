import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { mapJsonSchema } from "./json-schema.js";
import { ArgumentMap, MAP_FORMAT_VERSION } from "./schema.js";

const committed = JSON.parse(
  readFileSync(new URL("../../schema/argmap.schema.json", import.meta.url), "utf8"),
) as unknown;

describe("JSON Schema", () => {
  it("is committed in sync with the zod model (run `npm run schema` after changing the model)", () => {
    expect(committed).toEqual(mapJsonSchema());
  });

  it("accepts a minimal valid map and rejects one with a bad span", () => {
    const validate = new Ajv2020({ strict: false }).compile(mapJsonSchema());
    const map = {
      format: "argmap",
      version: MAP_FORMAT_VERSION,
      engine: { name: "classic", version: "1", models: {} },
      sources: [],
      segments: [],
      units: [],
      relations: [],
      keyPoints: [],
      arguments: [],
      diagnostics: [{ rule: "x/y", stage: "ingest", severity: "info", message: "m", span: [0, 3] }],
    };
    expect(validate(map)).toBe(true);
    expect(ArgumentMap.safeParse(map).success).toBe(true);
    const bad = { ...map, diagnostics: [{ ...map.diagnostics[0], span: [0, -1] }] };
    expect(validate(bad)).toBe(false);
    expect(ArgumentMap.safeParse(bad).success).toBe(false);
  });
});
