/**
 * Format detection, by extension first, then by content: `WEBVTT` header → vtt; SRT numbering and
 * `-->` → srt; HTML tags → html; JSON by shape (Reddit Listings → reddit; Algolia or Firebase
 * items → hn; rows of objects / JSONL → jsonl); a CSV header with a text column → csv; turns
 * labelled by speakers (`Name:`, Slack/Discord header lines, IRC `<nick>`; any number of
 * speakers, see `looksLikeChat`) → chat; text that reads like a flattened comment
 * thread → thread-text; Markdown syntax → markdown; otherwise plain text. The caller can always
 * override (`--from`).
 */
import { ArgmapError, type SourceFormat } from "../model/index.js";
import { splitLines, wordTokens } from "./lines.js";
import { looksLikeChat } from "./readers/chat.js";
import { DEFAULT_COLUMNS } from "./readers/table.js";
import { REACTION } from "./readers/thread-cues.js";

const EXTENSIONS: Readonly<Record<string, SourceFormat>> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".vtt": "vtt",
  ".srt": "srt",
  ".csv": "csv",
  ".tsv": "csv",
};

const REDDIT = /^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"/;
const HN_ALGOLIA = /"created_at_i"\s*:|"story_id"\s*:/;
const HN_FIREBASE_TYPE = /"type"\s*:\s*"(?:story|comment|job|poll|pollopt)"/;
const HN_FIREBASE_FIELD = /"(?:by|kids|parent|deleted|dead)"\s*:/;
const HTML_START =
  /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const SRT_START = /^\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/;

/** Format of a JSON (or JSONL) text by its shape; throws when `.json` input fits no reader. */
function detectJson(text: string, head: string, name: string, strict: boolean): SourceFormat | undefined {
  if (REDDIT.test(head)) return "reddit";
  if (HN_ALGOLIA.test(head) || (HN_FIREBASE_TYPE.test(head) && HN_FIREBASE_FIELD.test(head))) return "hn";
  const lines = head.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const complete = head.length === text.length ? lines : lines.slice(0, -1);
  const objectLines = complete.filter((l) => /^\s*\{.*\}\s*$/.test(l)).length;
  if (objectLines >= 2 && objectLines >= 0.8 * complete.length) return "jsonl";
  if (/^\s*\[\s*\{/.test(head)) return "jsonl";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (cause) {
    if (!strict) return undefined;
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${name}: not valid JSON (${(cause as Error).message}). Is the file cut short?`,
      { input: name, cause },
    );
  }
  if (!strict && (parsed === null || typeof parsed !== "object")) return undefined;
  throw new ArgmapError(
    "INPUT_MALFORMED",
    `${name}: JSON of a shape no reader knows. argmap reads a Reddit /comments/<id>.json response ([Listing, Listing]), a Hacker News Algolia item ({ id, author, text, children }) or Firebase item(s) ({ id, by, kids, type }), and comment rows (a JSON array or JSONL of { "text": …, "author": … }). Use --from to force a reader.`,
    { input: name },
  );
}

function looksLikeCsv(head: string): boolean {
  const lines = head.split(/\r?\n/, 3);
  const header = lines[0] ?? "";
  if (lines.length < 2) return false;
  const delimiter = header.includes("\t") ? "\t" : ",";
  const cells = header
    .split(delimiter)
    .map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase().replace(/_/g, "-"));
  return cells.length >= 2 && cells.some((c) => DEFAULT_COLUMNS.text.includes(c));
}

const QUOTE_LINE = /^[ \t]{0,3}>(?:[ \t>]|$)/;
const SHINGLE = 4;

interface Paragraph {
  text: string;
  quote: boolean;
}

function paragraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let buf: string[] = [];
  let quote = false;
  const flush = (): void => {
    if (buf.length > 0) out.push({ text: buf.join("\n"), quote });
    buf = [];
  };
  for (const line of splitLines(text)) {
    if (line.blank) {
      flush();
      continue;
    }
    const q = QUOTE_LINE.test(line.text);
    if (buf.length > 0 && q !== quote) flush();
    quote = q;
    buf.push(line.text);
  }
  flush();
  return out;
}

/** Number of quote paragraphs that repeat (at least half of their 4-word shingles) earlier prose. */
function repeatedQuotes(paras: readonly Paragraph[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const p of paras) {
    const words = wordTokens(p.text.replace(/^[ \t]*(?:>[ \t]?)+/gm, "")).map((t) => t.norm);
    const shingles: string[] = [];
    for (let i = 0; i + SHINGLE <= words.length; i++) shingles.push(words.slice(i, i + SHINGLE).join(" "));
    if (p.quote) {
      if (shingles.length > 0 && shingles.filter((s) => seen.has(s)).length * 2 >= shingles.length) repeats++;
    } else for (const s of shingles) seen.add(s);
  }
  return repeats;
}

/** Detection looks at the start of the text only: enough to decide, and cheap on large inputs. */
const SAMPLE_CHARS = 64 * 1024;

function sample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf("\n", SAMPLE_CHARS);
  return text.slice(0, cut > SAMPLE_CHARS / 2 ? cut : SAMPLE_CHARS);
}

const CONVERSATIONAL = /\b(?:you|your|you're|i|i'm|i've|i'd|my|me)\b|\?\s*$/i;
const MARKDOWN_SYNTAX = /^(?: {0,3}#{1,6}[ \t]+\S| {0,3}(?:```|~~~)|.*\[[^\]]+\]\([^)]+\))/m;

/**
 * Guess the format of a decoded text.
 *
 * @example
 * detectFormat("# Title\n\nBody.", "notes.md"); // "markdown"
 * detectFormat("Cars are loud.\n\n> Cars are loud.\n\nNot electric ones.", "thread.txt"); // "thread-text"
 */
export function detectFormat(text: string, name: string): SourceFormat {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf(".");
  const ext = dot >= 0 && !lower.includes("/", dot) ? lower.slice(dot) : "";
  const byExtension = EXTENSIONS[ext];
  if (byExtension) return byExtension;
  const head = sample(text);
  if (ext === ".jsonl" || ext === ".ndjson") {
    return HN_ALGOLIA.test(head) || (HN_FIREBASE_TYPE.test(head) && HN_FIREBASE_FIELD.test(head))
      ? "hn"
      : "jsonl";
  }
  if (ext === ".json") return detectJson(text, head, name, true) ?? "jsonl";
  if (/^\s*WEBVTT(?:[ \t]|\r|\n|$)/.test(head)) return "vtt";
  if (SRT_START.test(head)) return "srt";
  if (HTML_START.test(head)) return "html";
  if (/^\s*[[{]/.test(head)) {
    const json = detectJson(text, head, name, false);
    if (json) return json;
  }
  if (looksLikeCsv(head)) return "csv";
  if (looksLikeChat(head)) return "chat";
  const paras = paragraphs(head);
  if (repeatedQuotes(paras) >= 1) return "thread-text";
  const prose = paras.filter((p) => !p.quote);
  if (prose.length >= 6) {
    const short = prose.filter((p) => p.text.length < 400).length / prose.length;
    const reactions = prose.filter((p) => REACTION.test(p.text.trim())).length;
    const conversational = prose.filter((p) => CONVERSATIONAL.test(p.text)).length / prose.length;
    if (
      short >= 0.7 &&
      (reactions >= 2 || (reactions >= 1 && conversational >= 0.3) || conversational >= 0.5)
    ) {
      return "thread-text";
    }
  }
  if (MARKDOWN_SYNTAX.test(text)) return "markdown";
  return "text";
}
