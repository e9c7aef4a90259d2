/** Ingest: inputs → bytes (`loadInputs`) → `SourceDoc` (`readSource`). */
export { decodeText, type DecodedText } from "./decode.js";
export { detectFormat } from "./detect.js";
export {
  loadInputs,
  DEFAULT_MAX_BYTES,
  SUPPORTED_EXTENSIONS,
  type LoadOptions,
  type RawInput,
} from "./load.js";
export { readSource, sourceIdOf, READERS, type ReadSourceOptions } from "./read-source.js";
export type { Reader, ReadResult } from "./readers/reader.js";
export { textReader, paragraphSpans } from "./readers/text.js";
export { markdownReader } from "./readers/markdown.js";
export { threadTextReader, QUOTE_MATCH_THRESHOLD } from "./readers/thread-text.js";
