/**
 * GraphML export (Gephi, yEd, Cytoscape, graphology): one node per argumentative unit with
 * kind/stance/label/text/source/span attributes, one directed edge per unit relation with its kind.
 */
import type { ArgumentMap } from "../model/index.js";
import { toGraph } from "./graph.js";

/** Escape text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const NODE_KEYS = [
  "label",
  "kind",
  "stance",
  "text",
  "source",
  "post",
  "author",
  "start",
  "end",
  "confidence",
] as const;

/**
 * Render a map as GraphML.
 *
 * @example
 * renderGraphml(map).includes("<graphml") // true
 */
export function renderGraphml(map: ArgumentMap): string {
  const { nodes, edges } = toGraph(map);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
  ];
  for (const k of NODE_KEYS) {
    const type = k === "start" || k === "end" ? "int" : k === "confidence" ? "double" : "string";
    out.push(`  <key id="${k}" for="node" attr.name="${k}" attr.type="${type}"/>`);
  }
  out.push('  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>');
  out.push('  <key id="weight" for="edge" attr.name="confidence" attr.type="double"/>');
  out.push('  <graph id="argmap" edgedefault="directed">');
  for (const n of nodes) {
    const data: Record<(typeof NODE_KEYS)[number], string | number | undefined> = {
      label: n.label,
      kind: n.kind,
      stance: n.stance,
      text: n.text,
      source: n.source,
      post: n.postId,
      author: n.author,
      start: n.span[0],
      end: n.span[1],
      confidence: n.confidence,
    };
    out.push(`    <node id="${escapeXml(n.id)}">`);
    for (const k of NODE_KEYS) {
      const v = data[k];
      if (v !== undefined) out.push(`      <data key="${k}">${escapeXml(String(v))}</data>`);
    }
    out.push("    </node>");
  }
  for (const e of edges) {
    out.push(`    <edge id="${escapeXml(e.id)}" source="${escapeXml(e.from)}" target="${escapeXml(e.to)}">`);
    out.push(`      <data key="relation">${e.relation}</data>`);
    out.push(`      <data key="weight">${e.confidence}</data>`);
    out.push("    </edge>");
  }
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}
