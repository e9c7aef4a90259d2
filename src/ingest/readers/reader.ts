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

/** A pure reader: decoded text in, posts with spans out. */
export interface Reader {
  readonly format: SourceFormat;
  readonly name: string;
  readonly version: string;
  /** @throws ArgmapError INPUT_MALFORMED (naming `meta.name`) when the input cannot be read at all. */
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult;
}
