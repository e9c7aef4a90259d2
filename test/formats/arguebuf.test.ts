/** Our AIF export read by an independent consumer: the arguebuf library's AIF loader. */
import { AtomNode, SchemeNode, load } from "arguebuf";
import { describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import { toAif } from "../../src/export/index.js";
import { documentFixtures } from "../helpers.js";

describe("AIF export in arguebuf", () => {
  it("loads with every I-node as an atom, every scheme node kept and every edge kept", async () => {
    const example = documentFixtures().find((f) => /examples\/thread-/.test(f))!;
    const map = await mapSources([example]);
    const aif = toAif(map) as { nodes: { nodeID: string; type: string; text: string }[]; edges: unknown[] };
    const graph = load.aif(aif as Parameters<typeof load.aif>[0]);
    const nodes = Object.values(graph.nodes);
    const atoms = nodes.filter((n) => n instanceof AtomNode) as AtomNode[];
    const schemes = nodes.filter((n) => n instanceof SchemeNode);
    const iNodes = aif.nodes.filter((n) => n.type === "I");
    expect(iNodes.length).toBeGreaterThan(10);
    expect(atoms.length).toBe(iNodes.length);
    expect(new Set(atoms.map((a) => a.text))).toEqual(new Set(iNodes.map((n) => n.text)));
    const inferenceOrConflict = aif.nodes.filter((n) => n.type === "RA" || n.type === "CA").length;
    expect(schemes.length).toBeGreaterThanOrEqual(inferenceOrConflict);
    expect(Object.keys(graph.edges).length).toBe(aif.edges.length);
  });
});
