/**
 * Map view: the argument graph in cytoscape with a dagre layout. Units coloured by kind, bordered
 * by stance; support edges solid with an arrow, attack edges dashed with a bar; key points are
 * compound groups. Pan and zoom with mouse or the buttons; focus on one argument with the select;
 * every node is also listed as a button (keyboard and screen readers).
 */
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import type { MapView, SpanRef, ViewNode } from "../serve/types.js";
import { button, displayText, h } from "./dom.js";

cytoscape.use(dagre);

/** Labels are drawn only from this zoom on, so a 500-node map stays readable when zoomed out. */
const MIN_LABEL_ZOOM_FONT = 5;

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
  focus: string | undefined,
): { elements: cytoscape.ElementDefinition[]; nodes: ViewNode[] } {
  const nodes = focus ? view.graph.nodes.filter((n) => n.argumentIds.includes(focus)) : view.graph.nodes;
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
  return { elements, nodes };
}

function legend(): HTMLElement {
  const items: [string, string][] = [
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

/** Render the map view into `root`. */
export function renderGraph(root: HTMLElement, ctx: GraphContext): void {
  current?.destroy();
  current = undefined;
  const { view } = ctx;
  const title = h("h2", { id: "view-title" }, "Argument map");
  const select = h("select", { id: "focus-select" });
  select.append(h("option", { attrs: { value: "" } }, "All arguments"));
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
  const container = h("div", {
    id: "cy",
    class: "cy",
    attrs: { role: "img", "aria-label": "Argument graph; the list below has the same nodes" },
  });
  const status = h("p", { id: "map-status", class: "map-status" });
  const controls = h(
    "div",
    { class: "map-controls" },
    h("label", { attrs: { for: "focus-select" } }, "Focus"),
    select,
    button("Zoom in", () =>
      current?.zoom({
        level: current.zoom() * 1.25,
        renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 },
      }),
    ),
    button("Zoom out", () =>
      current?.zoom({
        level: current.zoom() / 1.25,
        renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 },
      }),
    ),
    button("Fit", () => current?.fit(undefined, 20)),
  );
  const { elements, nodes } = elementsFor(view, ctx.focus);
  const list = h("ol", { class: "node-list" });
  for (const n of nodes.slice(0, 500)) {
    const b = button(`${n.kind} (${n.stance}): ${displayText(n.label)}`, () => ctx.open(n.ref), {
      class: "ref node-item",
    });
    b.dataset.sourceId = n.ref.sourceId;
    b.dataset.start = String(n.ref.span[0]);
    b.dataset.end = String(n.ref.span[1]);
    list.append(h("li", {}, b));
  }
  const details = h(
    "details",
    { class: "node-details" },
    h("summary", {}, `Nodes as a list (${nodes.length})`),
    list,
  );
  root.replaceChildren(title, controls, legend(), status, container, details);
  const cy = cytoscape({
    container,
    elements,
    style: style(),
    layout: {
      name: "dagre",
      nodeDimensionsIncludeLabels: true,
      rankDir: "BT",
      nodeSep: 20,
      rankSep: 50,
      fit: true,
      padding: 20,
    } as cytoscape.LayoutOptions,
    minZoom: 0.05,
    maxZoom: 4,
  });
  current = cy;
  cy.on("tap", "node", (evt) => {
    const id = (evt.target as cytoscape.NodeSingular).id();
    const node = view.graph.nodes.find((n) => n.id === id);
    if (node) ctx.open(node.ref);
  });
  const shownNodes = cy.nodes().filter((n) => !n.isParent()).length;
  const shownEdges = cy.edges().length;
  status.textContent =
    `Showing ${shownNodes} units and ${shownEdges} relations` +
    (view.graph.totalNodes > view.graph.nodes.length
      ? ` (the map has ${view.graph.totalNodes} units; the best-ranked arguments' are drawn)`
      : "") +
    ".";
  status.dataset.nodes = String(shownNodes);
  status.dataset.edges = String(shownEdges);
}

/** Stop drawing (when another view takes over). */
export function destroyGraph(): void {
  current?.destroy();
  current = undefined;
}
