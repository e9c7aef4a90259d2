/**
 * Argument cards as Markdown: cruxes first (the two sides' best quotes), then the cards (key
 * claims, objections with their rebuttals, key points with counts, what is unanswered), then the
 * key points with counts and quotes, each quote linked to where it is (`file#L<line>` or the
 * source uri). Source text is escaped so that hostile input cannot inject links, images, HTML or
 * formatting: every Markdown/HTML-special ASCII character gets a backslash.
 */
import { trimConnective } from "../cluster/text-quality.js";
import {
  authorsKnownIn,
  keyPointCounts,
  toCards,
  OBJECTION_PREFIX,
  whoCount,
  type CardOptions,
} from "../assemble/index.js";
import type { ArgumentMap, KeyPointQuote, SourceDoc } from "../model/index.js";
import { toDisplayText } from "./sanitize.js";

export interface MarkdownOptions extends CardOptions {
  /** Top-level heading. Default "Arguments". */
  title?: string;
  /** Key points listed after the cards. Default 10. */
  keyPoints?: number;
}

/** Characters allowed unescaped in a link target we build; everything else is percent-encoded. */
function safeHref(href: string): string {
  return href
    .replace(/[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/g, (c) => encodeURIComponent(c))
    .replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Where a quote is: the source uri (web sources, with the post's permalink when known) or
 * `<file>#L<line>`; undefined for sources without a name or uri.
 * @example quoteHref(source, quote) // "thread.txt#L12"
 */
export function quoteHref(
  source: SourceDoc | undefined,
  quote: Pick<KeyPointQuote, "span">,
): string | undefined {
  if (!source) return undefined;
  const post = source.posts.find((p) => p.span[0] <= quote.span[0] && quote.span[1] <= p.span[1]);
  if (post?.url && /^https?:\/\//i.test(post.url)) return safeHref(post.url);
  if (source.uri && /^https?:\/\//i.test(source.uri)) return safeHref(source.uri);
  const file = source.uri ?? source.name;
  if (!file || /^[a-z][a-z0-9+.-]*:/i.test(file)) return undefined;
  let line = 1;
  for (let i = 0; i < quote.span[0] && i < source.text.length; i++)
    if (source.text.charCodeAt(i) === 10) line++;
  return safeHref(`${file}#L${line}`);
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
  const sources = new Map(map.sources.map((s) => [s.id, s]));
  const quote = (q: KeyPointQuote): string => {
    const href = quoteHref(sources.get(q.sourceId), q);
    const text = `“${escapeMarkdown(q.text.replace(/\s+/g, " ").trim())}”`;
    return href ? `${text} ([source](<${href}>))` : text;
  };
  const out: string[] = [`# ${escapeMarkdown(options.title ?? "Arguments")}`, ""];
  // Cruxes as the cards show them: real disputes, each side a quote that stands on its own.
  const cruxes = cards.cruxes;
  const authorsKnown = authorsKnownIn(map);
  const sideQuote = (side: (typeof cruxes)[number]["pro"]): string => {
    const text = `“${escapeMarkdown(side.quote)}”`;
    const href = side.at ? quoteHref(sources.get(side.at.sourceId), side.at) : undefined;
    return href ? `${text} ([source](<${href}>))` : text;
  };
  if (cruxes.length > 0) {
    out.push("## Cruxes", "");
    for (const c of cruxes) {
      out.push(`- **${escapeMarkdown(c.text)}**`);
      out.push(`  - For (${whoCount(c.pro.authorCount, authorsKnown)}): ${sideQuote(c.pro)}`);
      out.push(`  - Against (${whoCount(c.con.authorCount, authorsKnown)}): ${sideQuote(c.con)}`);
    }
    out.push("");
  }
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
        if (claim.startsWith(OBJECTION_PREFIX)) {
          const objection = card.objections.find((o) => o.text === claim.slice(OBJECTION_PREFIX.length));
          for (const r of objection?.rebuttals.slice(0, 2) ?? [])
            out.push(`  - *Rebuttal:* ${escapeMarkdown(r)}`);
        }
      }
      out.push("");
    }
    if (card.keyPoints.length > 0) {
      for (const k of card.keyPoints)
        out.push(`- *Key point:* ${escapeMarkdown(k.text)} (${keyPointCounts(k)})`);
      out.push("");
    }
    const shown = new Set(card.claims.map((c) => c.replace(/^Objection: /, "")));
    const open = card.unanswered.filter((t) => !shown.has(t) && !shown.has(trimConnective(t)));
    if (open.length > 0) {
      const more = open.length > 1 ? ` (+${open.length - 1} more)` : "";
      out.push(`- *Unanswered:* ${escapeMarkdown(open[0]!)}${more}`, "");
    }
    const { posts, supports, attacks, evidence } = card.stats;
    out.push(
      `*${posts} post${posts === 1 ? "" : "s"} · ${supports} support · ${attacks} attack · ${evidence} evidence*`,
      "",
    );
  }
  // Most argued first; a point's counter right under it.
  const byId = new Map(map.keyPoints.map((k) => [k.id, k]));
  const points = map.keyPoints
    .filter((k) => !(k.side === "counter" && k.opposes && byId.get(k.opposes)?.side === "primary"))
    .slice(0, options.keyPoints ?? 10);
  if (points.length > 0) {
    out.push("## Key points", "");
    const line = (k: (typeof points)[number], indent: string, label: string) => {
      out.push(
        `${indent}- ${label}**${escapeMarkdown(k.label ?? k.text)}** (${keyPointCounts({ ...k, sourceCount: k.sourceCount ?? 1, authorsKnown })})`,
      );
      for (const q of k.quotes) out.push(`${indent}  - ${quote(q)}`);
    };
    for (const k of points) {
      line(k, "", "");
      const counter = k.side === "primary" && k.opposes ? byId.get(k.opposes) : undefined;
      if (counter) line(counter, "  ", "*Against:* ");
    }
    if (cards.morePoints) {
      const shown = points.reduce(
        (n, k) => n + (k.side === "primary" && k.opposes && byId.has(k.opposes) ? 2 : 1),
        0,
      );
      const hidden = map.keyPoints.length - shown;
      out.push(`- *…${hidden > 0 ? `${hidden} more listed in the map, ` : ""}${cards.morePoints}*`);
    }
    out.push("");
  }
  return out.join("\n");
}
