import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";
import { importCycles, importEdges, layerViolations, type ImportEdge } from "./imports.js";

const src = `${repoRoot}src`;

describe("dependency directions in src/", () => {
  const edges = importEdges(src);

  it("reads the import graph", () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: "pipeline/analyse.ts", to: "cluster/index.ts" });
  });

  it("has no import that runs up or sideways between layers", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it("has no import circle", () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it("catches an upward import and a circle when there is one", () => {
    const bad: ImportEdge[] = [
      { from: "cluster/scorer.ts", to: "engines/classic/models.ts" },
      { from: "model/a.ts", to: "model/b.ts" },
      { from: "model/b.ts", to: "model/a.ts" },
    ];
    expect(layerViolations(bad)).toEqual([
      "cluster/scorer.ts → engines/classic/models.ts: cluster may not import engines/classic",
    ]);
    expect(importCycles(bad)).toEqual([["model/a.ts", "model/b.ts"]]);
  });
});
