import type { SourceFormat } from "./schema.js";

/** Formats whose posts are the paragraphs of one document (an essay or article), not turns of a conversation. */
export const DOCUMENT_FORMATS: ReadonlySet<SourceFormat> = new Set<SourceFormat>([
  "text",
  "markdown",
  "html",
]);

/**
 * Conversations that do not record who replies to whom: a turn without an explicit parent is
 * taken to answer the turn before it (with low confidence). Threads with a real tree (HN,
 * Reddit) and comment tables (independent comments) are not guessed.
 */
export const ADJACENCY_FORMATS: ReadonlySet<SourceFormat> = new Set<SourceFormat>([
  "thread-text",
  "chat",
  "vtt",
  "srt",
]);
