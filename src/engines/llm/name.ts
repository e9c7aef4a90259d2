/**
 * Names for the most argued key points (`name-key-points@2`), in one call per token budget.
 * Names for ids the model invents are ignored; points the answer leaves out or names invalidly
 * are asked again alone, once, then left unnamed and counted in a diagnostic.
 */
import type { KeyPoint, StageContext } from "../../model/index.js";
import type { NameKeyPointsInput } from "../engine.js";
import type { LlmClient } from "./client.js";
import { salvage, Tally } from "./labels.js";
import {
  NamedPoint,
  NamedPoints,
  PROMPT_ID,
  renderNameKeyPoints,
  type KeyPointView,
} from "./prompts/name-key-points.js";
import { groupByTokens } from "./batches.js";
import { estimateTokens } from "./transport.js";

export const nameStage = { name: "name", version: "1.0.0" } as const;
const QUOTES = 3;

function viewOf(k: KeyPoint): KeyPointView {
  const quotes = [...new Set(k.quotes.map((q) => q.text))].slice(0, QUOTES);
  return { id: k.id, text: k.text, members: k.unitIds.length, quotes };
}

/** Most argued first: authors, then members, then id (stable across runs, so the cache hits). */
const byWeight = (a: KeyPoint, b: KeyPoint) =>
  b.authorCount - a.authorCount || b.unitIds.length - a.unitIds.length || (a.id < b.id ? -1 : 1);

export async function nameKeyPoints(
  client: LlmClient,
  input: NameKeyPointsInput,
  ctx: StageContext,
  budget: number,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const count = client.settings.keyPointNames;
  if (count === 0 || input.keyPoints.length === 0) return out;
  const views = [...input.keyPoints].sort(byWeight).slice(0, count).map(viewOf);
  const groups = groupByTokens(
    views,
    (v) => estimateTokens(v.text) + v.quotes.reduce((n, q) => n + estimateTokens(q) + 2, 8),
    budget,
  );
  const tally = new Tally(nameStage.name, PROMPT_ID);
  tally.batches = groups.length;
  const ask = async (group: KeyPointView[], retry: boolean): Promise<void> => {
    const { prompt, points } = renderNameKeyPoints(group, !retry);
    const result = await client.generateData(prompt, NamedPoints);
    tally.count(result);
    if (result.status !== "ok" && result.status !== "invalid") return;
    const value: unknown = result.status === "ok" ? result.data : result.value;
    for (const p of salvage(value, "points", (x) => NamedPoint.safeParse(x).data)) {
      const id = points.get(p.id);
      if (id !== undefined && !out.has(id)) out.set(id, p.name.replace(/\s+/g, " "));
    }
    const missing = group.filter((v) => !out.has(v.id));
    if (missing.length === 0) return;
    if (retry) await ask(missing, false);
    else tally.invalid += missing.length;
  };
  await Promise.all(groups.map((g) => ask(g, true)));
  tally.report(ctx);
  return out;
}
