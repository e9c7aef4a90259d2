import { execFileSync, spawnSync } from "node:child_process";
import { ArgdownApplication, DataPlugin, ModelPlugin, ParserPlugin } from "@argdown/core";
import { parse } from "csv-parse/sync";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGraphml } from "graphology-graphml";
import { describe, expect, it } from "vitest";
import { renderAif, toAif } from "../../src/export/aif.js";
import { renderArgdown } from "../../src/export/argdown.js";
import { renderCsv } from "../../src/export/csv.js";
import { renderDot } from "../../src/export/dot.js";
import { RENDERERS } from "../../src/export/formats.js";
import { toGraph } from "../../src/export/graph.js";
import { renderGraphml } from "../../src/export/graphml.js";
import { importAif } from "../../src/import/aif.js";
import { importArgdown } from "../../src/import/argdown.js";
import { ArgumentMap } from "../../src/model/index.js";
import { sampleMap } from "./fixtures.js";

const map = sampleMap();
const hostile = sampleMap({ hostile: true });
const hasDot = spawnSync("dot", ["-V"]).status === 0;

function parseArgdown(input: string) {
  const app = new ArgdownApplication();
  app.addPlugin(new ParserPlugin(), "parse-input");
  app.addPlugin(new DataPlugin(), "build-model");
  app.addPlugin(new ModelPlugin(), "build-model");
  return app.run({
    process: ["parse-input", "build-model"],
    input,
    throwExceptions: false,
    logLevel: "error",
  });
}

const unitKey = (m: ArgumentMap) => m.units.map((u) => `${u.kind}|${u.span.join("-")}|${u.text}`).sort();
const relKey = (m: ArgumentMap) => {
  const span = new Map(m.units.map((u) => [u.id, u.span.join("-")] as const));
  return m.relations
    .filter((r) => r.level === "unit")
    .map((r) => `${r.kind}|${span.get(r.from)}|${span.get(r.to)}`)
    .sort();
};

describe("Argdown export", () => {
  it("parses in @argdown/core without errors, with one statement per unit and one relation per support/attack", () => {
    for (const m of [map, hostile]) {
      const res = parseArgdown(renderArgdown(m));
      expect(res.lexerErrors ?? []).toEqual([]);
      expect(res.parserErrors ?? []).toEqual([]);
      expect(Object.keys(res.statements ?? {})).toHaveLength(m.units.length);
      expect(Object.keys(res.arguments ?? {})).toHaveLength(m.arguments.length);
      const supportAttack = m.relations.filter(
        (r) => r.level === "unit" && (r.kind === "support" || r.kind === "attack"),
      ).length;
      // plus one argument → thesis support per argument
      expect(res.relations ?? []).toHaveLength(supportAttack + m.arguments.length);
    }
  });

  it("keeps statement text, kind tags and provenance data intact through escaping", () => {
    const res = parseArgdown(renderArgdown(map));
    const statements = Object.values(res.statements ?? {});
    const premise = statements.find((s) => (s.data as { unit?: string } | undefined)?.unit === "u1");
    expect(premise?.tags).toEqual(["premise", "pro"]);
    expect(premise?.members?.[0]?.text).toContain('Cars pollute the air [see #1] <a> & "quotes".');
    expect((premise?.data as { span: number[] }).span).toEqual(map.units[1]!.span);
  });

  it("round-trips through importArgdown with the same units and relations", () => {
    const back = importArgdown(renderArgdown(map), { text: map.sources[0]!.text });
    expect(unitKey(back)).toEqual(unitKey(map));
    expect(relKey(back)).toEqual(relKey(map).filter((k) => !k.startsWith("reply")));
  });
});

