/**
 * What the viewer shows of a map: numbered cards (with the source span behind every thesis,
 * claim and objection), cruxes, key points and a capped graph. Built once per map on the server
 * so the browser only renders.
 */
import type { Card, CardDeck, CruxSide } from "../assemble/index.js";
import { authorsKnownIn, keyPointCounts, OBJECTION_PREFIX, toCards } from "../assemble/index.js";
import { toGraph } from "../export/index.js";
import type { Argument, ArgumentMap, SourceDoc, Unit } from "../model/index.js";
import { overviewOf } from "./overview.js";
import type {
  MapView,
  SourceView,
  SpanRef,
  ViewCard,
  ViewClaim,
  ViewCrux,
  ViewGraph,
  ViewNode,
  ViewPost,
} from "./types.js";

/** Most nodes the map view draws; bigger maps keep the best-ranked arguments' units. */
export const MAX_GRAPH_NODES = 500;
/** Most cards a map view carries. */
export const MAX_CARDS = 200;

/** Letters and digits only, lower case: card lines and unit texts compared past punctuation and connectives. */
const loose = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
const PREFIX = /^(Objection|Answer): /;

function refOf(u: Unit): SpanRef {
  return { sourceId: u.sourceId, span: [u.span[0], u.span[1]], unitId: u.id };
}

/** The units of an argument, in the order the card and the graph use them. */
function argumentUnits(a: Argument): string[] {
  const ids = [a.thesis];
  for (const c of a.claims) ids.push(c.unitId, ...c.evidence);
  for (const o of a.objections) ids.push(o.unitId, ...o.rebuttals);
  return ids;
}

/**
 * The span behind a card line: the units (of the argument first, else of its posts) whose text
 * the line contains, joined when they sit in one post; the line is source text, clauses joined.
 */
function locate(line: string, candidates: readonly Unit[], fallback: readonly Unit[]): SpanRef | undefined {
  const text = loose(line.replace(PREFIX, ""));
  if (text === "") return undefined;
  for (const pool of [candidates, fallback]) {
    const hits = pool.filter((u) => {
      const t = loose(u.text);
      return t.length > 0 && (text.includes(t) || t.includes(text));
    });
    if (hits.length === 0) continue;
    const first = hits.reduce((a, b) => (b.span[0] < a.span[0] ? b : a));
    let start = first.span[0];
    let end = first.span[1];
    for (const h of hits) {
      if (h.postId !== first.postId) continue;
      start = Math.min(start, h.span[0]);
      end = Math.max(end, h.span[1]);
    }
    return { sourceId: first.sourceId, span: [start, end], unitId: first.id };
  }
  return undefined;
}

interface Lookup {
  units: Map<string, Unit>;
  unitsByPost: Map<string, Unit[]>;
}

function cardOf(
  card: Card,
  argument: Argument,
  look: Lookup,
  multiSource: boolean,
  authorsKnown: boolean,
): ViewCard {
  const own = argumentUnits(argument)
    .map((id) => look.units.get(id))
    .filter((u): u is Unit => u !== undefined);
  const nearby = argument.postIds.flatMap((p) => look.unitsByPost.get(p) ?? []);
  const thesisUnit = look.units.get(argument.thesis);
  const thesisRef: SpanRef = thesisUnit
    ? refOf(thesisUnit)
    : { sourceId: argument.sourceIds[0] ?? "", span: [argument.span[0], argument.span[1]] };
  const claims: ViewClaim[] = card.claims.map((c) => {
    const objection = c.startsWith(OBJECTION_PREFIX);
    const ref = locate(c, own, nearby);
    const o = objection
      ? card.objections.find((x) => x.text === c.slice(OBJECTION_PREFIX.length))
      : undefined;
    return {
      text: c,
      objection,
      ...(ref ? { ref } : {}),
      rebuttals: (o?.rebuttals ?? []).slice(0, 2).map((r) => {
        const rr = locate(r, own, nearby);
        return { text: r, ...(rr ? { ref: rr } : {}) };
      }),
    };
  });
  return {
    argumentId: argument.id,
    rank: card.rank,
    label: card.label,
    source: card.source,
    thesis: card.thesis,
    thesisRef,
    claims,
    keyPoints: [],
    unanswered: card.unanswered.slice(0, 3),
    ...(authorsKnown ? { authorCount: argument.authorCount } : {}),
    ...(multiSource ? { sourceCount: argument.sourceIds.length } : {}),
    stats: { ...card.stats },
  };
}

