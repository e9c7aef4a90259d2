/**
 * Chat logs and pasted transcripts in plain text. Three header styles, one per log (the style with
 * the most headers wins, so a `Name:` inside a Slack message does not start a turn):
 *
 * - inline: `Name: …`, `[12:03] Name: …`, `12:03 Name: …`, `Name (12:03): …` (forum copies,
 *   transcripts, exports) — the turn's words start after the colon;
 * - line: a header alone on its line, the message below it — Slack (`Jane Doe  10:42 AM`) and
 *   Discord (`Jane — Today at 10:42 AM`, `Jane — 03/14/2024 10:42 AM`); a bare `10:43` or
 *   `[10:43 AM]` line starts another message by the same speaker;
 * - irc: `[10:42] <nick> text`, `<@nick> text`, and `* nick waves` actions; join/part/mode lines
 *   (`-!-`, `***`, `-->`, `<--`, `---`) are dropped (`chat/system-lines`).
 *
 * Each turn (a header and the lines up to the next header) is a post with its author and time; its
 * body spans never include the speaker label. Labels that name a part of a document rather than a
 * speaker (`Note:`, `Update:`, `Step 1:` …) never start a turn. A turn that starts with `@Name`
 * replies to Name's latest turn; one that quotes (`>` lines) an earlier turn replies to that turn.
 * Spans index the input. All scanning is line by line; every pattern is tried on a bounded prefix
 * of a line, so the cost is linear in the input.
 */
import { provenance, type Diagnostic, type Post, type Quote, type Span } from "../../model/index.js";
import { linesSpan, quoteText, splitLines, wordNorms, type Line } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";
import { findWords } from "./thread-items.js";

export type ChatStyle = "inline" | "line" | "irc";

export interface ChatHeader {
  name: string;
  time?: string;
  /** Offset (in the line) where the turn's words start; the line's length for a header line. */
  bodyStart: number;
  style: ChatStyle;
  /** A time stamp or IRC brackets: structure that prose rarely has. */
  strong: boolean;
}

/** Headers are looked for in this many leading characters of a line. */
const HEADER_REACH = 160;
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?`;
const DATE_TIME = String.raw`(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,T]?[ \t]+)?${TIME}`;
const WORD = String.raw`[\p{L}\p{M}\p{N}_.'’-]*`;
const NAME = String.raw`[\p{L}\p{N}_]${WORD}(?: [\p{L}\p{N}]${WORD}){0,3}`;
const INLINE = new RegExp(
  String.raw`^(?:\[(?<t1>[^\]\n]{1,30})\][ \t]*|(?<t2>${DATE_TIME})[ \t]+(?:-[ \t]+)?)?(?<name>${NAME})[ \t]*(?:\((?<t3>[^)\n]{1,30})\))?[ \t]*:(?=[ \t]|$)`,
  "u",
);
const IRC_STAMP = String.raw`(?:\[(?<t>[^\]\n]{1,30})\]|(?<t2>${DATE_TIME}))[ \t]*`;
const IRC = new RegExp(String.raw`^(?:${IRC_STAMP})?<[ @+%&~]?(?<nick>[^<>\s]{1,32})>(?=[ \t]|$)`, "u");
const IRC_ACTION = new RegExp(
  String.raw`^(?:${IRC_STAMP})?[ \t]?\*[ \t]+(?<nick>[^*\s]{1,32})[ \t]+(?=\S)`,
  "u",
);
const IRC_SYSTEM = new RegExp(String.raw`^(?:${IRC_STAMP})?(?:-!-|\*\*\*|-->|<--|---|=!=)[ \t]+\S`, "u");
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?`;
const DAY = String.raw`(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]+\d{4})?)`;
/** The time part of a Slack or Discord header line, with the separator before it. */
const LINE_STAMP = new RegExp(
  String.raw`(?<sep>[ \t]+(?:[—–-][ \t]+)?)\[?(?<stamp>(?:Today|Yesterday)(?:[ \t]+at)?[ \t]+${TIME}|${DAY}(?:,?[ \t]+(?:at[ \t]+)?${TIME})?|${TIME})\]?[ \t]*$`,
  "u",
);
const LINE_NAME = new RegExp(String.raw`^(?<name>${NAME})(?:[ \t]+(?:APP|BOT))?$`, "u");
/** A message time alone on its line: another message by the same speaker (Slack, Discord). */
const STAMP_LINE = new RegExp(String.raw`^[ \t]*\[?(?<t>${TIME})\]?[ \t]*$`, "u");
/** Day dividers of Slack and Discord copies (`Today`, `Thursday, March 14th`). */
const DAY_LINE = new RegExp(
  String.raw`^[ \t]*(?:Today|Yesterday|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:,?[ \t]+${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]+\d{4})?)?|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4})[ \t]*$`,
  "u",
);
const CLOCK = /\d:\d\d/;
const QUOTE_LINE = /^[ \t]{0,3}>/;

/**
 * First words of labels that name a part of a document, not a speaker (`Note:`, `Step 1:`,
 * `Update:`). Such a label never starts a turn, so an essay with a few of them stays an essay.
 */
const NOT_SPEAKERS = new Set(
  `note notes nb n.b update updated edit edited step steps part chapter section figure fig table
