/**
 * The argmap web viewer: Cards (default), Map and Source views over the server's maps, and a
 * search box with filters. The address after `#` holds the view, map and span, so views can be
 * bookmarked and the browser's back button works.
 */
import type { MapSummary, MapView, SpanRef } from "../serve/types.js";
import { ApiError, getMapView, getSource, listMaps, search } from "./api.js";
import { fillSincePicker, markSince } from "./since.js";
import { renderCards } from "./cards.js";
import { button, displayText, h } from "./dom.js";
import { destroyGraph, renderGraph } from "./graph.js";
import { formatRoute, parseRoute, sourceRoute, type Route } from "./route.js";
import { renderResults } from "./search.js";
import { renderSource } from "./source.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let maps: MapSummary[] = [];
let mapView: MapView | undefined;
const expanded = new Set<string>();
/** The last span opened, so the Source tab returns to it. */
let lastSource: Route | undefined;

function setStatus(text: string): void {
  $("status").textContent = text;
}

function go(route: Route): void {
  const hash = formatRoute(route);
  if (location.hash === hash) void show(route);
  else location.hash = hash;
}

function openRef(ref: SpanRef): void {
  go(sourceRoute(ref, mapView?.id));
}

async function loadMap(id: string | undefined): Promise<MapView | undefined> {
  const chosen = id ?? maps[0]?.id;
  if (chosen === undefined) return undefined;
  if (mapView?.id === chosen) return mapView;
  setStatus("Loading the map…");
  mapView = await getMapView(chosen);
  expanded.clear();
  fillFilters(mapView);
  const select = $("map-select") as HTMLSelectElement;
  select.value = chosen;
  // The picker counts what the views show: the map's cards.
  const option = select.selectedOptions[0];
  if (option) option.textContent = pickerLabel(mapView.name, mapView.cards.length);
  setStatus("");
  return mapView;
}

function pickerLabel(name: string, cards: number): string {
  return `${displayText(name)} (${cards} argument${cards === 1 ? "" : "s"})`;
}

/** The map's sources, each opening its whole text in the Source tab. */
function sourceList(view: MapView | undefined): HTMLElement | undefined {
  if (!view || view.sources.length === 0) return undefined;
  return h(
    "ul",
    { class: "source-list", attrs: { "aria-label": "Sources of this map" } },
    ...view.sources.map((s) =>
      h(
        "li",
        {},
        button(
          `${displayText(s.title ?? s.name)} (${s.posts} post${s.posts === 1 ? "" : "s"})`,
          () => go({ view: "source", map: view.id, source: s.id }),
          { class: "ref source-open" },
        ),
      ),
    ),
  );
}

function fillFilters(view: MapView): void {
  const source = $("search-source") as HTMLSelectElement;
  source.replaceChildren(h("option", { attrs: { value: "" } }, "any"));
  for (const s of view.sources)
    source.append(h("option", { attrs: { value: s.id } }, displayText(s.title ?? s.name)));
  const authors = $("author-list");
  authors.replaceChildren(...view.authors.slice(0, 500).map((a) => h("option", { attrs: { value: a } })));
}

function markTab(view: Route["view"]): void {
  for (const name of ["cards", "map", "source"] as const) {
    const tab = $(`tab-${name}`);
    if (name === view) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
    const route: Route =
      name === "source" && lastSource ? lastSource : { view: name, ...(mapView ? { map: mapView.id } : {}) };
    tab.setAttribute("href", formatRoute(route));
  }
}

async function show(route: Route): Promise<void> {
  const root = $("view");
  try {
    const view = await loadMap(route.map);
    if (route.view !== "map") destroyGraph();
    if (route.view === "source") {
      if (route.source === undefined) {
        root.replaceChildren(
          h("h2", { id: "view-title" }, "Source"),
          h(
            "p",
            {},
            "This tab shows a span in its source: press a line of a card, a node of the map or a search hit, and its post opens here with the span marked, the post it answers above and the replies below.",
          ),
          sourceList(view),
        );
      } else {
        lastSource = route;
        setStatus("Loading the source…");
        const source = await getSource(route.source);
        setStatus("");
        renderSource(
          root,
          source,
          route.start !== undefined && route.end !== undefined ? [route.start, route.end] : undefined,
          openRef,
        );
      }
    } else if (!view) {
      root.replaceChildren(
        h("h2", { id: "view-title" }, "No maps"),
        h("p", {}, "This server has no maps yet: start it with files, or POST text to /api/map."),
      );
    } else if (route.view === "map") {
      renderGraph(root, {
        view,
        focus: route.arg,
        open: openRef,
        setFocus: (arg) => go({ view: "map", map: view.id, ...(arg ? { arg } : {}) }),
      });
    } else {
      renderCards(root, { view, open: openRef, expanded });
      fillSincePicker($("since-select") as HTMLSelectElement, maps, view.id);
      await markSince(root, view.id, ($("since-select") as HTMLSelectElement).value);
    }
    markTab(route.view);
  } catch (error) {
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
    setStatus(`Could not load: ${message}`);
  }
}

async function runSearch(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const q = String(data.get("q") ?? "").trim();
  const results = $("search-results");
  if (q === "") {
    results.hidden = true;
    return;
  }
  try {
    const result = await search({
      q,
      source: String(data.get("source") ?? ""),
      author: String(data.get("author") ?? "").trim(),
      stance: String(data.get("stance") ?? ""),
      kind: String(data.get("kind") ?? ""),
    });
    renderResults(results, result, openRef, () => {
      results.hidden = true;
      ($("search-q") as HTMLInputElement).focus();
    });
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    results.replaceChildren(h("p", { class: "error" }, `Search failed: ${message}`));
    results.hidden = false;
  }
}

async function boot(): Promise<void> {
  try {
    maps = await listMaps();
  } catch (error) {
    setStatus(`Could not list the maps: ${error instanceof ApiError ? error.message : String(error)}`);
    return;
  }
  const select = $("map-select") as HTMLSelectElement;
  for (const m of maps)
    select.append(h("option", { attrs: { value: m.id } }, pickerLabel(m.name, m.arguments)));
  select.addEventListener("change", () =>
    go({ ...parseRoute(location.hash), view: "cards", map: select.value }),
  );
  $("since-select").addEventListener("change", () => void show(parseRoute(location.hash)));
  $("search-form").addEventListener("submit", (e) => void runSearch(e as SubmitEvent));
  window.addEventListener("hashchange", () => void show(parseRoute(location.hash)));
  await show(parseRoute(location.hash));
  document.body.dataset.ready = "true";
}

void boot();
