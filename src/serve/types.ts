/**
 * The JSON shapes the HTTP API sends to the web viewer (and any other client). Plain data, no
 * imports: the viewer (browser code, `src/viewer/`) imports these types too.
 */

/** Half-open character offsets [start, end) into a source's text. */
export type ViewSpan = [number, number];

/** Where a piece of shown text is in its source: what the viewer opens on a click. */
export interface SpanRef {
  sourceId: string;
  span: ViewSpan;
  unitId?: string;
}

/** One map the server offers, as `GET /api/maps` lists it. */
export interface MapSummary {
  id: string;
  name: string;
  createdAt?: string;
  sources: number;
  arguments: number;
  keyPoints: number;
}

export interface ViewClaim {
  text: string;
  objection: boolean;
  ref?: SpanRef;
  rebuttals: { text: string; ref?: SpanRef }[];
}

export interface ViewCardKeyPoint {
  id: string;
  text: string;
  /** "made by 4 authors in 3 sources". */
  counts: string;
  ref: SpanRef;
}

/** One numbered argument card. */
export interface ViewCard {
  argumentId: string;
  rank: number;
  label: string;
  /** Display name of the thesis' source (a domain or a file name). */
  source: string;
  thesis: string;
  thesisRef: SpanRef;
  claims: ViewClaim[];
  keyPoints: ViewCardKeyPoint[];
  unanswered: string[];
  /** Distinct authors engaging with the argument; absent when the sources name no authors. */
  authorCount?: number;
  /** Distinct sources of the argument; absent when the map has a single source. */
  sourceCount?: number;
  stats: { posts: number; supports: number; attacks: number; evidence: number };
}

export interface ViewCruxSide {
  count: number;
  quote: string;
  ref?: SpanRef;
}

export interface ViewCrux {
  /** The map's crux id (the since picker marks it); none for a dispute found from attacks alone. */
  id?: string;
  text: string;
  /** "authors", or "posts" when the sources name no authors. */
  counted: "authors" | "posts";
  pro: ViewCruxSide;
  con: ViewCruxSide;
}

export interface ViewKeyPoint {
  id: string;
  text: string;
  stance: "pro" | "con" | "neutral";
  counts: string;
  ref: SpanRef;
}

export interface ViewNode {
  id: string;
  kind: string;
  stance: "pro" | "con" | "neutral";
  label: string;
  text: string;
  ref: SpanRef;
  author?: string;
  /** The key point the unit belongs to (its group in the map view). */
  keyPointId?: string;
  /** Arguments the unit takes part in. */
  argumentIds: string[];
}

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  relation: string;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Nodes of the whole map; more than `nodes.length` when the graph was capped. */
  totalNodes: number;
  totalEdges: number;
}

export interface ViewSourceInfo {
  id: string;
  name: string;
  title?: string;
  posts: number;
}

/** One node of the map overview: an argument (its card's thesis) or a key point the cards cite. */
export interface OverviewNode {
  id: string;
  kind: "argument" | "key-point";
  label: string;
  /** Posts that engage with it: what the node's size shows. */
  weight: number;
  argumentId?: string;
  /** The argument's card number. */
  rank?: number;
  /** Claims and objections on the argument's card. */
  claims?: number;
  keyPointId?: string;
  stance?: "pro" | "con" | "neutral";
  /** Where a key point is in its source. */
  ref?: SpanRef;
}

export interface OverviewEdge {
  from: string;
  to: string;
  /**
   * `support` / `attack` between arguments' units; `reply` when an argument's thesis post replies
   * to (or quotes) another argument's post; `key-point` from a key point to an argument.
   */
  relation: "support" | "attack" | "reply" | "key-point";
  /** Relations folded into this edge. */
  count: number;
}

/** The map view's default picture: arguments and key points with the edges between them. */
export interface ViewOverview {
  nodes: OverviewNode[];
  edges: OverviewEdge[];
}

/** Everything the viewer shows of one map (`GET /api/maps/:id`). */
export interface MapView {
  id: string;
  name: string;
  sources: ViewSourceInfo[];
  authors: string[];
  authorsKnown: boolean;
  cruxes: ViewCrux[];
  cards: ViewCard[];
  keyPoints: ViewKeyPoint[];
  graph: ViewGraph;
  overview: ViewOverview;
}

export interface ViewPost {
  id: string;
  index: number;
  author?: string;
  /** The post this one replies to: the reader's parent link, else a reply or quote relation. */
  parentId?: string;
  replyIds: string[];
  span: ViewSpan;
}

export interface ViewUnit {
  id: string;
  kind: string;
  postId: string;
  span: ViewSpan;
}

/** One source with its text and spans (`GET /api/sources/:id`). */
export interface SourceView {
  id: string;
  name: string;
  title?: string;
  uri?: string;
  format: string;
  text: string;
  posts: ViewPost[];
  units: ViewUnit[];
}

/** One search hit (`GET /api/search`); it cites its source span. */
export interface ViewSearchHit {
  type: "post" | "unit" | "key-point";
  id: string;
  unitKind?: string;
  stance?: string;
  sourceId: string;
  sourceName: string;
  postId?: string;
  author?: string;
  span: ViewSpan;
  text: string;
  /** Matched words wrapped in `[` `]`, cuts marked with `…`. */
  snippet: string;
  score: number;
  /** A unit hit whose post matched too: the post's own hit is folded into this one. */
  postMatched?: boolean;
}

export interface SearchResponse {
  query: string;
  /** `store` (the corpus' full-text index) or `memory` (the served maps). */
  engine: "store" | "memory";
  hits: ViewSearchHit[];
}

/** Every error response: a permanent code and a message saying what to do. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}
