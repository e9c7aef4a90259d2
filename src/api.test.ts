import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapSources, readInputs, type MapInput, type MapOptions } from "./api.js";
import { errorOf } from "../test/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "argmap-api-"));
const essay = join(dir, "essay.txt");
writeFileSync(essay, "Cities should plant more trees, because shade lowers summer heat.\n");

describe("mapSources argument checks", () => {
  it("rejects inputs that are not a path, a text or a list of them, naming the argument", async () => {
    const cases: [unknown, string][] = [
      [
        null,
        "mapSources: inputs must be a path, an in-memory text { name, text } or an array of them (got null)",
      ],
      [42, "(got 42)"],
      [undefined, "(got undefined)"],
      [[null], "mapSources: inputs[0] must be a path or an in-memory text { name, text } (got null)"],
      [[essay, 7], "inputs[1]"],
      [[""], "inputs[0] is an empty path"],
      [[{ name: "a.txt", text: null }], "inputs[0].text must be"],
      [[{ text: "x" }], "inputs[0].name"],
      [[{ name: "a.txt", text: "x", format: "pdf" }], "inputs[0].format"],
    ];
    for (const [inputs, message] of cases) {
      const error = await errorOf(mapSources(inputs as MapInput[]));
      expect(error.code, String(inputs)).toBe("USAGE");
      expect(error.isUserError).toBe(true);
      expect(error.message).toContain(message);
    }
  });

  it("rejects malformed options, naming the option and the problem", async () => {
    const cases: [unknown, string][] = [
      [null, "mapSources: options must be an object (got null)"],
      ["fast", "options must be an object"],
      [{ format: "pdf" }, "options.format is invalid"],
      [{ maxBytes: -1 }, "options.maxBytes"],
      [{ maxBytes: "10" }, "options.maxBytes"],
      [{ timeoutMs: Number.NaN }, "options.timeoutMs"],
      [{ columns: { body: "text" } }, "options.columns"],
      [{ onProgress: "yes" }, "options.onProgress"],
      [{ engine: {} }, "options.engine"],
    ];
    for (const [options, message] of cases) {
      const error = await errorOf(mapSources([essay], options as MapOptions));
      expect(error.code, JSON.stringify(options)).toBe("USAGE");
      expect(error.message).toContain(message);
    }
    const pdf = await errorOf(mapSources([essay], { format: "pdf" } as unknown as MapOptions));
    expect(pdf.message).toContain('"pdf"');
    expect(pdf.message).toContain("markdown");
  });

  it("takes a single string as one path, not as a list of characters", async () => {
    const single = await readInputs(essay);
    expect(single.sources.map((s) => s.name)).toEqual(["essay.txt"]);
    expect(single.failed).toEqual([]);
    const map = await mapSources(essay);
    expect(map.sources).toHaveLength(1);
    expect(map.sources[0]!.name).toBe("essay.txt");
  });

  it("takes a single in-memory text as one input", async () => {
    const single = await readInputs({ name: "note.txt", text: "Taxes should fall, because prices rose." });
    expect(single.sources.map((s) => s.name)).toEqual(["note.txt"]);
  });
});

describe("the size limit on in-memory texts", () => {
  it("refuses an in-memory text over maxBytes with the same error as a file of that size", async () => {
    const text = "Cities should plant more trees. ".repeat(100); // 3,200 bytes
    const file = join(dir, "big.txt");
    writeFileSync(file, text);
    const fromFile = await errorOf(readInputs([file], { maxBytes: 1000 }));
    const fromText = await errorOf(readInputs([{ name: "big.txt", text }], { maxBytes: 1000 }));
    expect(fromText.code).toBe("INPUT_TOO_LARGE");
    expect(fromText.message).toBe(fromFile.message);
    // Multi-byte characters count as bytes, as in a file.
    const wide = await errorOf(readInputs([{ name: "wide.txt", text: "é".repeat(600) }], { maxBytes: 1000 }));
    expect(wide.code).toBe("INPUT_TOO_LARGE");
    expect(
      (await readInputs([{ name: "ok.txt", text: "é".repeat(400) }], { maxBytes: 1000 })).sources,
    ).toHaveLength(1);
  });

  it("applies the default 32 MiB limit to in-memory texts without reading them", async () => {
    const huge = "a".repeat(32 * 1024 * 1024 + 1);
    const result = await readInputs([essay, { name: "huge.txt", text: huge }]);
    expect(result.sources.map((s) => s.name)).toEqual(["essay.txt"]);
    expect(result.failed.map((f) => [f.input, f.error.code])).toEqual([["huge.txt", "INPUT_TOO_LARGE"]]);
  });
});

describe("inputs with identical content", () => {
  it("maps two files with the same text, or one file given twice, as one source with a warning and no duplicate ids", async () => {
    const copy = join(dir, "copy.txt");
    writeFileSync(copy, "Cities should plant more trees, because shade lowers summer heat.\n");
    for (const inputs of [
      [essay, copy],
      [essay, essay],
    ]) {
      const map = await mapSources(inputs);
      expect(map.sources).toHaveLength(1);
      const unitIds = map.units.map((u) => u.id);
      expect(new Set(unitIds).size).toBe(unitIds.length);
      expect(unitIds.length).toBeGreaterThan(0);
      const segmentIds = map.segments.map((s) => s.id);
      expect(new Set(segmentIds).size).toBe(segmentIds.length);
      expect(map.diagnostics.filter((d) => d.rule === "map/duplicate-source")).toHaveLength(1);
    }
  });
});
