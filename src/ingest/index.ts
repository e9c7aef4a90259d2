/** Ingest: inputs → bytes (`loadInputs`) → `SourceDoc` (`readSource`). */
export { decodeText, type DecodedText } from "./decode.js";
export { detectFormat } from "./detect.js";
export { loadInputs, DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS, type LoadOptions } from "./load.js";
export { readSource, sourceIdOf, READERS, type ReadSourceOptions } from "./read-source.js";
export type { Reader, ReadResult, DetectInput, RawInput } from "./readers/reader.js";
export { READER_LIST, readersForExtension, readersForMimeType } from "./registry.js";
export { textReader, paragraphSpans } from "./readers/text.js";
export { markdownReader } from "./readers/markdown.js";
export { threadTextReader, QUOTE_MATCH_THRESHOLD } from "./readers/thread-text.js";
export type { ColumnMap, ReadMeta } from "./readers/reader.js";
export { htmlReader } from "./readers/html.js";
export { hnReader, hnHtmlToText } from "./readers/hn.js";
export { redditReader, countRedditComments } from "./readers/reddit.js";
export { vttReader, srtReader } from "./readers/transcript.js";
export { chatReader, looksLikeChat, parseChatHeader } from "./readers/chat.js";
export { csvReader, jsonlReader, DEFAULT_COLUMNS } from "./readers/table.js";
export {
  fetchUrl,
  fetchIfChanged,
  HttpStatusError,
  apiUrlFor,
  isPrivateAddress,
  isUrl,
  USER_AGENT,
  type FetchOptions,
  type Validators,
} from "./fetch.js";
export { isStreamableJsonl, readJsonlParts, STREAM_PART_BYTES, type StreamOptions } from "./stream.js";
