/**
 * A diff for people and machines: `cards`, a short "since last time" digest for the terminal;
 * `md`, the same digest as Markdown (source text escaped); `json`, the versioned diff format
 * (`schema/argmap-diff.schema.json`). Source text shown to people goes through `toDisplayText`.
 */
import { escapeMarkdown } from "../export/markdown.js";
import { toDisplayText } from "../export/sanitize.js";
import type { MapDiff, UnitRef } from "./schema.js";

export const DIFF_FORMATS = ["cards", "md", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Longest quote shown in the digest, in characters. */
const QUOTE_CHARS = 160;

function clip(text: string): string {
  const t = toDisplayText(text);
  return t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : t;
}

function by(author: string | undefined): string {
  return author !== undefined ? ` — ${toDisplayText(author)}` : "";
}

/** A section: a heading and its lines (each line a list of text pieces, quotes marked). */
interface Section {
  heading: string;
  items: { line: Piece[]; sub?: Piece[][] }[];
}
type Piece = { quote: string } | { text: string };

const q = (text: string): Piece => ({ quote: clip(text) });
const t = (text: string): Piece => ({ text });
const unitLine = (u: UnitRef): Piece[] => [q(u.text), t(by(u.author))];

function headline(diff: MapDiff): string {
  const since =
    diff.old.createdAt !== undefined ? `${diff.old.label} (${diff.old.createdAt})` : diff.old.label;
  const p = diff.posts;
  const authors = new Set(p.added.flatMap((x) => (x.author !== undefined ? [x.author] : []))).size;
  const parts = [
    `${p.added.length} new post${p.added.length === 1 ? "" : "s"}${authors > 0 ? ` by ${authors} author${authors === 1 ? "" : "s"}` : ""}`,
    `${p.changed.length} edited`,
    `${p.removed.length} removed`,
  ];
  return `Since ${since}: ${parts.join(", ")}`;
}

function argumentSections(diff: MapDiff): Section[] {
  return [
    { heading: "New arguments", items: diff.arguments.added.map((a) => ({ line: unitLine(a.thesis) })) },
    {
      heading: "New claims in earlier arguments",
      items: diff.claims.map((c) => ({ line: unitLine(c.unit) })),
    },
    {
      heading: "Objections answered",
      items: diff.objections.answered.map((o) => ({
        line: [t(o.first ? "first answer to " : "answered again: "), ...unitLine(o.objection)],
        sub: o.rebuttals.map(unitLine),
      })),
    },
    {
      heading: "New objections to earlier arguments",
      items: diff.objections.added.map((o) => ({
        line: unitLine(o.objection),
        sub: [
          [t("against "), q(o.thesis.text)],
          ...o.rebuttals.map((r) => [t("answered: "), ...unitLine(r)]),
        ],
      })),
    },
  ];
}

function pointSections(diff: MapDiff): Section[] {
  const k = diff.keyPoints;
  const counts = (before: number, after: number) => t(` — ${before} → ${after} authors`);
  return [
    {
      heading: "Key points that grew",
      items: k.grew.map((x) => ({
        line: [
          q(x.label ?? x.text),
          counts(x.authorsBefore, x.authorsAfter),
          t(x.newAuthors.length > 0 ? ` (new: ${x.newAuthors.map(toDisplayText).join(", ")})` : ""),
        ],
        sub: [...(x.oldText !== undefined ? [[t("was: "), q(x.oldText)]] : []), ...x.newQuotes.map(unitLine)],
      })),
    },
    {
      heading: "New key points",
      items: k.appeared.map((x) => ({
        line: [q(x.label ?? x.text), t(` — ${x.authorCount} author${x.authorCount === 1 ? "" : "s"}`)],
      })),
    },
    {
      heading: "Key points that shrank",
      items: k.shrank.map((x) => ({ line: [q(x.label ?? x.text), counts(x.authorsBefore, x.authorsAfter)] })),
    },
    {
      heading: "Cruxes",
      items: [
        ...diff.cruxes.appeared.map((c) => ({
          line: [t("new: "), q(c.text), t(` — ${c.pro} pro, ${c.con} con`)],
        })),
        ...diff.cruxes.changed.map((c) => ({
          line: [
            q(c.text),
            t(
              ` — balance ${c.before.balance.toFixed(2)} → ${c.after.balance.toFixed(2)}` +
                ` (pro ${c.before.pro} → ${c.after.pro}, con ${c.before.con} → ${c.after.con})`,
            ),
          ],
          sub: c.oldText !== undefined ? [[t("was: "), q(c.oldText)]] : [],
        })),
      ],
    },
  ];
}

function otherSections(diff: MapDiff): Section[] {
  const dropped = [
    ...diff.arguments.dropped.map((a) => [t("argument "), q(a.thesis.text)]),
    ...diff.keyPoints.dropped.map((k) => [t("key point "), q(k.label ?? k.text)]),
    ...diff.cruxes.dropped.map((c) => [t("crux "), q(c.text)]),
    ...diff.sources.removed.map((s) => [t(`source ${toDisplayText(s.name)}`)]),
  ];
  return [
    {
      heading: "Edited posts",
      items: diff.posts.changed.map((p) => ({
        line: [q(p.new.text), t(by(p.new.author)), t(` (matched by ${p.match})`)],
      })),
    },
    { heading: "New sources", items: diff.sources.added.map((s) => ({ line: [t(toDisplayText(s.name))] })) },
    { heading: "Gone", items: dropped.map((line) => ({ line })) },
  ];
}

function sections(diff: MapDiff): Section[] {
  return [...argumentSections(diff), ...pointSections(diff), ...otherSections(diff)].filter(
    (s) => s.items.length > 0,
  );
}

function textOf(
  pieces: readonly Piece[],
  quote: (s: string) => string,
  plain: (s: string) => string,
): string {
  return pieces.map((p) => ("quote" in p ? quote(p.quote) : plain(p.text))).join("");
}

function renderCards(diff: MapDiff): string {
  const out = [headline(diff)];
  const all = sections(diff);
  if (all.length === 0) out.push("", "Nothing changed.");
  const quote = (s: string) => `"${s}"`;
  const plain = (s: string) => s;
  for (const s of all) {
    out.push("", `${s.heading} (${s.items.length})`);
    for (const item of s.items) {
      out.push(`  • ${textOf(item.line, quote, plain)}`);
      for (const sub of item.sub ?? []) out.push(`      ${textOf(sub, quote, plain)}`);
    }
  }
  return `${out.join("\n")}\n`;
}

function renderMarkdown(diff: MapDiff): string {
  const out = [`# ${escapeMarkdown(headline(diff))}`];
  const all = sections(diff);
  if (all.length === 0) out.push("", "Nothing changed.");
  const quote = (s: string) => `“${escapeMarkdown(s)}”`;
  for (const s of all) {
    out.push("", `## ${s.heading} (${s.items.length})`, "");
    for (const item of s.items) {
      out.push(`- ${textOf(item.line, quote, escapeMarkdown)}`);
      for (const sub of item.sub ?? []) out.push(`  - ${textOf(sub, quote, escapeMarkdown)}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/**
 * Render a diff in one of `DIFF_FORMATS`.
 * @example process.stdout.write(renderDiff(diff, "cards"))
 */
export function renderDiff(diff: MapDiff, format: DiffFormat): string {
  if (format === "json") return `${JSON.stringify(diff, null, 2)}\n`;
  return format === "md" ? renderMarkdown(diff) : renderCards(diff);
}
