/**
 * Argument cards for the terminal:
 *
 * ```
 * CRUX <the disputed point>
 *    + 3 authors: <best quote for>
 *    − 2 authors: <best quote against>
 *
 * 1. ARGUMENT · example.com
 *    <thesis paragraph, wrapped>
 *    • <claim>
 *    • Objection: <claim>
 *      ↳ Rebuttal: <answer>
 *    ◆ Key point: <text> (made by 4 authors in 3 sources)
 *    ? Unanswered: <objection nobody answered>
 *    12 posts · 5 support · 3 attack · 2 evidence
 * ```
 * Colour (ANSI SGR) only when asked; the CLI decides from the TTY and `NO_COLOR`.
 */
import type { Card, CardCrux } from "../assemble/index.js";
import { keyPointCounts, OBJECTION_PREFIX, whoCount } from "../assemble/index.js";
import { trimConnective } from "../cluster/text-quality.js";
import { toDisplayText } from "./sanitize.js";

export interface CardsTextOptions {
  color: boolean;
  /** Wrap width in columns. Default 100. */
  width?: number;
  /** Cruxes to print before the cards; by default those `toCards` returned with the cards. */
  cruxes?: readonly CardCrux[];
}

const SGR = {
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  cyan: "\u001b[36m",
  yellow: "\u001b[33m",
  reset: "\u001b[0m",
} as const;

/** Greedy word wrap; a word longer than the line (a URL) gets a line of its own. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (word === "") continue;
    if (line === "") line = word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Render cards as plain (or coloured) text, one blank line between cards.
 *
 * @example
 * process.stdout.write(renderCardsText(toCards(map), { color: process.stdout.isTTY === true }));
 */
export function renderCardsText(
  cards: readonly Card[] & { cruxes?: readonly CardCrux[]; morePoints?: string },
  options: CardsTextOptions,
): string {
  if (cards.length === 0) return "No arguments found.\n";
  const width = Math.max(20, options.width ?? 100);
  const paint = (style: keyof typeof SGR, s: string): string =>
    options.color ? `${SGR[style]}${s}${SGR.reset}` : s;
  /** A wrapped item: `mark` before the first line, the rest indented to the text. */
  const item = (
    indent: string,
    mark: string,
    label: string,
    text: string,
    style: keyof typeof SGR = "dim",
  ): string[] => {
    const head = label === "" ? mark : `${mark} ${label}`;
    const lines = wrapText(`${head} ${toDisplayText(text)}`, width - indent.length);
    const hang = " ".repeat([...mark].length + 1);
    return lines.map((line, i) =>
      i === 0 ? indent + paint(style, head) + line.slice(head.length) : indent + hang + line,
    );
  };
  const cruxBlocks = (options.cruxes ?? cards.cruxes ?? []).map((c) => {
    const out = wrapText(`CRUX ${toDisplayText(c.text)}`, width).map((l, i) =>
      i === 0 ? paint("bold", "CRUX") + l.slice(4) : `     ${l}`,
    );
    out.push(...item("   ", "+", `${whoCount(c.pro.authorCount, c.authorsKnown)}:`, c.pro.quote));
    out.push(...item("   ", "−", `${whoCount(c.con.authorCount, c.authorsKnown)}:`, c.con.quote));
    return out.join("\n");
  });
  const blocks = cards.map((card) => {
    const head = `${card.rank}. `;
    const indent = " ".repeat(head.length);
    const inner = width - indent.length;
    const out: string[] = [];
    out.push(
      `${paint("bold", head)}${paint("cyan", paint("bold", card.label))}${paint("dim", " · ")}${paint("dim", toDisplayText(card.source))}`,
    );
    for (const line of wrapText(toDisplayText(card.thesis), inner)) out.push(indent + line);
    for (const claim of card.claims) {
      const text = toDisplayText(claim);
      const lines = wrapText(text, inner - 2);
      lines.forEach((line, i) => {
        let body = line;
        if (i === 0 && line.startsWith(OBJECTION_PREFIX.trimEnd())) {
          const p = OBJECTION_PREFIX.trimEnd();
          body = paint("yellow", p) + line.slice(p.length);
        }
        out.push(`${indent}${i === 0 ? `${paint("dim", "•")} ` : "  "}${body}`);
      });
      if (claim.startsWith(OBJECTION_PREFIX)) {
        const objection = card.objections?.find((o) => o.text === claim.slice(OBJECTION_PREFIX.length));
        for (const r of objection?.rebuttals.slice(0, 2) ?? [])
          out.push(...item(`${indent}  `, "↳", "Rebuttal:", r));
      }
    }
    for (const k of card.keyPoints ?? [])
      out.push(...item(indent, "◆", "Key point:", `${k.text} (${keyPointCounts(k)})`));
    // A point its author gave up (a CMV delta) is neither side's point any more.
    for (const c of (card.concessions ?? []).slice(0, 2)) out.push(...item(indent, "Δ", "Conceded:", c));
    // An objection already shown among the key claims is not listed again as unanswered.
    const shown = new Set(
      card.claims.filter((c) => c.startsWith(OBJECTION_PREFIX)).map((c) => c.slice(OBJECTION_PREFIX.length)),
    );
    const open = (card.unanswered ?? []).filter((t) => !shown.has(t) && !shown.has(trimConnective(t)));
    const first = open[0];
    if (first !== undefined) {
      const more = open.length > 1 ? ` (+${open.length - 1} more)` : "";
      out.push(...item(indent, "?", "Unanswered:", `${first}${more}`, "yellow"));
    }
    const { posts, supports, attacks, evidence } = card.stats;
    const stats = `${plural(posts, "post")} · ${supports} support · ${attacks} attack · ${evidence} evidence`;
    for (const line of wrapText(stats, inner)) out.push(indent + paint("dim", line));
    return out.join("\n");
  });
  const more = cards.morePoints ? [wrapText(`… ${cards.morePoints}`, width).join("\n")] : [];
  return `${[...cruxBlocks, ...blocks, ...more].join("\n\n")}\n`;
}
