import type { Citation, Diagnostic, Post, SourceFormat } from "../../model/index.js";

/** Column names of a comment table (CSV, JSONL) for each post field; unset fields use defaults. */
export type ColumnMap = Partial<Record<"id" | "text" | "author" | "parent" | "time", string>>;

/** What a reader knows about its input besides the text. */
export interface ReadMeta {
  /** Display name of the input (file name, domain, `stdin`), used in messages. */
  name: string;
  uri?: string;
  /** Column mapping for comment tables. */
  columns?: ColumnMap;
}

/**
 * What a reader makes of a decoded text; `readSource` wraps it into a `SourceDoc`.
 *
 * Readers of structured formats (JSON, CSV) return `text`: the readable text they built from the
 * input (post texts joined with blank lines), which all spans index and which becomes
 * `SourceDoc.text`. Readers of text formats leave it unset: spans index the input itself.
 */
export interface ReadResult {
  posts: Post[];
  title?: string;
  text?: string;
  byline?: string;
  publishedAt?: string;
  siteName?: string;
  citations?: Citation[];
  diagnostics: Diagnostic[];
}

/** The bytes of one input, with its display name (file basename, host or `stdin`). */
export interface RawInput {
  name: string;
  uri?: string;
  bytes: Uint8Array;
  /** Media type the server declared (URLs), without parameters, e.g. `text/html`. */
  mimeType?: string;
}

/** What format detection shows a reader: the decoded text, its first 64 KiB, the input name. */
export interface DetectInput {
  text: string;
  head: string;
  name: string;
  /** The input name's extension, lower case with the dot (`.json`), or "". */
  extension: string;
}

/**
 * A pure reader: decoded text in, posts with spans out. Each reader declares here everything
 * ingest needs to know about its format: name, extensions, media types and content detection;
 * the registry (`./registry.ts`) lists them in detection order.
 */
export interface Reader {
  readonly format: SourceFormat;
  readonly name: string;
  readonly version: string;
  /** File extensions (lower case, with the dot) in this format; shared ones are decided by content. */
  readonly extensions: readonly string[];
  /** Media types in this format; shared ones (application/json) are decided by content. */
  readonly mimeTypes: readonly string[];
  /** Whether the content looks like this format (tried in registry order; absent: never by content). */
  detect?(input: DetectInput): boolean;
  /** @throws ArgmapError INPUT_MALFORMED (naming `meta.name`) when the input cannot be read at all. */
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult;
}
