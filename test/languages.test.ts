/**
 * Languages: a German and a French thread mapped by the English-only classic engine each get the
 * `language/not-english` warning (in the map and on stderr), an English thread does not, and the
 * LLM engines' prompts name a non-English thread's language.
 */
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import { planBatches } from "../src/engines/llm/batches.js";
import { renderExtractUnits } from "../src/engines/llm/prompts/extract-units.js";
import { renderNameKeyPoints } from "../src/engines/llm/prompts/name-key-points.js";
import { renderSummarize } from "../src/engines/llm/prompts/summarize-argument.js";
import type { ArgumentMap } from "../src/model/index.js";
import { repoRoot, runCli } from "./helpers.js";

const GERMAN = `${repoRoot}test/fixtures/lang-thread-german.txt`;
const FRENCH = `${repoRoot}test/fixtures/lang-thread-french.txt`;
const ENGLISH = `${repoRoot}examples/thread-car-free-downtowns.txt`;

const languageWarnings = (map: ArgumentMap) =>
  map.diagnostics.filter((d) => d.rule === "language/not-english");

describe("language detection", () => {
  it.each([
    [GERMAN, "German"],
    [FRENCH, "French"],
  ])("warns that %s was mapped with the English classic engine", async (path, language) => {
    const map = await mapSources(path);
    const warnings = languageWarnings(map);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.severity).toBe("warning");
    expect(warnings[0]!.sourceId).toBe(map.sources[0]!.id);
    expect(warnings[0]!.message).toContain(
      `mapped with the English classic engine; use --engine hybrid for ${language}`,
    );
  });

  it("gives an English thread no language warning", async () => {
    expect(languageWarnings(await mapSources(ENGLISH))).toEqual([]);
  });

  it("prints the warning on stderr and still maps the thread", () => {
    const run = runCli(["map", GERMAN, "--format", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /German: mapped with the English classic engine; use --engine hybrid for German/,
    );
    expect(JSON.parse(run.stdout).units.length).toBeGreaterThan(0);
  });

  it("names a non-English thread's language in the LLM prompt, and an English thread's not", async () => {
    const promptOf = async (path: string) => {
      const map = await mapSources(path);
      const source = map.sources[0]!;
      const [batch] = planBatches(source, map.segments, 4000);
      return renderExtractUnits(batch!, source.text).prompt.text;
    };
    expect(await promptOf(FRENCH)).toContain('<thread language="French">');
    const english = await promptOf(ENGLISH);
    expect(english).toContain("<thread>");
    expect(english).not.toContain("language=");
  });

  it("asks for key point names and summaries in the language of a German thread, not of an English one", async () => {
    const prompts = async (path: string) => {
      const map = await mapSources(path);
      const texts = map.units.filter((u) => u.kind !== "none").map((u) => u.text);
      const names = renderNameKeyPoints([
        { id: "kp", text: texts[0]!, members: texts.length, quotes: texts },
      ]);
      const summary = renderSummarize([
        { id: "a", units: map.units.map((u) => ({ id: u.id, role: "claim", text: u.text })) },
      ] as Parameters<typeof renderSummarize>[0]);
      return [names.prompt.text, summary.prompt.text];
    };
    for (const text of await prompts(GERMAN))
      expect(text).toContain("write every name and summary in German");
    for (const text of await prompts(ENGLISH)) expect(text).not.toContain("write every name and summary in");
  });
});
