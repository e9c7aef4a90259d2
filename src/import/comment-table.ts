/**
 * Comment tables (Polis exports, Talk to the City inputs and similar): one comment per row. The
 * table itself is read by the ingest reader (`src/ingest/readers/table.ts`: column detection,
 * `columns` overrides, reply links); this importer wraps that source in a map with no analysis
 * (run `argmap map` on the table for that).
 */
import { readSource, type ColumnMap } from "../ingest/index.js";
import type { ArgumentMap } from "../model/index.js";
import { emptyMap } from "./build.js";

/**
 * Read a comment CSV into a map with one post per non-empty comment.
 *
 * @throws ArgmapError INPUT_MALFORMED when the CSV cannot be parsed or has no text column.
 * @example
 * importCommentTable("comment-id,comment-body\n1,Cars out!\n").sources[0].posts.length // 1
 */
export function importCommentTable(
  csv: string,
  options: { name?: string; columns?: ColumnMap } = {},
): ArgumentMap {
  const name = options.name ?? "comments.csv";
  const { doc, diagnostics } = readSource(
    { name, bytes: new TextEncoder().encode(csv) },
    { format: "csv", ...(options.columns ? { columns: options.columns } : {}) },
  );
  return { ...emptyMap(), sources: [doc], diagnostics };
}
