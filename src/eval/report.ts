/** Render a `TaskResult`: an aligned terminal table (systems × metrics) or JSON. */
import type { TaskResult } from "./result.js";

function formatValue(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  return v.toFixed(3);
}

/**
 * A plain-text table with one row per system and one column per metric, then the protocol and notes.
 * @example formatTable(result) // "argkp — evaluated on 'dev' …\nsystem  mAP strict …"
 */
export function formatTable(result: TaskResult): string {
  const header = ["system", ...result.columns.map((c) => c.label)];
  const body = result.rows.map((r) => [
    r.system,
    ...result.columns.map((c) => formatValue(r.metrics[c.key])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    `${result.task} — ${result.protocol}`,
    `data: ${result.data}`,
    "",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...body.map(line),
    "",
    ...result.rows.map((r) => `  ${r.system}: ${r.description}`),
    ...result.notes.map((n) => `* ${n}`),
    "",
  ].join("\n");
}

/** The result as pretty JSON (metrics, per-class details, protocol, notes). */
export function formatJson(result: TaskResult): string {
  return `${JSON.stringify(result, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}
