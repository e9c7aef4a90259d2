/**
 * Format detection through the reader registry: a file extension (or a declared media type)
 * claimed by one reader decides; one claimed by several (`.json`: Reddit, Hacker News, comment
 * rows) is decided by their content checks; otherwise every reader's content check is tried in
 * registry order (WebVTT, SRT, HTML, the JSON shapes, CSV, chat, flattened thread, Markdown) and
 * plain text takes the rest. The caller can always override (`--from`).
 */
import type { SourceFormat } from "../model/index.js";
import type { DetectInput, Reader } from "./readers/reader.js";
import { READER_LIST, readersForExtension, readersForMimeType } from "./registry.js";

/** Detection looks at the start of the text only: enough to decide, and cheap on large inputs. */
const SAMPLE_CHARS = 64 * 1024;

function sample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf("\n", SAMPLE_CHARS);
  return text.slice(0, cut > SAMPLE_CHARS / 2 ? cut : SAMPLE_CHARS);
}

function extensionOf(name: string): string {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf(".");
  return dot >= 0 && !lower.includes("/", dot) ? lower.slice(dot) : "";
}

/** The first of `readers` whose content check accepts the input; the last of them when none does. */
function byContent(readers: readonly Reader[], input: DetectInput): SourceFormat | undefined {
  for (const r of readers) if (r.detect?.(input)) return r.format;
  return readers[readers.length - 1]?.format;
}

/**
 * Guess the format of a decoded text from its name (extension), declared media type and content.
 *
 * @example
 * detectFormat("# Title\n\nBody.", "notes.md"); // "markdown"
 * detectFormat("Cars are loud.\n\n> Cars are loud.\n\nNot electric ones.", "thread.txt"); // "thread-text"
 */
export function detectFormat(text: string, name: string, mimeType?: string): SourceFormat {
  const extension = extensionOf(name);
  const byExtension = readersForExtension(extension);
  if (byExtension.length === 1) return byExtension[0]!.format;
  const input: DetectInput = { text, head: sample(text), name, extension };
  if (byExtension.length > 1) return byContent(byExtension, input)!;
  const byType = mimeType ? readersForMimeType(mimeType) : [];
  if (byType.length === 1) return byType[0]!.format;
  if (byType.length > 1) return byContent(byType, input)!;
  return byContent(READER_LIST, input) ?? "text";
}
