/**
 * Map view. By default the overview (`./overview.ts`): one box per argument and key point, the
 * edges between them. Clicking an argument expands it: its units in cytoscape with a dagre
 * layout, the card's order (thesis, claims with their evidence, objections with their rebuttals),
 * the first `UNITS_PER_STEP` drawn and "Show N more" for the rest. Units coloured by kind,
 * bordered by stance; support edges solid with an arrow, attack edges dashed with a bar; key
 * points are compound groups. Zooming keeps the selection (else the graph) in view; every node is
 * also listed as a button (keyboard and screen readers).
 */
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import type { MapView, SpanRef, ViewNode } from "../serve/types.js";
import { button, displayText, h } from "./dom.js";
import { overviewElements, overviewStyle } from "./overview.js";
import { renderProConTree } from "./tree.js";

cytoscape.use(dagre);

/** Labels are drawn only from this zoom on, so a 500-node map stays readable when zoomed out. */
const MIN_LABEL_ZOOM_FONT = 5;
/** Units of an expanded argument drawn at first, and added by each "Show more". */
export const UNITS_PER_STEP = 20;
/** The default zoom never goes below this: a label font of 12 px stays above 10 px on screen. */
export const MIN_DEFAULT_ZOOM = 0.9;
const ZOOM_STEP = 1.25;

let current: cytoscape.Core | undefined;

const KIND_COLOURS: Record<string, string> = {
  "major-claim": "#5b4bb7",
  claim: "#2b6cb0",
  premise: "#2f855a",
  evidence: "#b7791f",
  none: "#718096",
};
const STANCE_BORDER: Record<string, string> = { pro: "#38a169", con: "#e53e3e", neutral: "#a0aec0" };

