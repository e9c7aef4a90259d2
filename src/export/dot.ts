/**
 * Graphviz DOT export: one node per argumentative unit (shape by kind, colour by stance, label
 * = short text), one edge per unit relation (green support, red attack, grey dashed otherwise).
 */
import type { ArgumentMap, RelationKind, Stance, UnitKind } from "../model/index.js";
import { toGraph } from "./graph.js";
import { toDisplayText } from "./sanitize.js";

/** A DOT double-quoted string: backslashes, quotes and line breaks escaped. */
export function dotString(text: string): string {
  return (
    '"' +
    text
      .replace(/\\/g, "\\\\")
      .replace(/"/g, '\\"')
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "") +
    '"'
  );
}

const SHAPE: Record<UnitKind, string> = {
  "major-claim": "doubleoctagon",
  claim: "box",
  premise: "ellipse",
  evidence: "note",
  none: "plaintext",
};
const FILL: Record<Stance, string> = { pro: "#e3f4e1", con: "#fbe3e1", neutral: "#f0f0f0" };
const EDGE: Record<RelationKind, string> = {
  support: 'color="#2e7d32"',
  attack: 'color="#c62828", arrowhead=tee',
  reply: 'color="#777777", style=dashed',
  quote: 'color="#777777", style=dotted',
  "same-as": 'color="#1565c0", dir=both, style=dashed',
};

/** Wrap a label at about `width` characters per line. */
function wrap(text: string, width = 40): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines.join("\n");
}

/**
 * Render a map as a DOT digraph.
 *
 * @example
 * renderDot(map).startsWith("digraph argmap {") // true
 */
export function renderDot(map: ArgumentMap): string {
  const { nodes, edges } = toGraph(map);
  const out = [
    "digraph argmap {",
    "  rankdir=BT;",
    '  node [style=filled, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  for (const n of nodes) {
    out.push(
      `  ${dotString(n.id)} [label=${dotString(wrap(toDisplayText(n.label)))}, shape=${SHAPE[n.kind]}, fillcolor=${dotString(FILL[n.stance])}, ` +
        `kind=${dotString(n.kind)}, stance=${dotString(n.stance)}, tooltip=${dotString(toDisplayText(n.text))}];`,
    );
  }
  for (const e of edges) {
    out.push(
      `  ${dotString(e.from)} -> ${dotString(e.to)} [relation=${dotString(e.relation)}, label=${dotString(e.relation)}, ${EDGE[e.relation]}];`,
    );
  }
  out.push("}", "");
  return out.join("\n");
}
