/**
 * File helpers shared by the dataset readers: read a file or fail with a clear `ArgmapError`,
 * parse CSV with a real parser and check its header.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { ArgmapError } from "../model/index.js";

/** Read a UTF-8 file; a missing file is `DATA_NOT_FOUND` naming the file and what it should hold. */
export function readDataFile(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new ArgmapError("DATA_NOT_FOUND", `Missing ${what}: expected a file at ${path}.`, { input: path });
  }
  if (statSync(path).isDirectory()) {
    throw new ArgmapError("DATA_NOT_FOUND", `Expected ${what} at ${path}, but it is a directory.`, {
      input: path,
    });
  }
  return readFileSync(path, "utf8");
}

/** Fail with `DATA_NOT_FOUND` unless `dir` is an existing directory. */
export function requireDir(dir: string, what: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ArgmapError("DATA_NOT_FOUND", `Data directory not found: ${dir} (expected ${what}).`, {
      input: dir,
    });
  }
}

/**
 * Parse a CSV file whose first row is a header containing at least `columns`; returns one record
 * per data row keyed by column name. Wrong columns or unparseable CSV → `INPUT_MALFORMED`.
 */
export function readCsv(path: string, columns: readonly string[], what: string): Record<string, string>[] {
  const text = readDataFile(path, what);
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new ArgmapError("INPUT_MALFORMED", `Cannot parse ${what} as CSV: ${(error as Error).message}`, {
      input: path,
      cause: error,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${what} must have the columns ${columns.join(",")}; missing ${missing.join(",")} (header: ${header.join(",") || "empty"}).`,
      { input: path },
    );
  }
  return rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

/** Format a zod issue list into one short line. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}
