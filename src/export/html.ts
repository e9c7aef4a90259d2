/**
 * HTML report: one self-contained page (no scripts, no network) with the cruxes, the argument
 * cards, the key points (by their LLM name when they have one) and a readable map (each root claim with the units that support or attack it, nested).
 * Every piece of source text is made display-safe (`toDisplayText`: no control or bidi control
 * characters) and HTML-escaped; links are emitted only for http(s) URIs; a strict
 * Content-Security-Policy (no scripts at all, the one stylesheet allowed by hash) backs this up.
 */
import { createHash } from "node:crypto";
import { authorsKnownIn, OBJECTION_PREFIX, toCards, whoCount } from "../assemble/index.js";
import type { ArgumentMap, Unit } from "../model/index.js";
import { toGraph, type GraphEdge, type GraphNode } from "./graph.js";
import { toDisplayText } from "./sanitize.js";

/** "1 post", "3 posts": figures that exist only (a source naming no authors shows no author count). */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.codePointAt(0)};`);
}

/** Source text for element content: display-safe (no controls or bidi controls), then escaped. */
function htmlText(text: string): string {
  return escapeHtml(toDisplayText(text));
}

/** An href for a URI, or undefined unless it is plain http(s). */
function safeHref(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.card{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
.meta{color:#666;font-size:.85rem}.kind{font-size:.75rem;text-transform:uppercase;color:#555;margin-right:.4rem}
.pro{border-left:4px solid #2e7d32;padding-left:.5rem}.con{border-left:4px solid #c62828;padding-left:.5rem}
.neutral{border-left:4px solid #aaa;padding-left:.5rem}
ul.map,ul.map ul{list-style:none;padding-left:1.25rem}ul.map li{margin:.3rem 0}
.rel{font-weight:bold;margin-right:.3rem}.support{color:#2e7d32}.attack{color:#c62828}
blockquote{margin:.3rem 0 .3rem 1rem;color:#444}
`.trim();

/**
 * The Arguments section: the cards, in the cards' order and with their text rules (the same deck
 * as `argmap map` and the viewer print: thesis, key claims and objections with their answers,
 * key points, unanswered objections, figures).
 */
function argumentSections(map: ArgumentMap): string[] {
  const deck = toCards(map);
  const out = [`<h2>Arguments (${deck.length})</h2>`];
  if (deck.length === 0) out.push('<p class="meta">No arguments were assembled.</p>');
  const authorsKnown = authorsKnownIn(map);
  for (const card of deck) {
    const s = card.stats;
    out.push(`<section class="card" id="card-${card.rank}">`);
    out.push(`<h3>${card.rank}. ${htmlText(card.thesis)}</h3>`);
    out.push(
      `<p class="meta">${[htmlText(card.source), plural(s.posts, "post"), `${s.supports} support`, `${s.attacks} attack`, `${s.evidence} evidence`].join(" · ")}</p>`,
    );
    if (card.claims.length > 0) {
      out.push("<ul>");
      for (const c of card.claims) {
        const objection = c.startsWith(OBJECTION_PREFIX);
        const text = objection ? c.slice(OBJECTION_PREFIX.length) : c;
        const answers = objection ? (card.objections.find((o) => o.text === text)?.rebuttals ?? []) : [];
        out.push(
          `<li class="${objection ? "con" : "pro"}">${objection ? '<span class="kind">objection</span>' : ""}${htmlText(text)}` +
            (answers.length > 0
              ? `<ul>${answers.map((r) => `<li class="pro"><span class="kind">answer</span>${htmlText(r)}</li>`).join("")}</ul>`
              : "") +
            "</li>",
        );
      }
      out.push("</ul>");
    }
    for (const k of card.keyPoints)
      out.push(
        `<p class="meta">◆ Key point: ${htmlText(k.text)} (${whoCount(authorsKnown ? k.authorCount : k.postCount, authorsKnown)})</p>`,
      );
    for (const u of card.unanswered.slice(0, 3)) out.push(`<p class="meta">? Unanswered: ${htmlText(u)}</p>`);
    out.push("</section>");
  }
  return out;
}

function unitLine(u: Pick<GraphNode, "kind" | "text"> | Unit | undefined): string {
  if (!u) return "";
  return `<span class="kind">${htmlText(u.kind)}</span>${htmlText(u.text)}`;
}

/**
 * Render a map as a self-contained HTML page.
 *
 * @example
 * renderHtml(map).startsWith("<!DOCTYPE html>") // true
 */
