/**
 * Argument cards as Markdown. Source text is escaped so that hostile input cannot inject links,
 * images, HTML or formatting: every Markdown/HTML-special ASCII character gets a backslash.
 */
import { toCards, OBJECTION_PREFIX, type CardOptions } from "../assemble/index.js";
import type { ArgumentMap } from "../model/index.js";
import { toDisplayText } from "./sanitize.js";

export interface MarkdownOptions extends CardOptions {
  /** Top-level heading. Default "Arguments". */
  title?: string;
}

/** Escape text for a Markdown paragraph or list item (one line). */
export function escapeMarkdown(text: string): string {
  let s = toDisplayText(text).replace(/[\\`*_{}[\]()<>&|~#!]/g, "\\$&");
  // Line-start constructs: lists, setext headings, ordered lists.
  if (/^[-+=]/.test(s)) s = `\\${s}`;
  s = s.replace(/^(\d+)([.)])/, "$1\\$2");
  return s;
}

/**
 * Render a map's arguments as Markdown cards, best first.
 *
 * @example
 * const md = renderMarkdown(map, { limit: 10 });
 */
export function renderMarkdown(map: ArgumentMap, options: MarkdownOptions = {}): string {
  const cards = toCards(map, options);
  const out: string[] = [`# ${escapeMarkdown(options.title ?? "Arguments")}`, ""];
  if (cards.length === 0) out.push("No arguments found.", "");
  for (const card of cards) {
    out.push(`## ${card.rank}. ${card.label} · ${escapeMarkdown(card.source)}`, "");
    out.push(escapeMarkdown(card.thesis), "");
    if (card.claims.length > 0) {
      for (const claim of card.claims) {
        out.push(
          claim.startsWith(OBJECTION_PREFIX)
            ? `- **${OBJECTION_PREFIX.trim()}** ${escapeMarkdown(claim.slice(OBJECTION_PREFIX.length))}`
            : `- ${escapeMarkdown(claim)}`,
        );
      }
      out.push("");
    }
    const { posts, supports, attacks, evidence } = card.stats;
    out.push(`*${posts} post${posts === 1 ? "" : "s"} · ${supports} support · ${attacks} attack · ${evidence} evidence*`, "");
  }
  return out.join("\n");
}
