/**
 * Raw bytes → SourceDoc: decode, detect the format (unless given), read. Pure.
 */
import { createHash } from "node:crypto";
import type { Diagnostic, SourceDoc, SourceFormat } from "../model/index.js";
import { decodeText } from "./decode.js";
import { detectFormat } from "./detect.js";
import type { RawInput } from "./load.js";
import { markdownReader } from "./readers/markdown.js";
import type { Reader } from "./readers/reader.js";
import { textReader } from "./readers/text.js";
import { threadTextReader } from "./readers/thread-text.js";

export const READERS: Readonly<Record<SourceFormat, Reader>> = {
  text: textReader,
  markdown: markdownReader,
  "thread-text": threadTextReader,
};

export interface ReadSourceOptions {
  /** Skip detection and read the input in this format. */
  format?: SourceFormat;
}

/** `src-` + the first 12 hex digits of the SHA-256 of the text. */
export function sourceIdOf(text: string): string {
  return `src-${createHash("sha256").update(text, "utf8").digest("hex").slice(0, 12)}`;
}

/**
 * Decode, detect and read one input.
 *
 * @throws ArgmapError from `decodeText` (INPUT_EMPTY, INPUT_BINARY, INPUT_ENCODING).
 * @example
 * const { doc } = readSource({ name: "t.txt", bytes: new TextEncoder().encode("A.\n\n> A.\n\nNo.") });
 * doc.format; // "thread-text"
 */
export function readSource(
  raw: RawInput,
  options: ReadSourceOptions = {},
): { doc: SourceDoc; diagnostics: Diagnostic[] } {
  const decoded = decodeText(raw.bytes, raw.name);
  const text = decoded.text;
  const format = options.format ?? detectFormat(text, raw.name);
  const id = sourceIdOf(text);
  const result = READERS[format].read(text, id);
  const doc: SourceDoc = {
    id,
    name: raw.name,
    ...(raw.uri !== undefined ? { uri: raw.uri } : {}),
    format,
    ...(result.title !== undefined ? { title: result.title } : {}),
    text,
    posts: result.posts,
  };
  const diagnostics = [...decoded.diagnostics.map((d) => ({ ...d, sourceId: id })), ...result.diagnostics];
  return { doc, diagnostics };
}
