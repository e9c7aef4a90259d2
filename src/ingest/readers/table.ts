/**
 * Comment tables: CSV and JSONL (or a JSON array of row objects), one comment per row — the shape
 * Talk to the City and Polis exports use. Columns are found by name (defaults below, case and
 * `-`/`_` insensitive) or given with `columns`. Rows with empty text are skipped
 * (`table/empty-row`); a parent that is not an earlier row is dropped (`table/unknown-parent`).
 * `SourceDoc.text` is the comments' texts joined with blank lines (the table itself is not
 * readable text); spans index it.
 */
import { ArgmapError, provenance, type Diagnostic } from "../../model/index.js";
import type { ColumnMap, ReadMeta, ReadResult, Reader } from "./reader.js";
import { csvParseSync } from "../lazy.js";
import { buildThreadPosts, type ThreadItem } from "./thread-items.js";
import { looksLikeJson, looksLikeRows, rejectUnknownJson } from "./json-shape.js";

type Field = keyof Required<ColumnMap>;

/** Column names tried, in order, when no mapping is given. */
export const DEFAULT_COLUMNS: Readonly<Record<Field, readonly string[]>> = {
  id: ["id", "comment-id", "comment_id", "commentid"],
  text: ["text", "comment", "comment-body", "body", "content", "message", "comment-text"],
  author: ["author", "interview", "author-id", "participant", "speaker", "user", "name"],
  parent: ["parent", "parent-id", "parent_id", "reply-to", "in-reply-to"],
  time: ["timestamp", "time", "datetime", "created-at", "date"],
};

const norm = (s: string): string => s.trim().toLowerCase().replace(/_/g, "-");

/** Index of the column for each field in a header (-1 when absent). */
function resolveColumns(
  header: readonly string[],
  columns: ColumnMap | undefined,
  name: string,
): Record<Field, number> {
  const lower = header.map(norm);
  const out = {} as Record<Field, number>;
  for (const field of Object.keys(DEFAULT_COLUMNS) as Field[]) {
    const given = columns?.[field];
    if (given !== undefined) {
      const i = lower.indexOf(norm(given));
      if (i < 0) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${name}: the ${field} column "${given}" is not in the header (${header.join(", ") || "empty"}).`,
          { input: name },
        );
      }
      out[field] = i;
      continue;
    }
    out[field] = -1;
    for (const candidate of DEFAULT_COLUMNS[field]) {
      const i = lower.indexOf(norm(candidate));
      if (i >= 0) {
        out[field] = i;
        break;
      }
    }
  }
  if (out.text < 0) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${name}: the comment table has no text column (looked for ${DEFAULT_COLUMNS.text.join(", ")}; the header is ${header.join(", ") || "empty"}). Name the column with the columns option (CLI: --columns text=<name>).`,
      { input: name },
    );
  }
  return out;
}

function rowsToThread(
  header: readonly string[],
  rows: readonly { cells: readonly (string | undefined)[]; number: number }[],
  reader: Reader,
  sourceId: string,
  meta: ReadMeta | undefined,
  diagnostics: Diagnostic[],
): ReadResult {
  const name = meta?.name ?? "input";
  const col = resolveColumns(header, meta?.columns, name);
  // Without an explicit text column, a row whose text cell is empty may use another text-like column.
  const textColumns =
    meta?.columns?.text !== undefined
      ? [col.text]
      : [
          col.text,
          ...DEFAULT_COLUMNS.text
            .map((c) => header.map(norm).indexOf(norm(c)))
            .filter((i) => i >= 0 && i !== col.text),
        ];
  const items: ThreadItem[] = [];
  const seen = new Set<string>();
  const cell = (row: readonly (string | undefined)[], c: number): string | undefined => {
    const v = c >= 0 ? row[c]?.trim() : undefined;
    return v ? v : undefined;
  };
  rows.forEach(({ cells: row, number: rowNumber }) => {
    let text: string | undefined;
    for (const c of textColumns) if ((text = cell(row, c)) !== undefined) break;
    if (text === undefined) {
      diagnostics.push({
        rule: "table/empty-row",
        stage: "ingest",
        severity: "info",
        message: `${name}: row ${rowNumber} has no text; skipped.`,
        sourceId,
      });
      return;
    }
    let key = cell(row, col.id) ?? `#row${rowNumber}`;
    if (seen.has(key)) {
      diagnostics.push({
        rule: "table/duplicate-id",
        stage: "ingest",
        severity: "warning",
        message: `${name}: row ${rowNumber} repeats the id "${key}"; replies go to the first.`,
        sourceId,
      });
      key = `${key}#row${rowNumber}`;
    }
    const parent = cell(row, col.parent);
    let parentKey: string | undefined;
    if (parent !== undefined && parent !== key) {
      if (seen.has(parent)) parentKey = parent;
      else
        diagnostics.push({
          rule: "table/unknown-parent",
          stage: "ingest",
          severity: "info",
          message: `${name}: row ${rowNumber} replies to "${parent}", which is not an earlier row; kept without a parent.`,
          sourceId,
        });
    }
    seen.add(key);
    const author = cell(row, col.author);
    const time = cell(row, col.time);
    items.push({
      key,
      text,
      ...(parentKey !== undefined ? { parentKey } : {}),
      ...(author !== undefined ? { author } : {}),
      ...(time !== undefined ? { time } : {}),
    });
  });
  const built = buildThreadPosts(items, sourceId, provenance(reader, "classic"));
  return { posts: built.posts, text: built.text, diagnostics };
}

