/**
 * HTML article reader: the main text is found by Mozilla Readability on a light DOM (linkedom);
 * navigation, ads and comment widgets are dropped. `SourceDoc.text` is the readable text: one
 * block per paragraph, heading, list item or table cell, blocks separated by blank lines. The post's
 * body spans are the prose blocks and headings (headings carry an essay's structure); blockquotes
 * become quotes (cited material, not the author's words); footnote lists are kept in the text as
 * citations, not body. Links become citations with the span of their text. Title, byline,
 * publication date (Readability, then `<meta>` tags, then the first `<time datetime>`) and site
 * domain (`<link rel=canonical>`, `og:url`, else the input URL) are kept.
 */
import type { Readability } from "@mozilla/readability";
import {
  ArgmapError,
  provenance,
  type Citation,
  type Diagnostic,
  type Quote,
  type Span,
} from "../../model/index.js";
import type { ReadMeta, ReadResult, Reader } from "./reader.js";
import { decodeHTML, linkedom, readability } from "../lazy.js";

/** The part of the DOM the reader walks. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

interface DomDocument {
  querySelector(selector: string): DomNode | null;
}

const BLOCK = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "DD",
  "DETAILS",
  "DIV",
  "DL",
  "DT",
  "FIELDSET",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "FORM",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "TABLE",
  "TBODY",
  "THEAD",
  "TFOOT",
  "TR",
  "TD",
  "TH",
  "UL",
  "SUMMARY",
  "CAPTION",
]);
const SKIP = new Set([
  "HEAD",
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "IFRAME",
  "BUTTON",
  "SELECT",
  "TEXTAREA",
  "PRE",
]);
const FOOTNOTES = /(?:^|[\s_-])(?:foot|end)notes?(?:$|[\s_-])|doc-endnotes|doc-footnotes|^references$/i;
const MIN_TEXT = 200;

type BlockKind = "prose" | "heading" | "quote" | "footnote";

interface Block {
  kind: BlockKind;
  text: string;
  links: { start: number; end: number; href: string }[];
}

function attr(node: DomNode, name: string): string | undefined {
  const v = node.getAttribute?.(name);
  return v === null || v === undefined ? undefined : v;
}

/** Collect blocks of text from an element tree, collapsing whitespace. */
function collectBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let buf = "";
  let links: Block["links"] = [];
  const flush = (kind: BlockKind): void => {
    const lead = buf.length - buf.trimStart().length;
    const text = buf.trim();
    if (text.length > 0) {
      blocks.push({
        kind,
        text,
        links: links
          .map((l) => ({
            start: Math.max(0, l.start - lead),
            end: Math.min(text.length, l.end - lead),
            href: l.href,
          }))
          .filter((l) => l.end > l.start),
      });
    }
    buf = "";
    links = [];
  };
  const append = (s: string): void => {
    const collapsed = s.replace(/\s+/g, " ");
    buf += buf.endsWith(" ") && collapsed.startsWith(" ") ? collapsed.slice(1) : collapsed;
  };
  // Iterative depth-first walk (HTML nesting comes from the input): a task visits a node's
  // children or runs what must happen after them (closing a block, ending a link).
  type Task = { node: DomNode; kind: BlockKind } | (() => void);
  const stack: Task[] = [];
  const pushChildren = (node: DomNode, kind: BlockKind): void => {
    const kids = node.childNodes; // linkedom builds a new array on every read of `childNodes`
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, kind });
  };
  const walk = (root: DomNode, kind: BlockKind): void => {
    pushChildren(root, kind);
    while (stack.length > 0) {
      const task = stack.pop()!;
      if (typeof task === "function") {
        task();
        continue;
      }
      const { node: child, kind } = task;
      if (child.nodeType === 3) {
        append(child.textContent ?? "");
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (tag === "BR") {
        append(" ");
        continue;
      }
      let childKind: BlockKind = kind;
      if (/^H[1-6]$/.test(tag)) childKind = "heading";
      else if (tag === "BLOCKQUOTE" && kind !== "footnote") childKind = "quote";
      const marker =
        `${attr(child, "id") ?? ""} ${attr(child, "class") ?? ""} ${attr(child, "role") ?? ""}`.trim();
      if (marker && FOOTNOTES.test(marker)) childKind = "footnote";
      if (BLOCK.has(tag)) {
        flush(kind);
        stack.push(() => flush(childKind));
      } else if (tag === "A" && attr(child, "href") !== undefined) {
        const start = buf.length;
        const href = attr(child, "href") as string;
        stack.push(() => links.push({ start, end: buf.length, href }));
      }
      pushChildren(child, childKind);
    }
  };
  walk(root, "prose");
  flush("prose");
  return blocks;
}

