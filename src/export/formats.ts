/**
 * The interchange formats as one table, so a CLI `--format` can offer them all.
 */
import type { ArgumentMap } from "../model/index.js";
import { renderAif } from "./aif.js";
import { renderArgdown } from "./argdown.js";
import { renderCsv } from "./csv.js";
import { renderDot } from "./dot.js";
import { renderGraphml } from "./graphml.js";
import { renderHtml } from "./html.js";
import { renderMermaid } from "./mermaid.js";

export type MapRenderer = (map: ArgumentMap) => string;

/**
 * Renderers by format name.
 *
 * @example
 * FORMAT_RENDERERS.argdown(map) // Argdown source
 */
export const FORMAT_RENDERERS = {
  html: renderHtml,
  argdown: renderArgdown,
  aif: renderAif,
  graphml: renderGraphml,
  dot: renderDot,
  mermaid: renderMermaid,
  csv: renderCsv,
} as const satisfies Record<string, MapRenderer>;

export type InterchangeFormat = keyof typeof FORMAT_RENDERERS;
export const INTERCHANGE_FORMATS = Object.keys(FORMAT_RENDERERS) as InterchangeFormat[];