function dark(): boolean {
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

function style(): cytoscape.StylesheetJson {
  const text = dark() ? "#e2e8f0" : "#1a202c";
  const groupBg = dark() ? "#2d3748" : "#edf2f7";
  return [
    {
      selector: "node",
      style: {
        "background-color": (n: cytoscape.NodeSingular) =>
          KIND_COLOURS[n.data("kind") as string] ?? "#718096",
        "border-width": 3,
        "border-color": (n: cytoscape.NodeSingular) => STANCE_BORDER[n.data("stance") as string] ?? "#a0aec0",
        label: "data(label)",
        color: text,
        "font-size": 12,
        "text-wrap": "wrap",
        "text-max-width": "160px",
        "text-valign": "bottom",
        "text-margin-y": 4,
        // Labels stay legible where an edge runs under them.
        "text-background-color": dark() ? "#1f2533" : "#f7fafc",
        "text-background-opacity": 0.85,
        "min-zoomed-font-size": MIN_LABEL_ZOOM_FONT,
        width: 22,
        height: 22,
      },
    },
    { selector: "node[kind = 'major-claim']", style: { shape: "round-rectangle", width: 34, height: 26 } },
    { selector: "node[kind = 'premise']", style: { shape: "ellipse" } },
    { selector: "node[kind = 'evidence']", style: { shape: "diamond" } },
    {
      selector: ":parent",
      style: {
        "background-color": groupBg,
        "background-opacity": 0.6,
        "border-width": 1,
        "border-style": "dashed",
        "border-color": "#a0aec0",
        label: "data(label)",
        "text-valign": "top",
        "font-size": 11,
        "font-weight": "bold",
        shape: "round-rectangle",
      },
    },
    {
      selector: "edge",
      style: { width: 2, "curve-style": "bezier", "line-color": "#a0aec0", "target-arrow-color": "#a0aec0" },
    },
    {
      selector: "edge[relation = 'support']",
      style: { "line-color": "#38a169", "target-arrow-color": "#38a169", "target-arrow-shape": "triangle" },
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
    { selector: "edge[relation = 'same-as']", style: { "line-style": "dotted" } },
    { selector: "node:selected", style: { "overlay-color": "#3182ce", "overlay-opacity": 0.25 } },
  ];
}

function elementsFor(
  view: MapView,
  focus: string,
  limit: number,
): { elements: cytoscape.ElementDefinition[]; nodes: ViewNode[]; total: number } {
  const all = view.graph.nodes.filter((n) => n.argumentIds.includes(focus));
  const nodes = all.slice(0, limit);
  const ids = new Set(nodes.map((n) => n.id));
  const kpText = new Map(view.keyPoints.map((k) => [k.id, k.text]));
  const groups = new Map<string, number>();
  for (const n of nodes)
    if (n.keyPointId !== undefined) groups.set(n.keyPointId, (groups.get(n.keyPointId) ?? 0) + 1);
  const elements: cytoscape.ElementDefinition[] = [];
  for (const [kp, count] of groups) {
    // A group of one is no group: the unit is drawn on its own.
    if (count < 2) continue;
    const text = kpText.get(kp) ?? "key point";
    elements.push({
      group: "nodes",
      data: { id: `kp:${kp}`, label: `◆ ${displayText(text).slice(0, 60)}`, kind: "key-point" },
    });
  }
  for (const n of nodes) {
    const parent =
      n.keyPointId !== undefined && (groups.get(n.keyPointId) ?? 0) >= 2 ? `kp:${n.keyPointId}` : undefined;
    elements.push({
      group: "nodes",
      data: {
        id: n.id,
        label: displayText(n.label),
        kind: n.kind,
        stance: n.stance,
        ...(parent ? { parent } : {}),
      },
    });
  }
  for (const e of view.graph.edges)
    if (ids.has(e.from) && ids.has(e.to))
      elements.push({
        group: "edges",
        data: { id: `e:${e.id}`, source: e.from, target: e.to, relation: e.relation },
      });
  return { elements, nodes, total: all.length };
}

const OVERVIEW_LEGEND: [string, string][] = [
  ["legend-argument", "argument (size: posts)"],
  ["legend-key-point", "◆ key point"],
  ["legend-support", "supports"],
  ["legend-attack", "attacks"],
  ["legend-reply", "replies to"],
  ["legend-member", "key point in argument"],
];

function legend(overview: boolean): HTMLElement {
  const items: [string, string][] = overview
    ? OVERVIEW_LEGEND
    : [
        ["legend-major-claim", "major claim"],
        ["legend-claim", "claim"],
        ["legend-premise", "premise"],
        ["legend-evidence", "evidence"],
        ["legend-pro", "pro (border)"],
        ["legend-con", "con (border)"],
        ["legend-support", "supports"],
        ["legend-attack", "attacks"],
      ];
  const ul = h("ul", { class: "legend", attrs: { "aria-label": "Legend" } });
  for (const [cls, text] of items)
    ul.append(h("li", {}, h("span", { class: `swatch ${cls}`, attrs: { "aria-hidden": "true" } }), text));
  return ul;
}

export interface GraphContext {
  view: MapView;
  focus: string | undefined;
  open(ref: SpanRef): void;
  setFocus(argumentId: string | undefined): void;
}

/** Where zooming centres: the selected node, else the graph's point nearest the panel's centre. */
function zoomCentre(cy: cytoscape.Core, container: HTMLElement): cytoscape.Position {
  const selected = cy.$("node:selected");
  if (selected.nonempty()) return selected.first().renderedPosition();
  const box = cy.elements().renderedBoundingBox();
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  return {
    x: clamp(container.clientWidth / 2, box.x1, box.x2),
    y: clamp(container.clientHeight / 2, box.y1, box.y2),
  };
}

function zoomBy(container: HTMLElement, factor: number): void {
  const cy = current;
  if (!cy) return;
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: zoomCentre(cy, container) });
}

