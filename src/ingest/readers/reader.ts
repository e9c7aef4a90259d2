import type { Diagnostic, Post, SourceFormat } from "../../model/index.js";

/** What a reader makes of a decoded text; `readSource` wraps it into a `SourceDoc`. */
export interface ReadResult {
  posts: Post[];
  title?: string;
  diagnostics: Diagnostic[];
}

/** A pure reader: decoded text in, posts with spans out. */
export interface Reader {
  readonly format: SourceFormat;
  readonly name: string;
  readonly version: string;
  read(text: string, sourceId: string): ReadResult;
}
