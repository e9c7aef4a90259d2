/**
 * Argdown export (https://argdown.org): every argumentative unit becomes a statement
 * `[Title]: text #(kind) #stance` with its provenance in a YAML data block; unit-level support and
 * attack relations become `<+` / `<-` lines under the target statement; each assembled argument
 * becomes `<Title>: summary #argument` supporting its thesis (`+>`), and an attack aimed at an
 * argument id becomes an undercut (`_>`). Titles are unique and contain only letters, digits,
 * spaces and hyphens; everything else in the text is backslash-escaped.
 */
import type { ArgumentMap } from "../model/index.js";
import { toGraph } from "./graph.js";
import { toDisplayText, UNSAFE_DISPLAY_CHARS } from "./sanitize.js";

/** Characters that have a meaning somewhere in Argdown text; escaped with a backslash. */
const SPECIAL = /[\\[\]<>#*_{}/@:~%"'`+\-=()!?&|^$.,;]/g;

/** Escape free text for an Argdown statement or argument description (one line). */
export function escapeArgdownText(text: string): string {
  return toDisplayText(text).replace(SPECIAL, (c) => "\\" + c);
}

/** A title-safe version of a text: its first words, letters/digits only. */
function titleWords(text: string, maxWords = 6): string {
  const words = text
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}\s-]+/gu, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^-+|-+$/g, ""))
    .filter((w) => w.length > 0);
  return words.slice(0, maxWords).join(" ");
}

/** Hands out unique, Argdown-safe titles. */
class TitleRegistry {
  private readonly used = new Set<string>();
  take(text: string, fallback: string): string {
    const base = titleWords(text) || fallback;
    let title = base;
    for (let n = 2; this.used.has(title.toLowerCase()); n++) title = `${base} ${n}`;
    this.used.add(title.toLowerCase());
    return title;
  }
}

/** A YAML flow mapping; values are JSON (which is valid YAML flow), bidi controls as `\u` escapes. */
function dataBlock(data: Record<string, unknown>): string {
  const parts = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `${k}: ${JSON.stringify(v).replace(UNSAFE_DISPLAY_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}`,
    );
  return `{${parts.join(", ")}}`;
}

function tag(name: string): string {
  return /^[a-z0-9]+$/i.test(name) ? `#${name}` : `#(${name.replace(/[()]/g, "")})`;
}

/**
 * Render a map as Argdown.
 *
 * @example
 * renderArgdown(map).startsWith("// argmap") // true
 */
export function renderArgdown(map: ArgumentMap): string {
  const { nodes, edges } = toGraph(map);
  const titles = new TitleRegistry();
  const statementTitle = new Map<string, string>();
  const lines: string[] = [
    `// argmap ${map.version} map (engine ${map.engine.name} ${map.engine.version})`,
    "",
  ];

  for (const node of nodes) {
    const title = titles.take(node.text, `Unit ${node.id}`);
    statementTitle.set(node.id, title);
    lines.push(`[${title}]: ${escapeArgdownText(node.text)} ${tag(node.kind)} ${tag(node.stance)}`);
    lines.push(
      "  " +
        dataBlock({
          unit: node.id,
          source: node.source,
          sourceId: node.sourceId,
          post: node.postId,
          author: node.author,
          span: node.span,
          confidence: Number(node.confidence.toFixed(3)),
        }),
    );
    lines.push("");
  }

  // Relations grouped under their target statement.
  const byTarget = new Map<string, string[]>();
  for (const e of edges) {
    if (e.relation !== "support" && e.relation !== "attack") continue;
    const from = statementTitle.get(e.from);
    if (from === undefined) continue;
    const list = byTarget.get(e.to) ?? [];
    list.push(`  ${e.relation === "support" ? "<+" : "<-"} [${from}]`);
    byTarget.set(e.to, list);
  }
  for (const [to, rels] of byTarget) {
    lines.push(`[${statementTitle.get(to) ?? ""}]`, ...rels, "");
  }

  // Assembled arguments support their thesis; attacks aimed at an argument undercut it.
  const argumentTitle = new Map<string, string>();
  for (const arg of map.arguments) {
    const thesis = statementTitle.get(arg.thesis);
    const title = titles.take(`Argument ${arg.rank} ${arg.summary}`, `Argument ${arg.rank}`);
    argumentTitle.set(arg.id, title);
    lines.push(`<${title}>: ${escapeArgdownText(arg.summary)} #argument`);
    lines.push(
      "  " +
        dataBlock({
          argument: arg.id,
          rank: arg.rank,
          score: Number(arg.score.toFixed(4)),
          source: arg.source,
        }),
    );
    if (thesis !== undefined) lines.push(`  +> [${thesis}]`);
    for (const r of map.relations) {
      if (r.kind !== "attack" || r.level !== "unit" || r.to !== arg.id) continue;
      const from = statementTitle.get(r.from);
      if (from !== undefined) lines.push(`  <_ [${from}]`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