/** The cards' cruxes (the same the CLI cards and the HTML report show), at most three. */
function cruxesOf(map: ArgumentMap, deck: CardDeck, authorsKnown: boolean): ViewCrux[] {
  if (map.keyPoints.length === 0) return [];
  const side = (s: CruxSide) => ({
    count: s.authorCount,
    quote: s.quote,
    ...(s.at ? { ref: { sourceId: s.at.sourceId, span: s.at.span } } : {}),
  });
  return deck.cruxes.slice(0, 3).map((c) => ({
    ...(c.id !== undefined ? { id: c.id } : {}),
    text: c.text,
    counted: authorsKnown ? "authors" : "posts",
    pro: side(c.pro),
    con: side(c.con),
  }));
}

/** The graph, capped at `max` nodes: units of the best-ranked arguments first. */
export function graphOf(map: ArgumentMap, max = MAX_GRAPH_NODES): ViewGraph {
  const graph = toGraph(map);
  const keyPointOf = new Map<string, string>();
  for (const k of map.keyPoints)
    for (const id of k.unitIds) if (!keyPointOf.has(id)) keyPointOf.set(id, k.id);
  const argumentsOf = new Map<string, string[]>();
  const order: string[] = [];
  const ranked = map.arguments.slice().sort((a, b) => a.rank - b.rank);
  for (const a of ranked)
    for (const id of argumentUnits(a)) {
      const list = argumentsOf.get(id);
      if (list) {
        if (!list.includes(a.id)) list.push(a.id);
      } else {
        argumentsOf.set(id, [a.id]);
        order.push(id);
      }
    }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const kept = new Set<string>();
  for (const id of order) {
    if (kept.size >= max) break;
    if (byId.has(id)) kept.add(id);
  }
  for (const n of graph.nodes) {
    if (kept.size >= max) break;
    kept.add(n.id);
  }
  const nodes: ViewNode[] = [];
  for (const id of kept) {
    const n = byId.get(id)!;
    const kp = keyPointOf.get(id);
    nodes.push({
      id: n.id,
      kind: n.kind,
      stance: n.stance,
      label: n.label,
      text: n.text,
      ref: { sourceId: n.sourceId, span: [n.span[0], n.span[1]], unitId: n.id },
      ...(n.author !== undefined ? { author: n.author } : {}),
      ...(kp !== undefined ? { keyPointId: kp } : {}),
      argumentIds: argumentsOf.get(id) ?? [],
    });
  }
  const edges = graph.edges
    .filter((e) => kept.has(e.from) && kept.has(e.to))
    .map((e) => ({ id: e.id, from: e.from, to: e.to, relation: e.relation }));
  return { nodes, edges, totalNodes: graph.nodes.length, totalEdges: graph.edges.length };
}

/**
 * Build the viewer's picture of a map.
 *
 * @example
 * const view = toMapView("1", "thread.txt", map);
 * view.cards[0]?.thesisRef.span; // where the first card's thesis is in its source
 */
