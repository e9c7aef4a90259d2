/**
 * The viewer (`src/viewer/`) is browser code: it imports only its own modules, the API's JSON
 * types (`src/serve/types.ts`, type-only) and the browser packages it bundles — no Node module.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

const VIEWER = join(repoRoot, "src", "viewer");
const BROWSER_PACKAGES = new Set(["cytoscape", "cytoscape-dagre"]);
const SPEC =
  /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(join(VIEWER, file), "utf8");
  return [...text.matchAll(SPEC)].map((m) => ({
    spec: m[1] ?? m[2]!,
    typeOnly: /^\s*import\s+type\s/.test(m[0]),
  }));
}

/** What is wrong with one import of a viewer module, or undefined. */
export function viewerImportProblem(spec: string, typeOnly: boolean): string | undefined {
  const bare = spec.replace(/^node:/, "");
  if (spec.startsWith("node:") || builtinModules.includes(bare)) return "a Node module";
  if (spec.startsWith("./")) return undefined;
  if (spec === "../serve/types.js")
    return typeOnly ? undefined : "serve/types.ts imported for more than types";
  if (spec.startsWith(".")) return "a module outside the viewer";
  return BROWSER_PACKAGES.has(spec) ? undefined : "a package the viewer does not bundle";
}

describe("the viewer's imports", () => {
  // Tests beside the viewer's modules run in Node under vitest and are not bundled.
  const files = readdirSync(VIEWER).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

  it("are browser-only", () => {
    expect(files.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const f of files)
      for (const { spec, typeOnly } of importsOf(f)) {
        const problem = viewerImportProblem(spec, typeOnly);
        if (problem) problems.push(`${f}: '${spec}' is ${problem}`);
      }
    expect(problems).toEqual([]);
  });

  it("would catch a Node module, a server module and an unbundled package", () => {
    expect(viewerImportProblem("node:fs", false)).toBe("a Node module");
    expect(viewerImportProblem("path", false)).toBe("a Node module");
    expect(viewerImportProblem("../serve/server.js", true)).toBe("a module outside the viewer");
    expect(viewerImportProblem("../serve/types.js", false)).toBe(
      "serve/types.ts imported for more than types",
    );
    expect(viewerImportProblem("lodash", false)).toBe("a package the viewer does not bundle");
    expect(viewerImportProblem("./dom.js", false)).toBeUndefined();
  });
});
