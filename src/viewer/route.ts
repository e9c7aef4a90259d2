/** The viewer's address: everything after `#`, as URL parameters (`#view=source&source=…&start=…`). */
import type { SpanRef } from "../serve/types.js";

export type ViewName = "cards" | "map" | "source";

export interface Route {
  view: ViewName;
  map?: string;
  /** Map view: the argument in focus. */
  arg?: string;
  /** Source view. */
  source?: string;
  start?: number;
  end?: number;
}

export function parseRoute(hash: string): Route {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const v = p.get("view");
  const route: Route = { view: v === "map" || v === "source" ? v : "cards" };
  const map = p.get("map");
  if (map) route.map = map;
  const arg = p.get("arg");
  if (arg) route.arg = arg;
  const source = p.get("source");
  if (source) route.source = source;
  const start = Number(p.get("start"));
  const end = Number(p.get("end"));
  if (p.has("start") && p.has("end") && Number.isInteger(start) && Number.isInteger(end) && start <= end) {
    route.start = start;
    route.end = end;
  }
  return route;
}

export function formatRoute(route: Route): string {
  const p = new URLSearchParams({ view: route.view });
  if (route.map) p.set("map", route.map);
  if (route.arg) p.set("arg", route.arg);
  if (route.source) p.set("source", route.source);
  if (route.start !== undefined && route.end !== undefined) {
    p.set("start", String(route.start));
    p.set("end", String(route.end));
  }
  return `#${p.toString()}`;
}

/** The route that opens a span in the source view. */
export function sourceRoute(ref: SpanRef, map: string | undefined): Route {
  return {
    view: "source",
    ...(map ? { map } : {}),
    source: ref.sourceId,
    start: ref.span[0],
    end: ref.span[1],
  };
}