/** A CSV/TSV header with a text column (see `DEFAULT_COLUMNS`). */
function looksLikeCsv(head: string): boolean {
  const lines = head.split(/\r?\n/, 3);
  const header = lines[0] ?? "";
  if (lines.length < 2) return false;
  const delimiter = header.includes("\t") ? "\t" : ",";
  const cells = header
    .split(delimiter)
    .map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase().replace(/_/g, "-"));
  return cells.length >= 2 && cells.some((c) => DEFAULT_COLUMNS.text.includes(c));
}

export const csvReader: Reader = {
  format: "csv",
  name: "ingest/csv",
  version: "1.0.0",
  extensions: [".csv", ".tsv"],
  mimeTypes: ["text/csv", "text/tab-separated-values"],
  detect: ({ head }) => looksLikeCsv(head),
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult {
    const name = meta?.name ?? "input";
    let rows: string[][];
    try {
      const firstLine = text.slice(0, text.search(/\r?\n|$/));
      const delimiter =
        (firstLine.match(/\t/g) ?? []).length > (firstLine.match(/,/g) ?? []).length ? "\t" : ",";
      rows = csvParseSync().parse(text, {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        delimiter,
      }) as string[][];
    } catch (cause) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${name}: cannot parse the comment table as CSV (${(cause as Error).message}).`,
        { input: name, cause },
      );
    }
    const [header, ...body] = rows;
    if (!header)
      throw new ArgmapError("INPUT_MALFORMED", `${name}: the CSV has no header row.`, { input: name });
    return rowsToThread(
      header,
      body.map((cells, i) => ({ cells, number: i + 2 })),
      csvReader,
      sourceId,
      meta,
      [],
    );
  },
};

export const jsonlReader: Reader = {
  format: "jsonl",
  name: "ingest/jsonl",
  version: "1.0.0",
  extensions: [".json", ".jsonl", ".ndjson"],
  mimeTypes: ["application/json", "application/x-ndjson"],
  // Last of the JSON readers: rows of objects; other JSON is an error, not prose.
  detect({ text, head, name, extension }) {
    if (extension === ".jsonl" || extension === ".ndjson") return true;
    if (looksLikeJson(head) && looksLikeRows(text, head)) return true;
    if (looksLikeJson(head) || extension === ".json") rejectUnknownJson(text, name, extension === ".json");
    return false;
  },
  read(text: string, sourceId: string, meta?: ReadMeta): ReadResult {
    const name = meta?.name ?? "input";
    const diagnostics: Diagnostic[] = [];
    const objects: { value: Record<string, unknown>; number: number }[] = [];
    const trimmedText = text.trim();
    const isObject = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === "object" && !Array.isArray(v);
    const notObject = (where: string): void => {
      diagnostics.push({
        rule: "table/bad-line",
        stage: "ingest",
        severity: "warning",
        message: `${name}: ${where} is not a JSON object; skipped.`,
        sourceId,
      });
    };
    if (trimmedText.startsWith("[")) {
      let value: unknown;
      try {
        value = JSON.parse(trimmedText) as unknown;
      } catch (cause) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${name}: not valid JSON (${(cause as Error).message}). Is the file cut short?`,
          { input: name, cause },
        );
      }
      if (!Array.isArray(value))
        throw new ArgmapError("INPUT_MALFORMED", `${name}: expected a JSON array of comment objects.`, {
          input: name,
        });
      value.forEach((v, i) =>
        isObject(v) ? objects.push({ value: v, number: i + 1 }) : notObject(`entry ${i + 1}`),
      );
    } else {
      const lines = text.split(/\r\n|\r|\n/);
      lines.forEach((line, i) => {
        if (line.trim() === "") return;
        let v: unknown;
        try {
          v = JSON.parse(line) as unknown;
        } catch {
          v = undefined;
        }
        if (isObject(v)) objects.push({ value: v, number: i + 1 });
        else notObject(`line ${i + 1}`);
      });
    }
    if (objects.length === 0) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${name}: the JSONL reader expected one JSON object per line ({ "id": …, "text": …, "author": … }); found none.`,
        { input: name },
      );
    }
    const header: string[] = [];
    const seen = new Set<string>();
    for (const o of objects)
      for (const k of Object.keys(o.value))
        if (!seen.has(k)) {
          seen.add(k);
          header.push(k);
        }
    const toCell = (v: unknown): string | undefined =>
      typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    const rows = objects.map((o) => ({ cells: header.map((k) => toCell(o.value[k])), number: o.number }));
    return rowsToThread(header, rows, jsonlReader, sourceId, meta, diagnostics);
  },
};
