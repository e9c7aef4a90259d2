export { renderCardsText, wrapText, type CardsTextOptions } from "./cards-text.js";
export { renderMarkdown, escapeMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderJson, renderJsonEntries, parseMap, type JsonEntry } from "./json.js";
export { toDisplayText } from "./sanitize.js";
export {
  OUTPUT_FORMATS,
  RENDERERS,
  renderMap,
  renderMapChunks,
  rendererFor,
  type MapRenderer,
  type OutputFormat,
  type Renderer,
  type RenderOptions,
} from "./formats.js";
export { renderArgdown } from "./argdown.js";
export { renderAif, toAif } from "./aif.js";
export { renderGraphml } from "./graphml.js";
export { renderDot } from "./dot.js";
export { renderMermaid } from "./mermaid.js";
export { renderCsv } from "./csv.js";
export { renderHtml } from "./html.js";
export { toGraph, type MapGraph, type GraphNode, type GraphEdge } from "./graph.js";