/** Fit the whole graph when its labels stay readable; else show its start (top left) at a readable zoom. */
function defaultView(cy: cytoscape.Core, focusId?: string): void {
  cy.fit(undefined, 20);
  if (cy.zoom() >= MIN_DEFAULT_ZOOM) {
    if (cy.zoom() > 1.5) cy.zoom({ level: 1.5, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    return;
  }
  cy.zoom(MIN_DEFAULT_ZOOM);
  const start = focusId ? cy.getElementById(focusId) : cy.collection();
  if (start.nonempty()) {
    cy.center(start);
    return;
  }
  const box = cy.elements().boundingBox();
  cy.pan({ x: 20 - box.x1 * MIN_DEFAULT_ZOOM, y: 20 - box.y1 * MIN_DEFAULT_ZOOM });
}

/** What a test (or a curious person in the console) can read of the drawn graph. */
export interface DrawnGraph {
  zoom: number;
  /** Each node's box on screen, label included, relative to the panel. */
  boxes: { id: string; x1: number; y1: number; x2: number; y2: number; fontSize: number }[];
  width: number;
  height: number;
}

function drawn(): DrawnGraph | undefined {
  const cy = current;
  if (!cy) return undefined;
  const zoom = cy.zoom();
  return {
    zoom,
    width: cy.width(),
    height: cy.height(),
    boxes: cy
      .nodes()
      .filter((n) => !n.isParent())
      .map((n) => {
        const b = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
        const size = parseFloat(String(n.style("font-size")));
        return { id: n.id(), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, fontSize: size * zoom };
      }),
  };
}

(globalThis as { argmapGraph?: () => DrawnGraph | undefined }).argmapGraph = drawn;

function controls(root: { container: HTMLElement; view: MapView; ctx: GraphContext }): HTMLElement {
  const { view, ctx, container } = root;
  const select = h("select", { id: "focus-select" });
  select.append(h("option", { attrs: { value: "" } }, "Overview (all arguments)"));
  for (const c of view.cards) {
    const o = h(
      "option",
      { attrs: { value: c.argumentId } },
      `${c.rank}. ${displayText(c.thesis).slice(0, 80)}`,
    );
    if (c.argumentId === ctx.focus) o.selected = true;
    select.append(o);
  }
  select.addEventListener("change", () => ctx.setFocus(select.value || undefined));
  return h(
    "div",
    { class: "map-controls" },
    h("label", { attrs: { for: "focus-select" } }, "Argument"),
    select,
    ctx.focus !== undefined
      ? button("← Overview", () => ctx.setFocus(undefined), { class: "to-overview" })
      : null,
    button("Zoom in", () => zoomBy(container, ZOOM_STEP), { class: "zoom-in" }),
    button("Zoom out", () => zoomBy(container, 1 / ZOOM_STEP), { class: "zoom-out" }),
    button("Fit", () => current?.fit(undefined, 20), { class: "fit" }),
  );
}

function nodeButton(label: string, onClick: () => void, ref?: SpanRef): HTMLElement {
  const b = button(label, onClick, { class: "ref node-item" });
  if (ref) {
    b.dataset.sourceId = ref.sourceId;
    b.dataset.start = String(ref.span[0]);
    b.dataset.end = String(ref.span[1]);
  }
  return h("li", {}, b);
}

/** The overview: arguments and key points; a click on an argument expands it. */
function renderOverview(ctx: GraphContext, frame: Frame): void {
  const { view } = ctx;
  const aspect = Math.max(0.5, frame.container.clientWidth / Math.max(1, frame.container.clientHeight));
  const cy = cytoscape({
    container: frame.container,
    elements: overviewElements(view, aspect),
    style: overviewStyle(dark()),
    layout: { name: "preset", fit: false } as cytoscape.LayoutOptions,
    minZoom: 0.05,
    maxZoom: 4,
    autoungrabify: true,
  });
  current = cy;
  defaultView(cy);
  const byId = new Map(view.overview.nodes.map((n) => [n.id, n]));
  const activate = (id: string) => {
    const n = byId.get(id);
    if (n?.argumentId !== undefined) ctx.setFocus(n.argumentId);
    else if (n?.ref) ctx.open(n.ref);
  };
  cy.on("tap", "node", (evt) => activate((evt.target as cytoscape.NodeSingular).id()));
  frame.list.replaceChildren(
    ...view.overview.nodes.map((n) =>
      nodeButton(
        `${n.kind === "argument" ? `${n.rank}. ` : ""}${displayText(n.label)} (${n.weight} posts)`,
        () => activate(n.id),
        n.ref,
      ),
    ),
  );
  const args = view.overview.nodes.filter((n) => n.kind === "argument").length;
  const kps = view.overview.nodes.length - args;
  frame.summary.textContent = `Nodes as a list (${view.overview.nodes.length})`;
  frame.status.textContent =
    `${args} argument${args === 1 ? "" : "s"} and ${kps} key point${kps === 1 ? "" : "s"}, ` +
    `${view.overview.edges.length} link${view.overview.edges.length === 1 ? "" : "s"}. ` +
    "Click an argument to see its units.";
  frame.status.dataset.nodes = String(cy.nodes().length);
  frame.status.dataset.edges = String(cy.edges().length);
  frame.status.dataset.mode = "overview";
}

/** One argument's units, the first `limit` of them, with "Show N more". */
function renderArgument(ctx: GraphContext, frame: Frame, focus: string, limit: number): void {
  const { view } = ctx;
  current?.destroy();
  const { elements, nodes, total } = elementsFor(view, focus, limit);
  const cy = cytoscape({
    container: frame.container,
    elements,
    style: style(),
    layout: {
      name: "dagre",
      nodeDimensionsIncludeLabels: true,
      rankDir: "BT",
      nodeSep: 20,
      rankSep: 50,
      fit: false,
      padding: 20,
    } as cytoscape.LayoutOptions,
    minZoom: 0.05,
    maxZoom: 4,
  });
  current = cy;
  defaultView(cy, nodes[0]?.id);
  cy.on("tap", "node", (evt) => {
    const id = (evt.target as cytoscape.NodeSingular).id();
    const node = view.graph.nodes.find((n) => n.id === id);
    if (node) ctx.open(node.ref);
  });
  frame.list.replaceChildren(
    ...nodes.map((n) =>
      nodeButton(`${n.kind} (${n.stance}): ${displayText(n.label)}`, () => ctx.open(n.ref), n.ref),
    ),
  );
  frame.summary.textContent = `Nodes as a list (${nodes.length})`;
  const more = total - nodes.length;
  frame.more.replaceChildren(
    more > 0
      ? button(
          `Show ${Math.min(more, UNITS_PER_STEP)} more (${more} not shown)`,
          () => renderArgument(ctx, frame, focus, limit + UNITS_PER_STEP),
          { class: "show-more" },
        )
      : "",
  );
  // The second view: all of the argument's units as a tree of pros and cons.
  const all = view.graph.nodes.filter((n) => n.argumentIds.includes(focus));
  const root = all.find((n) => n.kind === "major-claim") ?? all[0];
  frame.tree.replaceChildren(root ? renderProConTree(root, all, view.graph.edges, ctx.open) : "");
  const shownNodes = cy.nodes().filter((n) => !n.isParent()).length;
  const shownEdges = cy.edges().length;
  frame.status.textContent =
    `Showing ${shownNodes} of the argument's ${total} units and ${shownEdges} relations` +
    (view.graph.totalNodes > view.graph.nodes.length
      ? ` (the map has ${view.graph.totalNodes} units; the best-ranked arguments' are drawn)`
      : "") +
    ".";
  frame.status.dataset.nodes = String(shownNodes);
  frame.status.dataset.edges = String(shownEdges);
  frame.status.dataset.total = String(total);
  frame.status.dataset.mode = "argument";
}

interface Frame {
  container: HTMLElement;
  status: HTMLElement;
  list: HTMLElement;
  summary: HTMLElement;
  more: HTMLElement;
  tree: HTMLElement;
}

/** Render the map view into `root`: the overview, or the argument in focus. */
export function renderGraph(root: HTMLElement, ctx: GraphContext): void {
  current?.destroy();
  current = undefined;
  const { view } = ctx;
  const focusCard = view.cards.find((c) => c.argumentId === ctx.focus);
  const title = h(
    "h2",
    { id: "view-title" },
    focusCard ? `Argument ${focusCard.rank}` : `Argument map: ${view.cards.length} arguments`,
  );
  const container = h("div", {
    id: "cy",
    class: "cy",
    attrs: { role: "img", "aria-label": "Argument graph; the list below has the same nodes" },
  });
  const frame: Frame = {
    container,
    status: h("p", { id: "map-status", class: "map-status" }),
    list: h("ol", { class: "node-list" }),
    summary: h("summary", {}),
    more: h("div", { class: "more" }),
    tree: h("div", { class: "tree" }),
  };
  const details = h("details", { class: "node-details" }, frame.summary, frame.list);
  root.replaceChildren(
    title,
    controls({ container, view, ctx }),
    legend(ctx.focus === undefined),
    frame.status,
    container,
    frame.more,
    details,
    frame.tree,
  );
  if (ctx.focus === undefined) renderOverview(ctx, frame);
  else renderArgument(ctx, frame, ctx.focus, UNITS_PER_STEP);
}

/** Stop drawing (when another view takes over). */
export function destroyGraph(): void {
  current?.destroy();
  current = undefined;
}