appendix exhibit example examples e.g i.e summary tl tldr conclusion conclusions introduction intro
abstract background context overview keywords key warning caution tip tips hint important
disclaimer source sources reference references citation link links see via credit credits title
subtitle date time subject re fwd fw from to cc bcc sent ps p.s pps addendum postscript status owner
author authors editor version tags tag category location result results outcome method methods
objective objectives goal goals aim purpose problem issue solution pro pros con cons claim premise
thesis argument counterargument objection rebuttal reason reasons evidence definition fact facts myth
reality caveat bonus fyi reminder recap takeaway takeaways lesson lessons rule rules option options
phase stage day week month year round level point points item items case scenario proposal
recommendation recommendations verdict rating score price cost total ingredients directions http
https ftp mailto file path url email phone tel address name description type format size count
yes no true false first second third finally also however therefore thus hence`.split(/\s+/),
);

function isSpeakerName(name: string): boolean {
  if (name.length === 0 || name.length > 40 || /^[\d_.'’-]+$/u.test(name)) return false;
  const first = (name.split(" ")[0] as string).toLowerCase().replace(/\.$/, "");
  return !NOT_SPEAKERS.has(first);
}

function validTime(t: string | undefined): boolean {
  return t === undefined || CLOCK.test(t);
}

/** `Name: …` with an optional time before the name or in brackets after it. */
function parseInline(line: string): ChatHeader | undefined {
  if (/^[ \t]/.test(line)) return undefined;
  const m = INLINE.exec(line.slice(0, HEADER_REACH));
  if (!m?.groups) return undefined;
  const g = m.groups;
  const name = (g.name as string).trim();
  const time = g.t1 ?? g.t2 ?? g.t3;
  if (!isSpeakerName(name) || !validTime(g.t1) || !validTime(g.t3)) return undefined;
  return {
    name,
    ...(time !== undefined ? { time: time.trim() } : {}),
    bodyStart: m[0].length,
    style: "inline",
    strong: time !== undefined,
  };
}

/** `<nick> …` (with an optional time), or an action `* nick …` when `actions` is set. */
function parseIrc(line: string, actions: boolean): ChatHeader | undefined {
  const head = line.slice(0, HEADER_REACH);
  const m = IRC.exec(head) ?? (actions ? IRC_ACTION.exec(head) : null);
  if (!m?.groups) return undefined;
  const time = m.groups.t ?? m.groups.t2;
  if (!validTime(m.groups.t)) return undefined;
  let bodyStart = m[0].length;
  if (m.groups.nick !== undefined && m[0].endsWith(">"))
    while (/[ \t]/.test(line[bodyStart] ?? "")) bodyStart++;
  return {
    name: m.groups.nick as string,
    ...(time !== undefined ? { time: time.trim() } : {}),
    bodyStart,
    style: "irc",
    strong: true,
  };
}

/** A Slack or Discord header line: a name and a time, nothing else. */
function parseHeaderLine(line: string): ChatHeader | undefined {
  if (line.length > 80 || /^[ \t]/.test(line)) return undefined;
  const m = LINE_STAMP.exec(line);
  if (!m?.groups) return undefined;
  const stamp = m.groups.stamp as string;
  const dashed = /[—–-]/.test(m.groups.sep as string);
  if (!CLOCK.test(stamp) && !dashed) return undefined;
  const n = LINE_NAME.exec(line.slice(0, m.index));
  if (!n?.groups) return undefined;
  const name = n.groups.name as string;
  if (!isSpeakerName(name)) return undefined;
  return { name, time: stamp, bodyStart: line.length, style: "line", strong: true };
}

/**
 * Parse a speaker label at the start of a line, in any style (IRC, Slack/Discord header line,
 * `Name:`).
 *
 * @example
 * parseChatHeader("[12:03] Alice: hi"); // { name: "Alice", time: "12:03", bodyStart: 15, style: "inline", strong: true }
 * parseChatHeader("Note: a draft."); // undefined
 */
export function parseChatHeader(line: string): ChatHeader | undefined {
  return parseIrc(line, false) ?? parseHeaderLine(line) ?? parseInline(line);
}

function parseInStyle(line: string, style: ChatStyle): ChatHeader | undefined {
  if (style === "irc") return parseIrc(line, true);
  return style === "line" ? parseHeaderLine(line) : parseInline(line);
}

/** The header style of most lines. */
function dominantStyle(lines: readonly Line[]): ChatStyle {
  const counts: Record<ChatStyle, number> = { inline: 0, line: 0, irc: 0 };
  for (const l of lines) {
    if (l.blank) continue;
    const h = parseChatHeader(l.text);
    if (h) counts[h.style]++;
  }
  if (counts.irc >= counts.line && counts.irc >= counts.inline && counts.irc > 0) return "irc";
  return counts.line > counts.inline ? "line" : "inline";
}

/** What a line is in a chat log of one style. */
export type ChatLine =
  | { kind: "blank" | "text" | "system" }
  | { kind: "header"; header: ChatHeader }
  | { kind: "stamp"; time: string };

/**
 * Classify every line of a chat log. A header line (Slack/Discord) needs a message under it;
 * without one it is text.
 */
export function classifyChatLines(lines: readonly Line[], style: ChatStyle): ChatLine[] {
  const out: ChatLine[] = [];
  for (const l of lines) {
    if (l.blank) {
      out.push({ kind: "blank" });
      continue;
    }
    if (style === "irc" && IRC_SYSTEM.test(l.text.slice(0, HEADER_REACH))) {
      out.push({ kind: "system" });
      continue;
    }
    const h = parseInStyle(l.text, style);
    if (h) {
      out.push({ kind: "header", header: h });
      continue;
    }
    if (style === "line") {
      const s = l.text.length <= 40 ? STAMP_LINE.exec(l.text) : null;
      if (s?.groups) {
        out.push({ kind: "stamp", time: s.groups.t as string });
        continue;
      }
      if (l.text.length <= 60 && DAY_LINE.test(l.text)) {
        out.push({ kind: "system" });
        continue;
      }
    }
    out.push({ kind: "text" });
  }
  if (style === "line") {
    // A header line with no message under it (another header follows) is not a turn.
    let pending = -1;
    for (let i = 0; i < out.length; i++) {
      const c = out[i] as ChatLine;
      if (c.kind === "blank" || c.kind === "system") continue;
      if (pending >= 0 && c.kind !== "text") out[pending] = { kind: "text" };
      pending = c.kind === "header" ? i : -1;
    }
    if (pending >= 0) out[pending] = { kind: "text" };
  }
  return out;
}

/** Whether a name looks like a person or a user handle rather than a common noun. */
function looksLikeName(name: string): boolean {
  if (/[\d_@]|\.\S/u.test(name)) return true;
  const words = name.split(" ");
  if (words.length > 1) return words.every((w) => /^[\p{Lu}\p{Lo}]/u.test(w));
  if (/^[\p{Ll}]+$/u.test(name)) return true;
  return !/(?:tion|sion|ment|ness|ity|ism|ship|ogy|ics)$/i.test(name);
}

/** Statistics of a candidate chat log, for `looksLikeChat`. */
interface ChatStats {
  headers: number;
  strong: number;
  /** Turns per speaker (lower-cased name → count and name as written first). */
  speakers: Map<string, { count: number; name: string }>;
  labelledStarts: number;
  starts: number;
  nonBlank: number;
  /** Words in each turn's body (counted up to 8). */
  bodyWords: number[];
}

function chatStats(text: string): ChatStats {
  const lines = splitLines(text);
  const style = dominantStyle(lines);
  const kinds = classifyChatLines(lines, style);
  const stats: ChatStats = {
    headers: 0,
    strong: 0,
    speakers: new Map(),
    labelledStarts: 0,
    starts: 0,
    nonBlank: 0,
    bodyWords: [],
  };
  let prevBlank = true;
  let words = -1;
  const closeTurn = (): void => {
    if (words >= 0) stats.bodyWords.push(words);
    words = -1;
  };
  kinds.forEach((c, i) => {
    const line = lines[i] as Line;
    if (c.kind === "blank" || c.kind === "system") {
      prevBlank ||= c.kind === "blank";
      return;
    }
    stats.nonBlank++;
    if (prevBlank) stats.starts++;
    if (c.kind === "header" || c.kind === "stamp") {
      closeTurn();
      stats.headers++;
      stats.strong++;
      if (prevBlank) stats.labelledStarts++;
      words = 0;
      if (c.kind === "header") {
        if (!c.header.strong) stats.strong--;
        const key = c.header.name.toLowerCase();
        const seen = stats.speakers.get(key);
        if (seen) seen.count++;
        else stats.speakers.set(key, { count: 1, name: c.header.name });
        if (words < 8) words += wordNorms(line.text.slice(c.header.bodyStart, 400)).length;
      }
    } else if (words >= 0 && words < 8) words += wordNorms(line.text.slice(0, 400)).length;
    prevBlank = false;
  });
  closeTurn();
  return stats;
}

/**
 * Whether a text reads as a chat log. At least 3 turns by at least 2 speakers, and either
 * (a) mostly time-stamped, IRC or Slack/Discord headers, or (b) `Name:` labels on most paragraph
 * or line starts, from speakers who mostly speak more than once — or, in a log where most speak
 * once (a copied forum thread), from at least 6 labels that look like names or handles, in front
 * of sentences rather than short values (so `Key: value` lists stay what they are).
 *
 * @example
 * looksLikeChat("Ana: Tea.\nBen: Coffee.\nAna: Tea, always.\nBen: Fine."); // true
 * looksLikeChat("Note: a draft.\n\nCities need trees.\n\nUpdate: more trees."); // false
 */
export function looksLikeChat(text: string): boolean {
  const s = chatStats(text);
  const distinct = s.speakers.size;
  if (s.headers < 3 || distinct < 2) return false;
  const lineShare = s.headers / Math.max(1, s.nonBlank);
  const startShare = s.labelledStarts / Math.max(1, s.starts);
  if (s.strong >= 3 && s.strong >= 0.5 * s.headers) return lineShare >= 0.1 || startShare >= 0.6;
  const dense =
    startShare >= 0.6 || lineShare >= 0.5 || (s.headers >= 10 && startShare >= 0.3 && lineShare >= 0.1);
  if (!dense) return false;
  let recurring = 0;
  for (const { count } of s.speakers.values()) if (count >= 2) recurring += count;
  if (recurring >= 0.5 * s.headers) return true;
  if (s.headers < 6 || distinct < 5) return false;
  let names = 0;
  for (const { name } of s.speakers.values()) if (looksLikeName(name)) names++;
  const sorted = [...s.bodyWords].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return names >= 0.7 * distinct && median >= 4;
}

interface Turn {
  name: string | undefined;
  time: string | undefined;
  /** The header line (or the first line of unlabelled lead text). */
  first: Line;
  /** Body lines; the first one starts after the label. System lines appear as blank lines. */
  body: Line[];
}

const asBlank = (l: Line): Line => ({ ...l, text: "", blank: true });

/** Group the classified lines into turns; lines before the first header form an unlabelled turn. */
function collectTurns(lines: readonly Line[], kinds: readonly ChatLine[], system: Line[]): Turn[] {
  const turns: Turn[] = [];
  let current: Turn | undefined;
  lines.forEach((line, i) => {
    const c = kinds[i] as ChatLine;
    if (c.kind === "header") {
      const h = c.header;
      const rest = line.text.slice(h.bodyStart);
      const first: Line = {
        start: line.start + h.bodyStart,
        end: line.end,
        text: rest,
        blank: rest.trim() === "",
      };
      current = { name: h.name, time: h.time, first: line, body: [first] };
      turns.push(current);
    } else if (c.kind === "stamp") {
      current = { name: current?.name, time: c.time, first: line, body: [] };
      turns.push(current);
    } else if (c.kind === "system") {
      system.push(line);
      current?.body.push(asBlank(line));
    } else if (current) current.body.push(line);
    else if (c.kind === "text") {
      current = { name: undefined, time: undefined, first: line, body: [line] };
      turns.push(current);
    }
  });
  return turns;
}

/** Split body lines into runs of own words and runs of `>` quote lines. */
function splitQuotes(ls: readonly Line[]): { segments: Line[][]; quotes: Line[][] } {
  const segments: Line[][] = [];
  const quotes: Line[][] = [];
  let run: Line[] = [];
  let runQuote = false;
  const flush = (): void => {
    if (run.length > 0) (runQuote ? quotes : segments).push(run);
    run = [];
  };
  for (const l of ls) {
    if (l.blank) {
      flush();
      continue;
    }
    const q = QUOTE_LINE.test(l.text);
    if (q !== runQuote) flush();
    runQuote = q;
    run.push(l);
  }
  flush();
  return { segments, quotes };
}

/** How many earlier turns a `>` quote is looked for in (most recent first). */
const QUOTE_REACH = 200;

/** Latest post of each speaker, by full name and by first name (lower case). */
interface LastBy {
  name: Map<string, string>;
  first: Map<string, string>;
}

/** The post a turn replies to: `@Name` at its start, else the earlier turn its first quote repeats. */
function replyTarget(
  text: string,
  posts: readonly Post[],
  lastBy: LastBy,
  bodySpans: readonly Span[],
  quotes: Quote[],
): string | undefined {
  let parentId: string | undefined;
  const firstBody = bodySpans[0];
  const head = firstBody ? text.slice(firstBody[0], Math.min(firstBody[1], firstBody[0] + 64)) : "";
  const at = /^@([\p{L}\p{N}_.'’-]+)/u.exec(head);
  if (at) {
    const target = (at[1] as string).toLowerCase().replace(/[.,'’-]+$/u, "");
    parentId = lastBy.name.get(target) ?? lastBy.first.get(target);
  }
  for (const q of quotes) {
    if (wordNorms(q.text).length === 0) continue;
    for (let k = posts.length - 1; k >= 0 && k >= posts.length - QUOTE_REACH; k--) {
      const found = findWords(text, posts[k] as Post, q.text);
      if (found) {
        q.targetPostId = (posts[k] as Post).id;
        q.targetSpan = found;
        q.score = 1;
        parentId ??= q.targetPostId;
        break;
      }
    }
  }
  return parentId;
}

export const chatReader: Reader = {
  format: "chat",
  name: "ingest/chat",
  version: "2.0.0",
  extensions: [],
  mimeTypes: [],
  detect: ({ head }) => looksLikeChat(head),
  read(text: string, sourceId: string): ReadResult {
    const lines = splitLines(text);
    const style = dominantStyle(lines);
    const system: Line[] = [];
    const turns = collectTurns(lines, classifyChatLines(lines, style), system);
    const by = provenance(chatReader, "classic");
    const posts: Post[] = [];
    const diagnostics: Diagnostic[] = [];
    const lastBy: LastBy = { name: new Map(), first: new Map() };
    for (const turn of turns) {
      const { segments, quotes: quoteRuns } = splitQuotes(turn.body);
      const bodySpans = segments.map((seg) => linesSpan(text, seg)).filter((s) => s[1] > s[0]);
      const quotes: Quote[] = quoteRuns
        .map((run): Quote => ({ span: linesSpan(text, run), text: quoteText(run), score: 0 }))
        .filter((q) => q.text.length > 0 && q.span[1] > q.span[0]);
      const nonBlank = [turn.first, ...turn.body].filter((l) => !l.blank);
      const span = linesSpan(text, nonBlank.length > 0 ? nonBlank : [turn.first]);
      if (bodySpans.length === 0 && quotes.length === 0) {
        diagnostics.push({
          rule: "chat/empty-turn",
          stage: "ingest",
          severity: "info",
          message: `A turn${turn.name !== undefined ? ` by ${turn.name}` : ""} has no words after its label; it was skipped.`,
          sourceId,
          span,
        });
        continue;
      }
      if (turn.name === undefined && posts.length === 0) {
        diagnostics.push({
          rule: "chat/unlabelled-lead",
          stage: "ingest",
          severity: "info",
          message:
            "Lines before the first speaker label have no speaker; they were kept as a post without an author.",
          sourceId,
          span,
        });
      }
      const parentId = replyTarget(text, posts, lastBy, bodySpans, quotes);
      const p = posts.length;
      const id = `${sourceId}:p${p}`;
      posts.push({
        id,
        sourceId,
        index: p,
        ...(turn.name !== undefined ? { author: turn.name } : {}),
        ...(turn.time !== undefined ? { time: turn.time } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        span,
        bodySpans,
        quotes,
        by,
      });
      if (turn.name !== undefined) {
        const key = turn.name.toLowerCase();
        lastBy.name.set(key, id);
        lastBy.first.set(key.split(" ")[0] as string, id);
      }
    }
    const firstSystem = system[0];
    if (firstSystem) {
      diagnostics.push({
        rule: "chat/system-lines",
        stage: "ingest",
        severity: "info",
        message: `${system.length} join/part/status line(s) of the chat log are not turns and were left out (the first is here).`,
        sourceId,
        span: linesSpan(text, [firstSystem]),
      });
    }
    return { posts, diagnostics };
  },
};