/**
 * Budgets in front of the third-party parsers. Readability's cleaning is quadratic or worse in the
 * nesting depth (5,000 nested `<div>`s ran for minutes, 2,500–20,000 overflowed the stack), and
 * linkedom's own parse is quadratic in it (20,000 levels: 1.6 s; 100,000: 32 s). Real articles
 * nest a few dozen levels deep.
 */
export const HTML_BUDGET = {
  /** Deepest element nesting handed to Readability; deeper pages get plain text extraction. */
  maxDepth: 100,
  /** Most elements handed to Readability. */
  maxElements: 60_000,
  /**
   * Most Readability work (the sum over elements of their depth, see `domSize`) per page:
   * `workBase + bytes × workPerByte`. Articles measure 0.1–0.2 per byte; a 1–2 KB page of 70–180
   * nested elements measures 3–20 per byte and kept Readability busy for 90–900 ms (its cleaning
   * passes read every subtree once per ancestor, and it retries up to three times on little text);
   * pages of tiny dense tags (one element per 3–4 bytes) measure 0.6–1 and took 100–450 ms for 2–7 KB.
   */
  workBase: 1_500,
  workPerByte: 0.5,
  /** Deepest nesting (estimated from the markup) handed to linkedom; deeper markup is stripped. */
  maxMarkupDepth: 1_000,
} as const;

/** Elements that never hold children, and ones whose end tag is commonly left out. */
const NO_DEPTH = new Set(
  (
    "area base br col embed hr img input link meta param source track wbr " +
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp"
  ).split(" "),
);

/**
 * Deepest nesting of the markup, estimated from its tags in one linear scan (no parse). An end tag
 * closes its open element and everything opened after it, as the parser does; an end tag with no
 * open element of its name is ignored (`<div></span>` repeated nests, it does not stay flat).
 */
export function markupDepth(html: string): number {
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(\/?)>/g;
  const open: string[] = [];
  const counts = new Map<string, number>();
  let max = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (NO_DEPTH.has(name) || m[3] === "/") continue;
    if (m[1] !== "/") {
      open.push(name);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (open.length > max) max = open.length;
      continue;
    }
    if (!counts.get(name)) continue;
    for (let top = open.pop(); top !== undefined; top = open.pop()) {
      counts.set(top, counts.get(top)! - 1);
      if (top === name) break;
    }
  }
  return max;
}

/**
 * Depth, element count and Readability work of a parsed page, walked with an explicit stack from
 * the document itself: malformed markup can leave several top-level elements (`<>` before
 * `<head>` makes `<head>` the document element and `<body>` its sibling), and Readability reads
 * `<body>` wherever it is. The work is the sum over elements of their depth: Readability reads the
 * text of an element's subtree for each of its ancestors, several times per pass.
 */
export function domSize(document: DomNode): { depth: number; elements: number; work: number } {
  let depth = 0;
  let elements = 0;
  let work = 0;
  const stack: [DomNode, number][] = [[document, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (d > 0) {
      elements++;
      work += d;
    }
    if (d > depth) depth = d;
    const kids = node.childNodes; // read once: linkedom builds a new array on every read
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i]!;
      if (child.nodeType === 1) stack.push([child, d + 1]);
    }
  }
  return { depth, elements, work };
}

const BLOCK_TAG = new RegExp(`</?(?:${[...BLOCK].join("|")}|br)\\b[^>]*>`, "gi");

/** Plain text blocks of markup too deep to parse: scripts and styles dropped, tags stripped. */
function stripMarkup(html: string): Block[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(head|script|style|noscript|template|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(BLOCK_TAG, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeHTML(text)
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s+/g, " ").trim())
    .filter((b) => b.length > 0)
    .map((b) => ({ kind: "prose", text: b, links: [] }));
}

