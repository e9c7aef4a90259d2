/**
 * The map overview in cytoscape: one box per argument (numbered as its card) and per key point,
 * the label inside the box, the box's font and width growing with the posts that engage with it.
 * Labels are wrapped here, measured with a canvas in the font cytoscape draws with, so each box is
 * exactly its label's size and the row packing (`packOverview`) keeps every label clear of the others.
 */
import type cytoscape from "cytoscape";
import type { MapView, OverviewNode } from "../serve/types.js";
import { displayText } from "./dom.js";
import { packOverview, wrapLabel } from "./overview-layout.js";

export const OVERVIEW_FONT_FAMILY = "Helvetica, Arial, sans-serif";
/** Smallest and largest label font, in pixels at zoom 1. */
const MIN_FONT = 12;
const MAX_FONT = 18;
const PADDING = 8;
const LINE_HEIGHT = 1.25;
const MAX_LINES = 4;

/** Font size for a node: grows with the log of its posts. */
function fontSizeOf(n: OverviewNode): number {
  return Math.min(MAX_FONT, Math.round(MIN_FONT + 2 * Math.log2(Math.max(1, n.weight))));
}

function metaLine(n: OverviewNode): string {
  const posts = `${n.weight} post${n.weight === 1 ? "" : "s"}`;
  if (n.kind === "key-point") return `key point · ${posts}`;
  return `${posts} · ${n.claims ?? 0} claim${n.claims === 1 ? "" : "s"}`;
}

const canvas = typeof document !== "undefined" ? document.createElement("canvas") : undefined;

function measurer(fontSize: number, bold: boolean): (text: string) => number {
  const ctx = canvas?.getContext("2d");
  if (!ctx) return (t) => t.length * fontSize * 0.6;
  const font = `${bold ? "bold " : ""}${fontSize}px ${OVERVIEW_FONT_FAMILY}`;
  return (t) => {
    ctx.font = font;
    return ctx.measureText(t).width;
  };
}

/** Cytoscape elements of the overview, positioned; `aspect` is the panel's width over height. */
export function overviewElements(view: MapView, aspect: number): cytoscape.ElementDefinition[] {
  const { nodes, edges } = view.overview;
  const sized = nodes.map((n) => {
    const fontSize = fontSizeOf(n);
    const measure = measurer(fontSize, n.kind === "argument");
    const title = n.kind === "argument" ? `${n.rank}. ${displayText(n.label)}` : displayText(n.label);
    const lines = [...wrapLabel(title, fontSize * 15, measure, MAX_LINES), metaLine(n)];
    let width = 0;
    for (const l of lines) width = Math.max(width, measure(l));
    const w = Math.ceil(width + 2 * PADDING);
    const h = Math.ceil(lines.length * fontSize * LINE_HEIGHT + 2 * PADDING);
    return { n, lines, fontSize, w, h };
  });
  const placed = packOverview(
    sized.map((s) => ({ id: s.n.id, width: s.w, height: s.h })),
    edges,
    aspect,
  );
  const at = new Map(placed.map((p) => [p.id, p]));
  const out: cytoscape.ElementDefinition[] = sized.map((s) => ({
    group: "nodes",
    data: {
      id: s.n.id,
      label: s.lines.join("\n"),
      kind: s.n.kind,
      stance: s.n.stance ?? "neutral",
      fontSize: s.fontSize,
      w: s.w,
      h: s.h,
    },
    position: { x: at.get(s.n.id)!.x, y: at.get(s.n.id)!.y },
  }));
  edges.forEach((e, i) =>
    out.push({
      group: "edges",
      data: { id: `oe${i}`, source: e.from, target: e.to, relation: e.relation, count: e.count },
    }),
  );
  return out;
}

/** Cytoscape style of the overview. */
export function overviewStyle(darkScheme: boolean): cytoscape.StylesheetJson {
  const text = darkScheme ? "#e2e8f0" : "#1a202c";
  return [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        width: "data(w)",
        height: "data(h)",
        "background-color": darkScheme ? "#1a202c" : "#ffffff",
        "border-width": 2,
        "border-color": "#2b6cb0",
        label: "data(label)",
        color: text,
        "font-family": OVERVIEW_FONT_FAMILY,
        "font-size": "data(fontSize)",
        "font-weight": "bold",
        "text-wrap": "wrap",
        "text-max-width": "2000px",
        "text-valign": "center",
        "text-halign": "center",
        "text-justification": "left",
        "line-height": LINE_HEIGHT,
        "min-zoomed-font-size": 4,
      },
    },
    {
      selector: "node[kind = 'key-point']",
      style: {
        "font-weight": "normal",
        "border-style": "dashed",
        "border-color": "#805ad5",
        "background-color": darkScheme ? "#2d2640" : "#faf5ff",
      },
    },
    { selector: "node[kind = 'key-point'][stance = 'pro']", style: { "border-color": "#38a169" } },
    { selector: "node[kind = 'key-point'][stance = 'con']", style: { "border-color": "#e53e3e" } },
    {
      selector: "edge",
      style: {
        width: (e: cytoscape.EdgeSingular) => Math.min(6, 1.5 + Math.log2(Number(e.data("count")) || 1)),
        "curve-style": "bezier",
        "line-color": "#a0aec0",
        "target-arrow-color": "#a0aec0",
        "target-arrow-shape": "triangle",
        opacity: 0.8,
      },
    },
    {
      selector: "edge[relation = 'support']",
      style: { "line-color": "#38a169", "target-arrow-color": "#38a169" },
    },
    {
      selector: "edge[relation = 'attack']",
      style: {
        "line-color": "#e53e3e",
        "target-arrow-color": "#e53e3e",
        "target-arrow-shape": "tee",
        "line-style": "dashed",
      },
    },
    {
      selector: "edge[relation = 'key-point']",
      style: { "line-style": "dotted", "line-color": "#805ad5", "target-arrow-shape": "none" },
    },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#d69e2e" } },
  ];
}
