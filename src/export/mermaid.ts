/**
 * Mermaid flowchart export: one node per argumentative unit (shape by kind, class by stance,
 * label = short text), one edge per unit relation labelled with its kind. Node ids are generated
 * (`n0`, `n1`, …) and labels are HTML-entity-escaped inside quotes, so no source text can break
 * out of a label.
 */
import type { ArgumentMap, RelationKind, UnitKind } from "../model/index.js";
import { toGraph } from "./graph.js";
import { toDisplayText } from "./sanitize.js";

/** Escape a label for a quoted Mermaid node/edge label (entity codes, Mermaid's `#…;` form). */
export function escapeMermaid(text: string): string {
  return toDisplayText(text).replace(/[^\p{L}\p{N} .,?!'’\-–—]/gu, (c) => `#${c.codePointAt(0)};`);
}

const SHAPE: Record<UnitKind, [string, string]> = {
  "major-claim": ["[[", "]]"],
  claim: ["[", "]"],
  premise: ["(", ")"],
  evidence: ["[/", "/]"],
  none: ["[", "]"],
};
const ARROW: Record<RelationKind, string> = {
  support: "-->",
  attack: "--x",
  reply: "-.->",
  quote: "-.->",
  "same-as": "<-.->",
};

/**
 * Render a map as a Mermaid flowchart.
 *
 * @example
 * renderMermaid(map).startsWith("flowchart BT") // true
 */
export function renderMermaid(map: ArgumentMap): string {
  const { nodes, edges } = toGraph(map);
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`] as const));
  const out = ["flowchart BT"];
  for (const n of nodes) {
    const [open, close] = SHAPE[n.kind];
    out.push(`  ${ids.get(n.id)}${open}"${escapeMermaid(n.label)}"${close}:::${n.stance}`);
  }
  for (const e of edges) {
    out.push(`  ${ids.get(e.from)} ${ARROW[e.relation]}|"${e.relation}"| ${ids.get(e.to)}`);
  }
  out.push(
    "  classDef pro fill:#e3f4e1,stroke:#2e7d32",
    "  classDef con fill:#fbe3e1,stroke:#c62828",
    "  classDef neutral fill:#f0f0f0,stroke:#777777",
    "",
  );
  return out.join("\n");
}