function overBudget(name: string, what: string, sourceId: string): Diagnostic {
  return {
    rule: "html/over-budget",
    stage: "ingest",
    severity: "warning",
    message: `${name}: ${what}; the article finder was skipped and all of the page's text was kept.`,
    sourceId,
  };
}

function meta(doc: DomDocument, selectors: readonly string[], attribute = "content"): string | undefined {
  for (const s of selectors) {
    const el = doc.querySelector(s);
    const v = el ? attr(el, attribute)?.trim() : undefined;
    if (v) return v;
  }
  return undefined;
}

function resolveUrl(href: string, base: string | undefined): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return base === undefined && /^[a-z][a-z0-9+.-]*:/i.test(href) ? href : undefined;
  }
}

function domainOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.hostname.replace(/^www\./, "") : undefined;
  } catch {
    return undefined;
  }
}

interface ArticleInfo {
  title?: string | null | undefined;
  byline?: string | null | undefined;
  publishedTime?: string | null | undefined;
  siteName?: string | null | undefined;
}

/**
 * The article's blocks and metadata: Readability on the parsed page when the page is within
 * `HTML_BUDGET`, else all of the page's text (with an `html/over-budget` diagnostic).
 */
function findArticle(
  html: string,
  name: string,
  sourceId: string,
  diagnostics: Diagnostic[],
): { doc?: DomDocument; article: ArticleInfo | null; blocks: Block[] } {
  const estimate = markupDepth(html);
  if (estimate > HTML_BUDGET.maxMarkupDepth) {
    const what = `its markup nests about ${estimate} elements deep (over ${HTML_BUDGET.maxMarkupDepth})`;
    diagnostics.push(overBudget(name, what, sourceId));
    const title = /<title\b[^>]*>([^<]*)</i.exec(html)?.[1];
    return { article: { title: title ? decodeHTML(title) : undefined }, blocks: stripMarkup(html) };
  }
  const { document } = linkedom().parseHTML(html);
  const doc = document as unknown as DomDocument & { title?: string; body?: DomNode | null };
  const size = domSize(document as unknown as DomNode);
  const maxWork = HTML_BUDGET.workBase + html.length * HTML_BUDGET.workPerByte;
  const what =
    size.depth > HTML_BUDGET.maxDepth
      ? `its elements nest ${size.depth} deep (over ${HTML_BUDGET.maxDepth})`
      : size.elements > HTML_BUDGET.maxElements
        ? `it has ${size.elements} elements (over ${HTML_BUDGET.maxElements})`
        : size.work > maxWork
          ? `its ${size.elements} elements nest too deeply for its size (${size.work} element levels, over ${maxWork})`
          : undefined;
  if (what !== undefined) {
    diagnostics.push(overBudget(name, what, sourceId));
    // All of the document but <head>: malformed markup can leave the page's text outside the root
    // element, or in a second <body> that `document.body` does not return.
    return { doc, article: { title: doc.title }, blocks: collectBlocks(document as unknown as DomNode) };
  }
  let article: ReturnType<Readability<DomNode>["parse"]>;
  try {
    const { Readability: ReadabilityClass } = readability();
    article = new ReadabilityClass<DomNode>(document as never, {
      charThreshold: 100,
      serializer: (n) => n as unknown as DomNode,
    }).parse();
  } catch (cause) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${name}: the HTML could not be read as an article (${(cause as Error).message}).`,
      { input: name, cause },
    );
  }
  return { doc, article, blocks: article?.content ? collectBlocks(article.content) : [] };
}

const HTML_START =
  /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

export const htmlReader: Reader = {
  format: "html",
  name: "ingest/html",
  version: "1.0.0",
  extensions: [".html", ".htm", ".xhtml"],
  mimeTypes: ["text/html", "application/xhtml+xml"],
  detect: ({ head }) => HTML_START.test(head),
  read(html: string, sourceId: string, readMeta?: ReadMeta): ReadResult {
    const name = readMeta?.name ?? "input";
    const diagnostics: Diagnostic[] = [];
    const found = findArticle(html, name, sourceId, diagnostics);
    const doc = found.doc;
    const canonical = doc
      ? (meta(doc, ['link[rel="canonical"]'], "href") ?? meta(doc, ['meta[property="og:url"]']))
      : undefined;
    const pageUri = readMeta?.uri && /^https?:/i.test(readMeta.uri) ? readMeta.uri : undefined;
    const base =
      resolveUrl(canonical ?? "", pageUri) ??
      pageUri ??
      (canonical && domainOf(canonical) ? canonical : undefined);
    const metaDate = doc
      ? (meta(doc, [
          'meta[property="article:published_time"]',
          'meta[name="article:published_time"]',
          'meta[itemprop="datePublished"]',
          'meta[name="date"]',
          'meta[name="dc.date"]',
          'meta[name="DC.date.issued"]',
          'meta[name="pubdate"]',
          'meta[property="og:published_time"]',
        ]) ?? meta(doc, ["time[datetime]"], "datetime"))
      : undefined;
    const metaAuthor = doc
      ? meta(doc, ['meta[name="author"]', 'meta[property="article:author"]'])
      : undefined;
    const article = found.article;
    const bylineText = article?.byline?.trim() || metaAuthor;
    // A short "By Jane Doe · 12 April" line at the top repeats the byline: not the author's argument.
    const blocks = found.blocks.filter(
      (b, i) =>
        !(i <= 1 && bylineText && b.kind === "prose" && b.text.length <= 120 && b.text.includes(bylineText)),
    );
    if (!article || blocks.length === 0) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${name}: no article text found in the HTML (only navigation, scripts or empty markup). Save the page's article itself, or use --from text.`,
        { input: name },
      );
    }
    const parts: string[] = [];
    let length = 0;
    const bodySpans: Span[] = [];
    const quotes: Quote[] = [];
    const citations: Citation[] = [];
    for (const b of blocks) {
      if (parts.length > 0) {
        parts.push("\n\n");
        length += 2;
      }
      const start = length;
      parts.push(b.text);
      length += b.text.length;
      const span: Span = [start, length];
      if (b.kind === "quote") quotes.push({ span, text: b.text, score: 0 });
      else if (b.kind === "footnote") citations.push({ text: b.text, span });
      else bodySpans.push(span);
      for (const l of b.links) {
        if (l.href.startsWith("#")) continue; // in-page anchors: footnote markers, tables of contents
        const url = resolveUrl(l.href, base);
        if (!url || /^(?:javascript|data):/i.test(url)) continue;
        const s = start + l.start;
        const e = start + l.end;
        citations.push({ text: b.text.slice(l.start, l.end), url, span: [s, e] });
      }
    }
    const text = parts.join("");
    if (text.length < MIN_TEXT) {
      diagnostics.push({
        rule: "html/little-text",
        stage: "ingest",
        severity: "warning",
        message: `${name}: the article has only ${text.length} characters of text; the page may be mostly script or navigation.`,
        sourceId,
      });
    }
    const first = bodySpans[0] ?? quotes[0]?.span ?? [0, 0];
    const last = bodySpans[bodySpans.length - 1] ?? first;
    const spanEnd = Math.max(last[1], quotes[quotes.length - 1]?.span[1] ?? 0);
    const title = article.title?.trim();
    const byline = bylineText;
    const publishedAt = article.publishedTime?.trim() || metaDate;
    const siteName = domainOf(canonical) ?? domainOf(pageUri) ?? (article.siteName?.trim() || undefined);
    return {
      posts:
        bodySpans.length + quotes.length > 0
          ? [
              {
                id: `${sourceId}:p0`,
                sourceId,
                index: 0,
                ...(byline ? { author: byline } : {}),
                ...(publishedAt ? { time: publishedAt } : {}),
                ...(pageUri ? { url: pageUri } : {}),
                span: [Math.min(first[0], quotes[0]?.span[0] ?? first[0]), spanEnd],
                bodySpans,
                quotes,
                by: provenance(htmlReader, "classic"),
              },
            ]
          : [],
      text,
      ...(title ? { title } : {}),
      ...(byline ? { byline } : {}),
      ...(publishedAt ? { publishedAt } : {}),
      ...(siteName ? { siteName } : {}),
      citations,
      diagnostics,
    };
  },
};
