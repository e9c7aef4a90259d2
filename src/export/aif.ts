/**
 * AIF export in the JSON shape AIFdb and OVA use: `nodes` (I, L, RA, CA, MA, YA, TA), `edges`,
 * `locutions` and `participants`.
 *
 * - every argumentative unit is an I-node (its proposition) and an L-node (`author: text`) joined
 *   by a YA ("Asserting") node: L → YA → I;
 * - support: premise I → RA → conclusion I; attack: I → CA → I; same-as: I → MA → I;
 * - reply and quote relations (post or unit level): L (replied to) → TA → L (reply).
 *
 * Locutions carry the character span of the unit in its source (`start`, `end`) and its source id.
 * A top-level `argmap` block (ignored by AIF tools) keeps what AIF has no place for — unit ids,
 * kinds, posts — so that `importAif` restores the map exactly.
 */
import type { ArgumentMap, RelationKind } from "../model/index.js";
import { toGraph } from "./graph.js";

export interface AifNode {
  nodeID: string;
  text: string;
  type: "I" | "L" | "RA" | "CA" | "MA" | "YA" | "TA";
  timestamp: string;
  scheme?: string;
}
export interface AifEdge {
  edgeID: string;
  fromID: string;
  toID: string;
  formEdgeID: null;
}
export interface AifLocution {
  nodeID: string;
  personID: string;
  start: number;
  end: number;
  source: string;
  timestamp: string;
}
export interface AifDocument {
  nodes: AifNode[];
  edges: AifEdge[];
  locutions: AifLocution[];
  participants: { participantID: string; firstname: string; surname: string }[];
  argmap: {
    version: string;
    units: {
      nodeID: string;
      locutionID: string;
      unit: string;
      kind: string;
      sourceId: string;
      postId: string;
      span: [number, number];
    }[];
  };
}

const NO_TIME = "1970-01-01 00:00:00";
const SCHEME: Partial<Record<RelationKind, { type: AifNode["type"]; text: string }>> = {
  support: { type: "RA", text: "Default Inference" },
  attack: { type: "CA", text: "Default Conflict" },
  "same-as": { type: "MA", text: "Default Rephrase" },
  reply: { type: "TA", text: "Default Transitioning" },
  quote: { type: "TA", text: "Default Transitioning" },
};

/** Build the AIF document of a map (see the module comment for the mapping). */
export function toAif(map: ArgumentMap): AifDocument {
  const { nodes, edges } = toGraph(map);
  const doc: AifDocument = {
    nodes: [],
    edges: [],
    locutions: [],
    participants: [],
    argmap: { version: map.version, units: [] },
  };
  let next = 1;
  const id = (): string => String(next++);
  const addNode = (type: AifNode["type"], text: string, timestamp = NO_TIME): string => {
    const nodeID = id();
    doc.nodes.push({ nodeID, text, type, timestamp });
    return nodeID;
  };
  const addEdge = (fromID: string, toID: string): void => {
    doc.edges.push({ edgeID: id(), fromID, toID, formEdgeID: null });
  };
  const people = new Map<string, string>();
  const person = (name: string): string => {
    let pid = people.get(name);
    if (pid === undefined) {
      pid = String(people.size + 1);
      people.set(name, pid);
      doc.participants.push({ participantID: pid, firstname: name, surname: "" });
    }
    return pid;
  };
  const times = new Map(map.sources.flatMap((s) => s.posts.map((p) => [p.id, p.time ?? NO_TIME] as const)));

  const iNode = new Map<string, string>();
  const lNode = new Map<string, string>();
  const firstLOfPost = new Map<string, string>();
  for (const n of nodes) {
    const time = times.get(n.postId) ?? NO_TIME;
    const speaker = n.author ?? "Speaker";
    const i = addNode("I", n.text, time);
    const l = addNode("L", `${speaker} : ${n.text}`, time);
    const ya = addNode("YA", "Asserting", time);
    addEdge(l, ya);
    addEdge(ya, i);
    doc.locutions.push({
      nodeID: l,
      personID: person(speaker),
      start: n.span[0],
      end: n.span[1],
      source: n.sourceId,
      timestamp: time,
    });
    doc.argmap.units.push({
      nodeID: i,
      locutionID: l,
      unit: n.id,
      kind: n.kind,
      sourceId: n.sourceId,
      postId: n.postId,
      span: n.span,
    });
    iNode.set(n.id, i);
    lNode.set(n.id, l);
    if (!firstLOfPost.has(n.postId)) firstLOfPost.set(n.postId, l);
  }
  for (const e of edges) {
    const scheme = SCHEME[e.relation];
    if (!scheme) continue;
    const dialogical = scheme.type === "TA";
    // AIF transitions run from the earlier locution to the later one: the replied-to unit first.
    const from = dialogical ? lNode.get(e.to) : iNode.get(e.from);
    const to = dialogical ? lNode.get(e.from) : iNode.get(e.to);
    if (from === undefined || to === undefined) continue;
    const s = addNode(scheme.type, scheme.text);
    addEdge(from, s);
    addEdge(s, to);
  }
  // Post-level replies and quotes: between the first locutions of the two posts.
  const seen = new Set<string>();
  for (const r of map.relations) {
    if (r.level !== "post" || (r.kind !== "reply" && r.kind !== "quote")) continue;
    const from = firstLOfPost.get(r.to);
    const to = firstLOfPost.get(r.from);
    if (from === undefined || to === undefined || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    const ta = addNode("TA", "Default Transitioning");
    addEdge(from, ta);
    addEdge(ta, to);
  }
  return doc;
}

/**
 * Render a map as AIF JSON (AIFdb layout).
 *
 * @example
 * JSON.parse(renderAif(map)).nodes.filter((n) => n.type === "RA").length // support relations
 */
export function renderAif(map: ArgumentMap): string {
  return JSON.stringify(toAif(map), null, 2);
}
