/**
 * The map view's overview: positions, not units. One node per argument (its card's thesis, sized
 * by the posts that engage with it) and per key point the cards cite; argument→argument edges
 * count the support and attack relations between their units; key point→argument edges say which
 * arguments a key point runs through. Built on the server from the same cards the Cards view
 * shows, so the figures agree.
 */
import type { ArgumentMap } from "../model/index.js";
import type { OverviewEdge, OverviewNode, ViewCard, ViewOverview } from "./types.js";

/** Most key point nodes drawn (the most cited first). */
export const MAX_OVERVIEW_KEY_POINTS = 40;
/** Longest node label, in characters (cut at a word, marked with `…`). */
export const OVERVIEW_LABEL_CHARS = 110;

/** A label of at most `max` characters, cut at a word boundary. */
export function shortLabel(text: string, max = OVERVIEW_LABEL_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, "")}…`;
}

/**
 * The argument each unit stands for: the best-ranked argument it is part of, else the best-ranked
 * argument that its post engages with (a reply's other sentences argue for or against it too).
 */
function argumentOfUnits(map: ArgumentMap): { ofUnit: Map<string, string>; ofPost: Map<string, string> } {
  const out = new Map<string, string>();
  const ranked = map.arguments.slice().sort((a, b) => a.rank - b.rank);
  const ofPost = new Map<string, string>();
  for (const a of ranked) {
    const ids = [a.thesis];
    for (const c of a.claims) ids.push(c.unitId, ...c.evidence);
    for (const o of a.objections) ids.push(o.unitId, ...o.rebuttals);
    for (const id of ids) if (!out.has(id)) out.set(id, a.id);
    for (const p of a.postIds) if (!ofPost.has(p)) ofPost.set(p, a.id);
  }
  for (const u of map.units) {
    const a = ofPost.get(u.postId);
    if (!out.has(u.id) && a !== undefined) out.set(u.id, a);
  }
  return { ofUnit: out, ofPost };
}

/** Support and attack between arguments: unit relations whose ends sit in two drawn arguments. */
function argumentEdges(map: ArgumentMap, drawn: ReadonlySet<string>): OverviewEdge[] {
  const { ofUnit, ofPost } = argumentOfUnits(map);
  const counts = new Map<string, OverviewEdge>();
  for (const r of map.relations) {
    if (r.level !== "unit" || (r.kind !== "support" && r.kind !== "attack")) continue;
    const from = ofUnit.get(r.from);
    const to = ofUnit.get(r.to);
    if (from === undefined || to === undefined || from === to || !drawn.has(from) || !drawn.has(to)) continue;
    const key = `${from}\u0000${to}\u0000${r.kind}`;
    const edge = counts.get(key);
    if (edge) edge.count += 1;
    else counts.set(key, { from: `a:${from}`, to: `a:${to}`, relation: r.kind, count: 1 });
  }
  // A reply whose post holds another argument's thesis answers that argument.
  const thesisPost = new Map<string, string>();
  const unitPost = new Map(map.units.map((u) => [u.id, u.postId]));
  for (const a of map.arguments) {
    const p = unitPost.get(a.thesis);
    if (p !== undefined && drawn.has(a.id)) thesisPost.set(p, a.id);
  }
  for (const r of map.relations) {
    if (r.level !== "post" || (r.kind !== "reply" && r.kind !== "quote")) continue;
    const from = thesisPost.get(r.from);
    const to = thesisPost.get(r.to) ?? ofPost.get(r.to);
    if (from === undefined || to === undefined || from === to || !drawn.has(to)) continue;
    const key = `${from}\u0000${to}\u0000reply`;
    if (["support", "attack"].some((k) => counts.has(`${from}\u0000${to}\u0000${k}`))) continue;
    const edge = counts.get(key);
    if (edge) edge.count += 1;
    else counts.set(key, { from: `a:${from}`, to: `a:${to}`, relation: "reply", count: 1 });
  }
  return [...counts.values()];
}

/**
 * The overview of a map from its view cards.
 *
 * @example
 * const overview = overviewOf(map, view.cards);
 * overview.nodes[0]; // { id: "a:arg-1", kind: "argument", rank: 1, label: "…", weight: 12, … }
 */
export function overviewOf(map: ArgumentMap, cards: readonly ViewCard[]): ViewOverview {
  const nodes: OverviewNode[] = cards.map((c) => ({
    id: `a:${c.argumentId}`,
    kind: "argument",
    argumentId: c.argumentId,
    rank: c.rank,
    label: shortLabel(c.thesis),
    weight: Math.max(1, c.stats.posts),
    claims: c.claims.length,
  }));
  const drawn = new Set(cards.map((c) => c.argumentId));
  const edges = argumentEdges(map, drawn);
  // Key points the cards cite, the most cited (then the most authors) first.
  const cited = new Map<string, string[]>();
  for (const c of cards)
    for (const k of c.keyPoints) cited.set(k.id, [...(cited.get(k.id) ?? []), c.argumentId]);
  const byId = new Map(map.keyPoints.map((k) => [k.id, k]));
  const keyPoints = [...cited.entries()]
    .flatMap(([id, args]) => {
      const k = byId.get(id);
      return k ? [{ k, args }] : [];
    })
    .sort((a, b) => b.args.length - a.args.length || b.k.authorCount - a.k.authorCount)
    .slice(0, MAX_OVERVIEW_KEY_POINTS);
  for (const { k, args } of keyPoints) {
    nodes.push({
      id: `k:${k.id}`,
      kind: "key-point",
      keyPointId: k.id,
      label: `◆ ${shortLabel(k.label ?? k.text)}`,
      weight: Math.max(1, k.postCount),
      stance: k.stance,
      ref: { sourceId: k.sourceId, span: [k.span[0], k.span[1]] },
    });
    for (const a of args) edges.push({ from: `k:${k.id}`, to: `a:${a}`, relation: "key-point", count: 1 });
  }
  return { nodes, edges };
}
