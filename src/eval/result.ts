/** The shape every eval task returns; `report.ts` renders it as a table or JSON. */
export interface MetricColumn {
  key: string;
  label: string;
}
export interface SystemRow {
  system: string;
  description: string;
  metrics: Record<string, number>;
  /** Per-class reports and other breakdowns, printed only in --json. */
  details?: unknown;
}
export interface TaskResult {
  task: string;
  data: string;
  protocol: string;
  notes: string[];
  columns: MetricColumn[];
  rows: SystemRow[];
}

/** Pick systems by name from a registry (all when `names` is empty); unknown names throw with the list. */
export function selectSystems<S extends { name: string }>(
  registry: readonly S[],
  names: readonly string[],
  onUnknown: (msg: string) => Error,
): S[] {
  if (names.length === 0) return [...registry];
  return names.map((n) => {
    const s = registry.find((r) => r.name === n);
    if (!s) throw onUnknown(`unknown system '${n}'; available: ${registry.map((r) => r.name).join(", ")}`);
    return s;
  });
}