describe("AIF export and import", () => {
  it("encodes support as I → RA → I, attack as I → CA → I and assertions as L → YA → I", () => {
    const aif = toAif(map);
    const type = new Map(aif.nodes.map((n) => [n.nodeID, n.type] as const));
    const paths = (t: string) =>
      aif.edges
        .filter((e) => type.get(e.toID) === t)
        .flatMap((e) =>
          aif.edges
            .filter((f) => f.fromID === e.toID)
            .map((f) => `${type.get(e.fromID)}>${t}>${type.get(f.toID)}`),
        );
    expect(paths("RA")).toEqual(["I>RA>I", "I>RA>I"]);
    expect(paths("CA")).toEqual(["I>CA>I", "I>CA>I"]);
    expect(paths("YA")).toHaveLength(map.units.length);
    expect(new Set(paths("YA"))).toEqual(new Set(["L>YA>I"]));
    expect(paths("TA")).toEqual(["L>TA>L"]);
    expect(aif.locutions.map((l) => [l.start, l.end])).toEqual(map.units.map((u) => u.span));
  });

  it("round-trips: export then import gives the same units and relations", () => {
    const back = importAif(renderAif(map), { text: map.sources[0]!.text });
    expect(ArgumentMap.safeParse(back).success).toBe(true);
    expect(unitKey(back)).toEqual(unitKey(map));
    const expected = [
      ...relKey(map),
      `reply|${map.units[3]!.span.join("-")}|${map.units[0]!.span.join("-")}`,
    ].sort();
    expect(relKey(back)).toEqual(expected);
    expect(back.engine.name).toBe("import");
  });

  it("imports a hand-written AIFdb graph, aligning node texts to the source text", () => {
    const text = "We should ban cars downtown.  Cars  make the air dirty. However, shops depend on drivers.";
    const aifdb = {
      nodes: [
        { nodeID: 10, text: "We should ban cars downtown", type: "I", timestamp: "2016-01-01 10:00:00" },
        { nodeID: 11, text: "cars make the air dirty", type: "I", timestamp: "2016-01-01 10:00:00" },
        { nodeID: 12, text: "Shops depend upon drivers", type: "I", timestamp: "2016-01-01 10:00:00" },
        { nodeID: 13, text: "Default Inference", type: "RA", timestamp: "2016-01-01 10:00:00" },
        { nodeID: 14, text: "Default Conflict", type: "CA", timestamp: "2016-01-01 10:00:00" },
        { nodeID: 15, text: "Martians invaded Ohio yesterday", type: "I", timestamp: "2016-01-01 10:00:00" },
      ],
      edges: [
        { edgeID: 1, fromID: 11, toID: 13 },
        { edgeID: 2, fromID: 13, toID: 10 },
        { edgeID: 3, fromID: 12, toID: 14 },
        { edgeID: 4, fromID: 14, toID: 10 },
      ],
      locutions: [],
    };
    const m = importAif(JSON.stringify(aifdb), { text });
    const byText = (t: string) => m.units.find((u) => u.text === t);
    expect(byText("We should ban cars downtown")?.kind).toBe("major-claim");
    expect(byText("Cars  make the air dirty")?.kind).toBe("premise");
    expect(byText("shops depend on drivers")).toBeDefined();
    expect(m.units).toHaveLength(3);
    expect(
      m.diagnostics.some((d) => d.rule === "import/unaligned-node" && d.message.includes("Martians")),
    ).toBe(true);
    expect(m.relations.map((r) => r.kind).sort()).toEqual(["attack", "support"]);
    for (const u of m.units) expect(text.slice(u.span[0], u.span[1])).toBe(u.text);
    // xAIF envelope with embedded text
    const x = importAif(JSON.stringify({ AIF: aifdb, text: { txt: text } }));
    expect(x.units).toHaveLength(3);
  });
});

describe("graph exports", () => {
  it("GraphML loads in graphology-graphml with equal node and edge counts and the kind attribute", () => {
    const { nodes, edges } = toGraph(hostile);
    const g = parseGraphml(MultiDirectedGraph, renderGraphml(hostile));
    expect(g.order).toBe(nodes.length);
    expect(g.size).toBe(edges.length);
    expect(g.getNodeAttribute("u0", "kind")).toBe("major-claim");
    expect(g.getNodeAttribute("u2", "text")).toBe(hostile.units[2]!.text);
  });

  it.skipIf(!hasDot)("DOT renders with Graphviz dot into one SVG node and edge per unit and relation", () => {
    const svg = execFileSync("dot", ["-Tsvg"], { input: renderDot(hostile) }).toString();
    const { nodes, edges } = toGraph(hostile);
    expect(svg.match(/class="node"/g)).toHaveLength(nodes.length);
    expect(svg.match(/class="edge"/g)).toHaveLength(edges.length);
    expect(svg).not.toContain("<script>");
  });
  if (!hasDot) it("(skipped: Graphviz `dot` is not installed; CI installs it)", () => undefined);
});

describe("CSV export", () => {
  it("has one row per unit and per relation, quotes RFC 4180-style and defuses formulas", () => {
    const csv = renderCsv(map);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.row === "unit")).toHaveLength(map.units.length);
    expect(rows.filter((r) => r.row === "relation")).toHaveLength(map.relations.length);
    const formula = rows.find((r) => r.id === "u3");
    expect(formula?.text?.startsWith("'=cmd")).toBe(true);
    expect(rows.find((r) => r.id === "u1")?.text).toBe(map.units[1]!.text);
    expect(csv.includes("\r\n")).toBe(true);
  });
});

describe("renderer registry", () => {
  it("declares every output format once, with a media type and an extension, and renders the map", () => {
    const formats = RENDERERS.map((r) => r.format);
    expect([...formats].sort()).toEqual([
      "aif",
      "argdown",
      "cards",
      "csv",
      "dot",
      "graphml",
      "html",
      "json",
      "md",
      "mermaid",
    ]);
    for (const r of RENDERERS) {
      expect(r.mimeType).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
      expect(r.extension).toMatch(/^\.[a-z]+$/);
      expect(r.render(map, { color: false, limit: 10 }).length, r.format).toBeGreaterThan(100);
    }
  });
});
