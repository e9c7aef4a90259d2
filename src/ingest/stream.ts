/**
 * Streaming ingest of comment tables too large to read whole: a JSONL file is read line by line
 * and handed on in parts of about `partBytes`, each part one SourceDoc read by the JSONL reader
 * (same rows, same diagnostics). Only the part being read is held as raw JSON; what a part keeps
 * afterwards is its SourceDoc (comment texts, not the JSON around them). With `load.ts`, the
 * only file of ingest that touches the file system.
 *
 * A part is a source of its own: a reply whose parent is in an earlier part is kept without a
 * parent (the reader's `table/unknown-parent` diagnostic says so).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { createInterface } from "node:readline";
import type { Diagnostic, SourceDoc, SourceFormat } from "../model/index.js";
import { ArgmapError, isArgmapError } from "../model/index.js";
import { readSource } from "./read-source.js";
import type { ColumnMap } from "./readers/reader.js";

/** Default size of one part (bytes of JSON lines): small enough to spread over workers. */
export const STREAM_PART_BYTES = 4 * 1024 * 1024;

export interface StreamOptions {
  /** Bytes of JSON lines per part (default `STREAM_PART_BYTES`). */
  partBytes?: number;
  /** Longest line accepted, in bytes; longer lines are skipped with a warning. */
  maxLineBytes: number;
  columns?: ColumnMap;
  /** Where the parts' diagnostics go, as they are read. */
  report: (d: Diagnostic) => void;
}

/**
 * A local file that should be streamed: a JSONL/NDJSON file (by extension, or `format: "jsonl"`)
 * larger than `maxBytes`. Anything else — smaller files, other formats, stdin, URLs — is read whole.
 */
export async function isStreamableJsonl(
  path: string,
  maxBytes: number,
  format: SourceFormat | undefined,
): Promise<boolean> {
  if (path === "-" || /^https?:\/\//i.test(path)) return false;
  const ext = extname(path).toLowerCase();
  if (!(format === "jsonl" || (format === undefined && (ext === ".jsonl" || ext === ".ndjson"))))
    return false;
  try {
    const s = await stat(path);
    return s.isFile() && s.size > maxBytes;
  } catch {
    return false; // missing or unreadable: the ordinary reader reports it
  }
}

/**
 * Read a JSONL file in parts, each one SourceDoc named `<file> [part N]`.
 *
 * @example
 * for await (const doc of readJsonlParts("comments.jsonl", { maxLineBytes: 1 << 20, report })) use(doc);
 */
export async function* readJsonlParts(path: string, options: StreamOptions): AsyncGenerator<SourceDoc> {
  const name = basename(path);
  const partBytes = options.partBytes ?? STREAM_PART_BYTES;
  let lines: string[] = [];
  let bytes = 0;
  let part = 0;
  let lineNumber = 0;
  const flush = (): SourceDoc | undefined => {
    if (lines.length === 0) return undefined;
    const partName = `${name} [part ${++part}]`;
    const text = lines.join("\n");
    lines = [];
    bytes = 0;
    try {
      const { doc, diagnostics } = readSource(
        { name: partName, bytes: Buffer.from(text, "utf8") },
        { format: "jsonl", ...(options.columns ? { columns: options.columns } : {}) },
      );
      for (const d of diagnostics) options.report(d);
      return doc;
    } catch (error) {
      // A part without one comment object: say so and go on with the next part.
      if (!(isArgmapError(error) && error.isUserError)) throw error;
      options.report({
        rule: "ingest/part-skipped",
        stage: "ingest",
        severity: "warning",
        message: error.message,
      });
      return undefined;
    }
  };
  let input: ReturnType<typeof createReadStream>;
  try {
    input = createReadStream(path, { encoding: "utf8" });
  } catch (cause) {
    throw new ArgmapError("INPUT_UNREADABLE", `${name}: cannot read the input (${String(cause)}).`, {
      input: path,
      cause,
    });
  }
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      lineNumber++;
      const size = Buffer.byteLength(line, "utf8");
      if (size > options.maxLineBytes) {
        options.report({
          rule: "ingest/line-too-long",
          stage: "ingest",
          severity: "warning",
          message: `${name}: line ${lineNumber} is ${size} bytes, over the limit of ${options.maxLineBytes}; skipped.`,
        });
        continue;
      }
      // Only object lines go on: a part starting with "[" would read as one JSON array.
      if (!line.trimStart().startsWith("{")) {
        if (line.trim() !== "")
          options.report({
            rule: "table/bad-line",
            stage: "ingest",
            severity: "warning",
            message: `${name}: line ${lineNumber} is not a JSON object; skipped.`,
          });
        continue;
      }
      lines.push(line);
      bytes += size + 1;
      if (bytes >= partBytes) {
        const doc = flush();
        if (doc) yield doc;
      }
    }
  } catch (cause) {
    if (isArgmapError(cause) || typeof (cause as NodeJS.ErrnoException).syscall !== "string") throw cause;
    throw new ArgmapError(
      "INPUT_UNREADABLE",
      `${name}: cannot read the input (${(cause as Error).message}).`,
      {
        input: path,
        cause,
      },
    );
  } finally {
    reader.close();
    input.destroy();
  }
  const last = flush();
  if (last) yield last;
}
