/**
 * Chat logs and pasted transcripts in plain text: each turn starts with a speaker label —
 * `Name: …`, `[12:03] Name: …`, `12:03 Name: …`, `Name (12:03): …` or IRC-style `<Name> …` — and
 * runs to the next label (continuation lines and paragraphs belong to it). Each turn is a post
 * with its author and time. A turn that starts with `@Name` replies to Name's latest turn; one
 * that quotes (`>` lines) an earlier turn replies to that turn. Spans index the input.
 */
import { provenance, type Post, type Quote, type Span } from "../../model/index.js";
import { linesSpan, quoteText, splitLines, wordNorms, type Line } from "../lines.js";
import type { ReadResult, Reader } from "./reader.js";
import { findWords } from "./thread-items.js";

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?`;
const DATE_TIME = String.raw`(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+)?${TIME}`;
const NAME = String.raw`[\p{L}][\p{L}\p{M}\p{N}_.'’-]*(?: [\p{L}\p{N}][\p{L}\p{M}\p{N}_.'’-]*){0,3}`;
/** A speaker label at the start of a line. Groups: time before, name, time after, IRC name. */
const HEADER = new RegExp(
  String.raw`^[ \t]*(?:\[(?<t1>[^\]\n]{1,30})\][ \t]*|(?<t2>${DATE_TIME})[ \t]+(?:-[ \t]+)?)?(?:(?<name>${NAME})[ \t]*(?:\((?<t3>[^)\n]{1,30})\))?[ \t]*:(?=[ \t]|$)|<(?<irc>[^>\s]{1,32})>(?=[ \t]))`,
  "u",
);
const QUOTE_LINE = /^[ \t]{0,3}>/;

export interface ChatHeader {
  name: string;
  time?: string;
  /** Offset (in the line) where the turn's words start. */
  bodyStart: number;
}

/** Parse a speaker label at the start of a line. */
export function parseChatHeader(line: string): ChatHeader | undefined {
  const m = HEADER.exec(line);
  if (!m || !m.groups) return undefined;
  const g = m.groups;
  const name = (g.name ?? g.irc ?? "").trim();
  if (name.length === 0 || name.length > 40) return undefined;
  const time = g.t1 ?? g.t2 ?? g.t3;
  return { name, ...(time !== undefined ? { time: time.trim() } : {}), bodyStart: m[0].length };
}

/**
 * Whether a text reads as a chat log: at least 3 labelled turns, at least two speakers, names
 * that recur (a small set), and labels on most paragraph starts.
 */
export function looksLikeChat(text: string): boolean {
  const lines = splitLines(text);
  let starts = 0;
  let labelled = 0;
  const counts = new Map<string, number>();
  let prevBlank = true;
  let headers = 0;
  for (const l of lines) {
    if (l.blank) {
      prevBlank = true;
      continue;
    }
    const h = parseChatHeader(l.text);
    if (prevBlank) starts++;
    if (h) {
      headers++;
      if (prevBlank) labelled++;
      counts.set(h.name.toLowerCase(), (counts.get(h.name.toLowerCase()) ?? 0) + 1);
    }
    prevBlank = false;
  }
  if (headers < 3 || counts.size < 2) return false;
  if (counts.size > Math.max(3, headers / 2)) return false;
  const recurring = [...counts.values()].filter((c) => c >= 2).reduce((a, b) => a + b, 0);
  if (recurring < 0.8 * headers) return false;
  const nonBlank = lines.filter((l) => !l.blank).length;
  return labelled >= 0.6 * starts || headers >= 0.5 * nonBlank;
}

export const chatReader: Reader = {
  format: "chat",
  name: "ingest/chat",
  version: "1.0.0",
  read(text: string, sourceId: string): ReadResult {
    const lines = splitLines(text);
    interface Turn {
      header: ChatHeader;
      lines: Line[];
      first: Line;
    }
    const turns: Turn[] = [];
    const leading: Line[] = [];
    for (const line of lines) {
      const h = line.blank ? undefined : parseChatHeader(line.text);
      if (h) turns.push({ header: h, lines: [line], first: line });
      else if (turns.length > 0) (turns[turns.length - 1] as Turn).lines.push(line);
      else if (!line.blank) leading.push(line);
    }
    const by = provenance(chatReader, "classic");
    const posts: Post[] = [];
    const diagnostics: ReadResult["diagnostics"] = [];
    if (leading.length > 0) {
      diagnostics.push({
        rule: "chat/unlabelled-lead",
        stage: "ingest",
        severity: "info",
        message:
          "Lines before the first speaker label have no speaker; they were kept as a post without an author.",
        sourceId,
        span: linesSpan(text, leading),
      });
    }
    const lastBy = new Map<string, string>();
    const addPost = (
      author: string | undefined,
      time: string | undefined,
      segments: Line[][],
      quoteRuns: Line[][],
      span: Span,
    ): void => {
      const bodySpans = segments.map((seg) => linesSpan(text, seg)).filter((s) => s[1] > s[0]);
      const quotes: Quote[] = quoteRuns
        .map((run): Quote => ({ span: linesSpan(text, run), text: quoteText(run), score: 0 }))
        .filter((q) => q.text.length > 0 && q.span[1] > q.span[0]);
      const p = posts.length;
      const id = `${sourceId}:p${p}`;
      let parentId: string | undefined;
      // `@Name` at the start of the turn.
      const firstBody = bodySpans[0];
      const at = firstBody ? /^@([\p{L}\p{N}_.'’-]+)/u.exec(text.slice(firstBody[0], firstBody[1])) : null;
      if (at) {
        const target = (at[1] as string).toLowerCase();
        for (const [nameKey, postId] of lastBy) {
          if (nameKey === target || nameKey.split(" ")[0] === target) parentId = postId;
        }
      }
      for (const q of quotes) {
        if (wordNorms(q.text).length === 0) continue;
        for (let k = posts.length - 1; k >= 0; k--) {
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
      posts.push({
        id,
        sourceId,
        index: p,
        ...(author !== undefined ? { author } : {}),
        ...(time !== undefined ? { time } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        span,
        bodySpans,
        quotes,
        by,
      });
      if (author !== undefined) lastBy.set(author.toLowerCase(), id);
    };
    const split = (ls: Line[]): { segments: Line[][]; quotes: Line[][] } => {
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
    };
    if (leading.length > 0) {
      const { segments, quotes } = split(leading);
      addPost(undefined, undefined, segments, quotes, linesSpan(text, leading));
    }
    for (const turn of turns) {
      // The first line without its label.
      const first: Line = {
        start: turn.first.start + turn.header.bodyStart,
        end: turn.first.end,
        text: turn.first.text.slice(turn.header.bodyStart),
        blank: turn.first.text.slice(turn.header.bodyStart).trim() === "",
      };
      const body = [first, ...turn.lines.slice(1)];
      const { segments, quotes } = split(body);
      const nonBlank = turn.lines.filter((l) => !l.blank);
      const span = linesSpan(text, nonBlank.length > 0 ? nonBlank : [turn.first]);
      addPost(turn.header.name, turn.header.time, segments, quotes, span);
    }
    return { posts, diagnostics };
  },
};
