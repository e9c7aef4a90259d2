/**
 * Comment tables (Polis exports, Talk to the City inputs and similar): a CSV with one comment per
 * row. The text column is found by name (comment-body, comment, body, text, content, message), as
 * are id, author, time and parent columns. The result is one thread source, one post per comment,
 * with no analysis (run `argmap map` on it for that).
 */
import { parse } from "csv-parse/sync";
import type { ArgumentMap, Diagnostic } from "../model/index.js";
import { ArgmapError } from "../model/index.js";
import { buildImportedMap, type ImportedPost } from "./build.js";

const STAGE = "import/comment-table";
const TEXT = ["comment-body", "comment_body", "comment", "body", "text", "content", "message", "comment_text"];
const ID = ["comment-id", "comment_id", "id"];
const AUTHOR = ["author-id", "author_id", "author", "interview", "participant", "name", "user"];
const TIME = ["datetime", "timestamp", "time", "created_at", "date"];
const PARENT = ["parent-id", "parent_id", "parent", "reply_to", "in_reply_to"];

function pick(header: readonly string[], names: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * Read a comment CSV into a map with one post per non-empty comment.
 *
 * @throws ArgmapError INPUT_MALFORMED when the CSV cannot be parsed or has no text column.
 * @example
 * importCommentTable("comment-id,comment-body\n1,Cars out!\n").sources[0].posts.length // 1
 */
export function importCommentTable(csv: string, options: { name?: string } = {}): ArgumentMap {
  let rows: string[][];
  try {
    rows = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new ArgmapError("INPUT_MALFORMED", `Cannot parse the comment table as CSV: ${(error as Error).message}`, { cause: error });
  }
  const header = rows[0] ?? [];
  const textCol = pick(header, TEXT);
  if (textCol < 0) {
    throw new ArgmapError("INPUT_MALFORMED", `The comment table needs a text column (one of ${TEXT.join(", ")}); header: ${header.join(",") || "empty"}.`);
  }
  const [idCol, authorCol, timeCol, parentCol] = [ID, AUTHOR, TIME, PARENT].map((names) => pick(header, names));
  const diagnostics: Diagnostic[] = [];
  let text = "";
  const posts: ImportedPost[] = [];
  const indexById = new Map<string, number>();
  const parents: (string | undefined)[] = [];
  rows.slice(1).forEach((row, i) => {
    const body = (row[textCol!] ?? "").trim();
    if (body === "") {
      diagnostics.push({ rule: "import/empty-comment", stage: STAGE, severity: "info", message: `Row ${i + 2} has no comment text; skipped.` });
      return;
    }
    if (text.length > 0) text += "\n\n";
    const post: ImportedPost = { span: [text.length, text.length + body.length] };
    text += body;
    const cell = (c: number | undefined): string | undefined => (c !== undefined && c >= 0 && row[c]?.trim() ? row[c]!.trim() : undefined);
    const author = cell(authorCol);
    const time = cell(timeCol);
    if (author !== undefined) post.author = author;
    if (time !== undefined) post.time = time;
    const id = cell(idCol);
    if (id !== undefined) indexById.set(id, posts.length);
    parents.push(cell(parentCol));
    posts.push(post);
  });
  if (posts.length === 0) throw new ArgmapError("INPUT_EMPTY", "The comment table has no comments.");
  parents.forEach((p, i) => {
    const parentIndex = p === undefined ? undefined : indexById.get(p);
    if (parentIndex !== undefined && parentIndex !== i) posts[i]!.parentIndex = parentIndex;
  });
  return buildImportedMap({ stage: STAGE, name: options.name ?? "comments.csv", format: "thread-text", text, posts, units: [], relations: [], diagnostics });
}