export function toMapView(id: string, name: string, map: ArgumentMap): MapView {
  const units = new Map(map.units.map((u) => [u.id, u]));
  const unitsByPost = new Map<string, Unit[]>();
  for (const u of map.units) {
    const list = unitsByPost.get(u.postId);
    if (list) list.push(u);
    else unitsByPost.set(u.postId, [u]);
  }
  const look: Lookup = { units, unitsByPost };
  const authorsKnown = authorsKnownIn(map);
  const multiSource = map.sources.length > 1;
  const deck = toCards(map, { limit: MAX_CARDS });
  // Cards carry no argument id: the card's thesis is its argument's summary (or abstract).
  const pending = new Map<string, Argument[]>();
  for (const a of map.arguments) {
    const key = `${a.source}\u0000${a.abstract?.thesis ?? a.summary}`;
    pending.set(key, [...(pending.get(key) ?? []), a]);
  }
  const kpById = new Map(map.keyPoints.map((k) => [k.id, k]));
  const cards: ViewCard[] = [];
  for (const card of deck) {
    const argument = pending.get(`${card.source}\u0000${card.thesis}`)?.shift();
    if (!argument) continue;
    const view = cardOf(card, argument, look, multiSource, authorsKnown);
    view.keyPoints = card.keyPoints.flatMap((k) => {
      const kp = kpById.get(k.id);
      if (!kp) return [];
      return [{ id: k.id, text: k.text, counts: keyPointCounts(k), ref: kpRef(kp) }];
    });
    cards.push(view);
  }
  const authors = new Set<string>();
  const overview = overviewOf(map, cards);
  for (const s of map.sources) for (const p of s.posts) if (p.author !== undefined) authors.add(p.author);
  return {
    id,
    name,
    sources: map.sources.map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.title !== undefined ? { title: s.title } : {}),
      posts: s.posts.length,
    })),
    authors: [...authors].sort(),
    authorsKnown,
    cruxes: cruxesOf(map, deck, authorsKnown),
    cards,
    keyPoints: map.keyPoints.slice(0, 100).map((k) => ({
      id: k.id,
      text: k.label ?? k.text,
      stance: k.stance,
      counts: keyPointCounts({
        authorCount: k.authorCount,
        postCount: k.postCount,
        sourceCount: k.sourceCount ?? 1,
        authorsKnown,
      }),
      ref: kpRef(k),
    })),
    graph: graphOf(map),
    overview,
  };
}

function kpRef(k: ArgumentMap["keyPoints"][number]): SpanRef {
  return { sourceId: k.sourceId, span: [k.span[0], k.span[1]] };
}

/**
 * A source as the viewer's source pane needs it: text, posts with their parent and replies
 * (the reader's parent link, else a post-level reply or quote relation), and unit spans.
 */
export function toSourceView(
  source: SourceDoc,
  units: readonly Unit[],
  relations: readonly { kind: string; level: string; from: string; to: string }[],
): SourceView {
  const ids = new Set(source.posts.map((p) => p.id));
  const parentOf = new Map<string, string>();
  for (const p of source.posts)
    if (p.parentId !== undefined && ids.has(p.parentId)) parentOf.set(p.id, p.parentId);
  for (const r of relations) {
    if (r.level !== "post" || (r.kind !== "reply" && r.kind !== "quote")) continue;
    if (ids.has(r.from) && ids.has(r.to) && r.from !== r.to && !parentOf.has(r.from))
      parentOf.set(r.from, r.to);
  }
  const replies = new Map<string, string[]>();
  for (const [child, parent] of parentOf) replies.set(parent, [...(replies.get(parent) ?? []), child]);
  const posts: ViewPost[] = source.posts.map((p) => ({
    id: p.id,
    index: p.index,
    ...(p.author !== undefined ? { author: p.author } : {}),
    ...(parentOf.has(p.id) ? { parentId: parentOf.get(p.id)! } : {}),
    replyIds: replies.get(p.id) ?? [],
    span: [p.span[0], p.span[1]],
  }));
  return {
    id: source.id,
    name: source.name,
    ...(source.title !== undefined ? { title: source.title } : {}),
    ...(source.uri !== undefined ? { uri: source.uri } : {}),
    format: source.format,
    text: source.text,
    posts,
    units: units
      .filter((u) => u.sourceId === source.id && u.kind !== "none")
      .map((u) => ({ id: u.id, kind: u.kind, postId: u.postId, span: [u.span[0], u.span[1]] })),
  };
}