export function renderHtml(map: ArgumentMap): string {
  const { nodes, edges } = toGraph(map);
  const styleHash = createHash("sha256").update(STYLE, "utf8").digest("base64");
  const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title =
    map.sources.length === 1
      ? (map.sources[0]!.title ?? map.sources[0]!.name)
      : `${map.sources.length} sources`;
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>argmap: ${htmlText(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head><body>",
    `<h1>Argument map: ${htmlText(title)}</h1>`,
    `<p class="meta">${map.units.filter((u) => u.kind !== "none").length} units, ${edges.length} relations, ${map.keyPoints.length} key points, engine ${htmlText(map.engine.name)} ${htmlText(map.engine.version)}</p>`,
  ];

  out.push("<h2>Sources</h2><ul>");
  for (const s of map.sources) {
    const href = safeHref(s.uri);
    const name = htmlText(s.title ?? s.name);
    out.push(
      `<li>${href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${name}</a>` : name} <span class="meta">${s.posts.length} posts</span></li>`,
    );
  }
  out.push("</ul>");

  // Cruxes as the cards show them: real disputes only, named by a key point's LLM name when it has one.
  const cruxes = toCards(map, { limit: 0 }).cruxes;
  if (cruxes.length > 0) {
    const authorsKnown = authorsKnownIn(map);
    out.push("<h2>Cruxes</h2>");
    for (const c of cruxes) {
      out.push(`<section class="card"><h3>${htmlText(c.text)}</h3>`);
      out.push(
        `<p class="pro"><span class="meta">For, ${whoCount(c.pro.authorCount, authorsKnown)}:</span> ${htmlText(c.pro.quote)}</p>`,
        `<p class="con"><span class="meta">Against, ${whoCount(c.con.authorCount, authorsKnown)}:</span> ${htmlText(c.con.quote)}</p>`,
        "</section>",
      );
    }
  }

  out.push(...argumentSections(map));

  out.push("<h2>Key points</h2>");
  if (map.keyPoints.length === 0) out.push('<p class="meta">No key points.</p>');
  for (const kp of map.keyPoints) {
    // A key point's LLM name when it has one; its source wording is then the first quote below.
    out.push(`<section class="card ${kp.stance}"><h3>${htmlText(kp.label ?? kp.text)}</h3>`);
    out.push(
      `<p class="meta">${[kp.stance, ...(kp.authorCount > 0 ? [plural(kp.authorCount, "author")] : []), plural(kp.postCount, "post"), `${(kp.coverage * 100).toFixed(0)}% coverage`].join(" · ")}</p>`,
    );
    for (const q of kp.quotes.slice(0, 5)) out.push(`<blockquote>${htmlText(q.text)}</blockquote>`);
    out.push("</section>");
  }

  out.push("<h2>Map</h2>", renderTree(nodes, edges));
  out.push("</body></html>", "");
  return out.join("\n");
}

/** Roots (units that support/attack nothing) with their supporters and attackers nested. */
function renderTree(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const argumentative = edges.filter((e) => e.relation === "support" || e.relation === "attack");
  const into = new Map<string, GraphEdge[]>();
  for (const e of argumentative) (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(e);
  const hasOut = new Set(argumentative.map((e) => e.from));
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const shown = new Set<string>();
  const item = (n: GraphNode, rel: GraphEdge | undefined, depth: number): string => {
    const seen = shown.has(n.id);
    shown.add(n.id);
    const relTag = rel
      ? `<span class="rel ${rel.relation}">${rel.relation === "support" ? "+" : "−"}</span>`
      : "";
    const children = seen || depth > 12 ? [] : (into.get(n.id) ?? []);
    const inner = children
      .map((e) => byId.get(e.from))
      .map((c, i) => (c ? item(c, children[i], depth + 1) : ""))
      .join("");
    return `<li class="${n.stance}">${relTag}${unitLine(n)} <span class="meta">(${htmlText(n.source)})</span>${inner ? `<ul>${inner}</ul>` : ""}</li>`;
  };
  const roots = nodes.filter((n) => !hasOut.has(n.id) && (into.get(n.id)?.length ?? 0) > 0);
  const lone = nodes.filter((n) => !hasOut.has(n.id) && !into.has(n.id));
  const parts = ['<ul class="map">', ...roots.map((r) => item(r, undefined, 0)), "</ul>"];
  if (lone.length > 0)
    parts.push(
      "<h3>Unconnected units</h3>",
      '<ul class="map">',
      ...lone.map((n) => item(n, undefined, 0)),
      "</ul>",
    );
  return parts.join("\n");
}
