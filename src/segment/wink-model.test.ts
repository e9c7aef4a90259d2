import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loadWinkModel } from "./wink-model.js";

const requireModule = createRequire(import.meta.url);

interface Core {
  lexicon: Uint32Array;
  xpansions: Uint32Array;
  packing: unknown;
  features: Record<string, { list: unknown[]; hash?: Record<string, number> }>;
  [key: string]: unknown;
}

describe("wink model loader", () => {
  const own = requireModule("wink-eng-lite-web-model") as Record<string, () => unknown>;
  const fast = loadWinkModel() as unknown as Record<string, () => unknown>;

  it("builds the same core model as the package's own loader", () => {
    const expected = own.core!() as Core;
    const actual = fast.core!() as Core;
    expect(actual).not.toBe(expected);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    // The packed lexicon decodes to the same words (it is most of the model).
    expect(actual.lexicon.length).toBeGreaterThan(1000);
    expect(Buffer.from(actual.lexicon.buffer).equals(Buffer.from(expected.lexicon.buffer))).toBe(true);
    expect(Buffer.from(actual.xpansions.buffer).equals(Buffer.from(expected.xpansions.buffer))).toBe(true);
    for (const key of Object.keys(expected)) {
      if (key === "lexicon" || key === "xpansions") continue;
      expect(actual[key], key).toEqual(expected[key]);
    }
    expect(actual.features.lexeme!.hash!["the"]).toBe(expected.features.lexeme!.hash!["the"]);
  });

  it("hands out a fresh core on every call, so one instance's learned words stay its own", () => {
    const a = fast.core!() as Core;
    const b = fast.core!() as Core;
    a.features.lexeme!.list.push("qzxlearned");
    expect(b.features.lexeme!.list).not.toContain("qzxlearned");
  });

  it("uses the package's own loaders for everything but the core", () => {
    // The same functions (not calls: the entity loader re-serialises its data on every call).
    for (const part of ["sbd", "pos", "negation", "ner", "sa", "metaCER", "featureFn"])
      expect(fast[part], part).toBe(own[part]);
    const addons = (m: Record<string, unknown>) => m.addons as Record<string, unknown>;
    for (const addon of ["stem", "lemmatize", "readabilityStats"])
      expect(addons(fast)[addon], addon).toBe(addons(own)[addon]);
  });
});
