/**
 * The reader registry: every input format argmap reads, in content-detection order (the first
 * reader whose `detect` says yes reads the input; plain text is last and takes anything). Adding
 * a format is one reader module plus one line here (and its name in the model's `SourceFormat`).
 */
import type { SourceFormat } from "../model/index.js";
import { chatReader } from "./readers/chat.js";
import { hnReader } from "./readers/hn.js";
import { htmlReader } from "./readers/html.js";
import { markdownReader } from "./readers/markdown.js";
import type { Reader } from "./readers/reader.js";
import { redditReader } from "./readers/reddit.js";
import { csvReader, jsonlReader } from "./readers/table.js";
import { textReader } from "./readers/text.js";
import { threadTextReader } from "./readers/thread-text.js";
import { srtReader, vttReader } from "./readers/transcript.js";

export const READER_LIST: readonly Reader[] = [
  vttReader,
  srtReader,
  htmlReader,
  redditReader,
  hnReader,
  jsonlReader,
  csvReader,
  chatReader,
  threadTextReader,
  markdownReader,
  textReader,
];

/** Reader by format name. */
export const READERS = Object.fromEntries(READER_LIST.map((r) => [r.format, r])) as Readonly<
  Record<SourceFormat, Reader>
>;

/** Readers that claim a file extension (lower case, with the dot), in detection order. */
export function readersForExtension(extension: string): Reader[] {
  return READER_LIST.filter((r) => r.extensions.includes(extension));
}

/** Readers that claim a media type, in detection order. */
export function readersForMimeType(mimeType: string): Reader[] {
  const type = mimeType.toLowerCase();
  return READER_LIST.filter((r) => r.mimeTypes.includes(type));
}

/** Extensions that say "text" but not which format: decided by content. */
const GENERIC_EXTENSIONS = [".txt"];

/** File extensions read when a folder is given: `.txt` and every extension a reader claims. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  ...new Set([...GENERIC_EXTENSIONS, ...READER_LIST.flatMap((r) => r.extensions)]),
];
