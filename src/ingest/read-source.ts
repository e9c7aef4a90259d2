/**
 * Raw bytes → SourceDoc: decode, detect the format (unless given), read. Pure.
 *
 * The source id is the content hash of the decoded input. For text formats (text, Markdown,
 * threads, chat logs, transcripts) `SourceDoc.text` is that input; for structured formats (HTML,
 * Hacker News and Reddit JSON, CSV/JSONL tables) it is the readable text the reader built from it.
 */
import { createHash } from "node:crypto";
import type { Diagnostic, SourceDoc, SourceFormat } from "../model/index.js";
import { decodeText } from "./decode.js";
import { detectFormat } from "./detect.js";
import type { ColumnMap, RawInput } from "./readers/reader.js";
import { READERS } from "./registry.js";

export { READERS };

export interface ReadSourceOptions {
  /** Skip detection and read the input in this format. */
  format?: SourceFormat;
  /**
   * Column names of comment tables (csv, jsonl) for each post field, e.g.
   * `{ text: "comment-body", author: "interview" }`; unset fields use the defaults.
   */
  columns?: ColumnMap;
}

/** `src-` + the first 12 hex digits of the SHA-256 of the text. */
export function sourceIdOf(text: string): string {
  return `src-${createHash("sha256").update(text, "utf8").digest("hex").slice(0, 12)}`;
}

/**
 * Decode, detect and read one input.
 *
 * @throws ArgmapError from `decodeText` (INPUT_EMPTY, INPUT_BINARY, INPUT_ENCODING); INPUT_MALFORMED
 *   (naming the input) when the reader cannot read it (truncated JSON, wrong shape, no article…).
 * @example
 * const { doc } = readSource({ name: "t.txt", bytes: new TextEncoder().encode("A.\n\n> A.\n\nNo.") });
 * doc.format; // "thread-text"
 */
export function readSource(
  raw: RawInput,
  options: ReadSourceOptions = {},
): { doc: SourceDoc; diagnostics: Diagnostic[] } {
  // A fetched page is named by its URL: its `name` (the domain) alone does not say which input failed.
  const decoded =
    raw.uri !== undefined && /^https?:\/\//i.test(raw.uri)
      ? decodeText(raw.bytes, raw.uri, "the page")
      : decodeText(raw.bytes, raw.name);
  const text = decoded.text;
  const format = options.format ?? detectFormat(text, raw.name, raw.mimeType);
  const id = sourceIdOf(text);
  const result = READERS[format].read(text, id, {
    name: raw.name,
    ...(raw.uri !== undefined ? { uri: raw.uri } : {}),
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
  });
  const doc: SourceDoc = {
    id,
    name: raw.name,
    ...(raw.uri !== undefined ? { uri: raw.uri } : {}),
    format,
    ...(result.title !== undefined ? { title: result.title } : {}),
    ...(result.byline !== undefined ? { byline: result.byline } : {}),
    ...(result.publishedAt !== undefined ? { publishedAt: result.publishedAt } : {}),
    ...(result.siteName !== undefined ? { siteName: result.siteName } : {}),
    text: result.text ?? text,
    posts: result.posts,
    ...(result.citations !== undefined && result.citations.length > 0 ? { citations: result.citations } : {}),
  };
  const diagnostics = [...decoded.diagnostics.map((d) => ({ ...d, sourceId: id })), ...result.diagnostics];
  return { doc, diagnostics };
}
