/**
 * CSV export for spreadsheets: one row per argumentative unit and one per relation (unit and
 * post level), in one table with a `row` column (`unit` | `relation`). RFC 4180 quoting (CRLF line
 * ends, every field quoted); cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe.
 */
import type { ArgumentMap } from "../model/index.js";
import { toGraph } from "./graph.js";

/** One CSV field: formula-guarded, quoted, inner quotes doubled. */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return '"' + s.replace(/"/g, '""') + '"';
}

export const CSV_COLUMNS = [
  "row",
  "id",
  "kind",
  "stance",
  "text",
  "source",
  "post",
  "author",
  "start",
  "end",
  "confidence",
  "from",
  "to",
  "level",
] as const;

/**
 * Render a map as CSV.
 *
 * @example
 * renderCsv(map).split("\r\n")[0] // "\"row\",\"id\",\"kind\",…"
 */
export function renderCsv(map: ArgumentMap): string {
  const { nodes } = toGraph(map);
  const rows: (string | number | undefined)[][] = [];
  for (const n of nodes) {
    rows.push([
      "unit",
      n.id,
      n.kind,
      n.stance,
      n.text,
      n.source,
      n.postId,
      n.author,
      n.span[0],
      n.span[1],
      n.confidence,
      undefined,
      undefined,
      undefined,
    ]);
  }
  const shown = new Set(nodes.map((n) => n.id));
  const posts = new Set(map.sources.flatMap((s) => s.posts.map((p) => p.id)));
  const sourceNames = new Map(map.sources.map((s) => [s.id, s.name]));
  for (const r of map.relations) {
    const ends = r.level === "unit" ? shown : posts;
    if (!ends.has(r.from) || !ends.has(r.to)) continue;
    const text = map.sources.find((s) => s.id === r.sourceId)?.text.slice(r.span[0], r.span[1]);
    rows.push([
      "relation",
      r.id,
      r.kind,
      undefined,
      text,
      sourceNames.get(r.sourceId) ?? r.sourceId,
      undefined,
      undefined,
      r.span[0],
      r.span[1],
      r.confidence,
      r.from,
      r.to,
      r.level,
    ]);
  }
  return (
    [CSV_COLUMNS.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\r\n") + "\r\n"
  );
}
