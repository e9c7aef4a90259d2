export { renderCardsText, wrapText, type CardsTextOptions } from "./cards-text.js";
export { renderMarkdown, escapeMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderJson, parseMap } from "./json.js";
export { toDisplayText } from "./sanitize.js";
