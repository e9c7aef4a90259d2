/**
 * The renderer registry: every output format in one table, each declaring its name, media type,
 * file extension and one-line summary beside its render function. `--format` on `map` and
 * `export`, `renderMap` and the HTTP API take their formats from here; adding one is a module
 * and a line.
 */
import { toCards } from "../assemble/index.js";
import type { ArgumentMap } from "../model/index.js";
import { renderAif } from "./aif.js";
import { renderArgdown } from "./argdown.js";
import { renderCardsText } from "./cards-text.js";
import { renderCsv } from "./csv.js";
import { renderDot } from "./dot.js";
import { renderGraphml } from "./graphml.js";
import { renderHtml } from "./html.js";
import { renderJson, renderJsonChunks } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderMermaid } from "./mermaid.js";

export interface RenderOptions {
  /** ANSI colour (terminal cards only). */
  color: boolean;
  /** Most argument cards to show (cards and Markdown). */
  limit: number;
}

export interface Renderer {
  readonly format: string;
  readonly mimeType: string;
  /** File extension with the dot. */
  readonly extension: string;
  readonly summary: string;
  render(map: ArgumentMap, options: RenderOptions): string;
  /** The same text in pieces, for outputs too big for one string (JSON). */
  renderChunks?(map: ArgumentMap, options: RenderOptions): Iterable<string>;
}

export type MapRenderer = (map: ArgumentMap) => string;

const whole = (
  format: string,
  mimeType: string,
  extension: string,
  summary: string,
  render: MapRenderer,
): Renderer => ({ format, mimeType, extension, summary, render: (map) => render(map) });

export const RENDERERS = [
  {
    format: "cards",
    mimeType: "text/plain",
    extension: ".txt",
    summary: "ranked argument cards for the terminal",
    render: (map, o) => renderCardsText(toCards(map, { limit: o.limit }), { color: o.color }),
  },
  {
    ...whole("json", "application/json", ".json", "the versioned map format", renderJson),
    renderChunks: (map) => renderJsonChunks(map),
  },
  {
    format: "md",
    mimeType: "text/markdown",
    extension: ".md",
    summary: "argument cards and key points as Markdown",
    render: (map, o) => renderMarkdown(map, { limit: o.limit }),
  },
  whole("html", "text/html", ".html", "one self-contained report", renderHtml),
  whole("argdown", "text/x-argdown", ".argdown", "Argdown statements and relations", renderArgdown),
  whole("aif", "application/json", ".json", "AIF JSON (AIFdb)", renderAif),
  whole("graphml", "application/graphml+xml", ".graphml", "GraphML graph", renderGraphml),
  whole("dot", "text/vnd.graphviz", ".dot", "Graphviz DOT", renderDot),
  whole("mermaid", "text/vnd.mermaid", ".mmd", "Mermaid flowchart", renderMermaid),
  whole("csv", "text/csv", ".csv", "one row per unit and per relation", renderCsv),
] as const satisfies readonly Renderer[];

export type OutputFormat = (typeof RENDERERS)[number]["format"];
export const OUTPUT_FORMATS = RENDERERS.map((r) => r.format) as OutputFormat[];

/** The renderer of a format. */
export function rendererFor(format: OutputFormat): Renderer {
  return RENDERERS.find((r) => r.format === format)!;
}

/**
 * Render a map in an output format; `color` applies to terminal cards only.
 * @example renderMap(map, "argdown", { color: false, limit: 10 })
 */
export function renderMap(map: ArgumentMap, format: OutputFormat, options: RenderOptions): string {
  return rendererFor(format).render(map, options);
}

/** As `renderMap`, in pieces where the format can stream (JSON), for outputs of any size. */
export function renderMapChunks(
  map: ArgumentMap,
  format: OutputFormat,
  options: RenderOptions,
): Iterable<string> {
  const renderer = rendererFor(format);
  return renderer.renderChunks?.(map, options) ?? [renderer.render(map, options)];
}
