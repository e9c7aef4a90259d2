/**
 * A flat graph view of an ArgumentMap shared by the graph exporters (GraphML, DOT, Mermaid, CSV,
 * HTML): one node per argumentative unit, one edge per unit-level relation between them.
 *
 * Nodes are the units whose kind is not `none`, plus any unit that a unit-level relation touches.
 * Post-level relations (reply, quote between posts) are not edges of this graph; exporters that
 * can carry them (AIF, CSV) handle them separately.
 */
import type { ArgumentMap, RelationKind, Span, Stance, Unit, UnitKind } from "../model/index.js";

export interface GraphNode {
  id: string;
  kind: UnitKind;
  stance: Stance;
  /** Short one-line label (at most 80 characters). */
  label: string;
  text: string;
  sourceId: string;
  /** Display name of the source. */
  source: string;
  postId: string;
  author: string | undefined;
  span: Span;
  confidence: number;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  relation: RelationKind;
  confidence: number;
}

export interface MapGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Collapse whitespace and cut to `max` characters (with an ellipsis). */
export function shortLabel(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + "…";
}

/**
 * The stance of each unit where the map implies one: a unit inside a key point takes the key
 * point's stance; inside an argument, the thesis, claims, evidence and rebuttals are `pro` and
 * objections `con`. Every other unit is `neutral`.
 */
export function unitStances(map: ArgumentMap): Map<string, Stance> {
  const stances = new Map<string, Stance>();
  for (const kp of map.keyPoints)
    for (const id of kp.unitIds) if (!stances.has(id)) stances.set(id, kp.stance);
  for (const arg of map.arguments) {
    const set = (id: string, s: Stance): void => {
      if (!stances.has(id)) stances.set(id, s);
    };
    set(arg.thesis, "pro");
    for (const c of arg.claims) {
      set(c.unitId, "pro");
      for (const e of c.evidence) set(e, "pro");
    }
    for (const o of arg.objections) {
      set(o.unitId, "con");
      for (const r of o.rebuttals) set(r, "pro");
    }
  }
  return stances;
}

/** The units a graph export shows: argumentative units and every unit a unit relation touches. */
export function graphUnits(map: ArgumentMap): Unit[] {
  const related = new Set<string>();
  for (const r of map.relations) {
    if (r.level !== "unit") continue;
    related.add(r.from);
    related.add(r.to);
  }
  return map.units.filter((u) => u.kind !== "none" || related.has(u.id));
}

/**
 * Project a map onto nodes and edges. Edges are unit-level relations whose ends are both nodes;
 * duplicates (same kind, from and to) are kept once.
 *
 * @example
 * const { nodes, edges } = toGraph(map);
 * nodes.length; // number of argumentative units
 */
export function toGraph(map: ArgumentMap): MapGraph {
  const stances = unitStances(map);
  const sourceNames = new Map(map.sources.map((s) => [s.id, s.name]));
  const authors = new Map(map.sources.flatMap((s) => s.posts.map((p) => [p.id, p.author] as const)));
  const nodes: GraphNode[] = graphUnits(map).map((u) => ({
    id: u.id,
    kind: u.kind,
    stance: stances.get(u.id) ?? "neutral",
    label: shortLabel(u.text),
    text: u.text,
    sourceId: u.sourceId,
    source: sourceNames.get(u.sourceId) ?? u.sourceId,
    postId: u.postId,
    author: authors.get(u.postId),
    span: u.span,
    confidence: u.confidence,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const r of map.relations) {
    if (r.level !== "unit" || !ids.has(r.from) || !ids.has(r.to)) continue;
    const key = `${r.kind}\u0000${r.from}\u0000${r.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: r.id, from: r.from, to: r.to, relation: r.kind, confidence: r.confidence });
  }
  return { nodes, edges };
}
