import { describe, expect, it } from "vitest";
import { readInputs } from "../api.js";
import { classicEngine } from "../engines/classic/index.js";
import { isArgmapError } from "../model/index.js";
import { analyseSource, buildMap, mapDocuments } from "./index.js";

/** The error a call rejects with (undefined when it resolves). */
async function failureOf(
  run: () => Promise<unknown>,
): Promise<{ code?: string; message: string } | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return { ...(isArgmapError(error) ? { code: error.code } : {}), message: (error as Error).message };
  }
}

const engine = classicEngine;
const source = {
  id: "s1",
  name: "a.txt",
  format: "text" as const,
  text: "Bike lanes save lives. They are cheap.",
  posts: [{ id: "p1", span: [0, 38] as [number, number] }],
};

describe("the pipeline's functions check their arguments like mapSources", () => {
  it.each([
    [
      "analyseSource(null)",
      () => analyseSource(null as never, { engine }),
      "analyseSource: source must be a SourceDoc { id, text, posts, … } (got null).",
    ],
    [
      "analyseSource without text",
      () => analyseSource({ ...source, text: 7 } as never, { engine }),
      "analyseSource: source.text must be a string (got 7).",
    ],
    [
      "analyseSource without engine",
      () => analyseSource(source as never, null as never),
      "analyseSource: options must be an object with an engine (got null).",
    ],
    [
      "buildMap(null)",
      () => buildMap(null as never, { engine }),
      "buildMap: analyses must be an array of SourceAnalysis (got null).",
    ],
    [
      "buildMap([null])",
      () => buildMap([null] as never, { engine }),
      "buildMap: analyses[0] must be a SourceAnalysis { source, segments, units, relations } (got null).",
    ],
    [
      "buildMap with an engine name",
      () => buildMap([], { engine: "classic" } as never),
      'buildMap: options.engine must be an Engine (see resolveEngine) (got "classic").',
    ],
    [
      "mapDocuments(42)",
      () => mapDocuments(42 as never, { engine }),
      "mapDocuments: sources must be an array or (async) iterable of SourceDoc (got 42).",
    ],
  ])("refuses %s with a USAGE error naming the argument", async (_, run, message) => {
    expect(await failureOf(run)).toEqual({ code: "USAGE", message });
  });

  it("still analyses a well-formed source", async () => {
    const { sources } = await readInputs([{ name: "a.txt", text: source.text }]);
    const analysis = await analyseSource(sources[0]!, { engine });
    expect((await buildMap([analysis], { engine })).sources).toHaveLength(1);
    expect(analysis.segments.length).toBeGreaterThan(0);
  });
});
