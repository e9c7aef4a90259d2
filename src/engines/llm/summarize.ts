/**
 * Abstractive theses and headlines for the best-ranked arguments (`summarize-argument@1`),
 * grouped into calls up to the token budget. Every headline must cite units of its argument;
 * ids the model invents are dropped, and a headline left without a unit is dropped and counted.
 * Arguments the answer leaves out are asked again alone, once.
 */
import type { Argument, ArgumentAbstract, Headline, StageContext, Unit } from "../../model/index.js";
import { provenance } from "../../model/index.js";
import type { SummarizeInput } from "../engine.js";
import type { LlmClient } from "./client.js";
import { salvage, Tally } from "./labels.js";
import {
  PROMPT_ID,
  renderSummarize,
  WrittenArgument,
  WrittenArguments,
  type ArgumentView,
} from "./prompts/summarize-argument.js";
import { groupByTokens } from "./batches.js";
import { estimateTokens } from "./transport.js";

export const summarizeStage = { name: "summarize", version: "1.0.0" } as const;
const MAX_UNITS = 12;

function viewOf(argument: Argument, units: ReadonlyMap<string, Unit>): ArgumentView {
  const list: ArgumentView["units"] = [];
  const add = (id: string, role: ArgumentView["units"][number]["role"]) => {
    const u = units.get(id);
    if (u && list.length < MAX_UNITS && !list.some((x) => x.id === id)) list.push({ id, role, text: u.text });
  };
  add(argument.thesis, "thesis");
  for (const c of argument.claims) {
    add(c.unitId, "claim");
    for (const e of c.evidence.slice(0, 2)) add(e, "evidence");
  }
  for (const o of argument.objections) {
    add(o.unitId, "objection");
    for (const r of o.rebuttals.slice(0, 1)) add(r, "rebuttal");
  }
  return { id: argument.id, units: list };
}

export async function summarizeArguments(
  client: LlmClient,
  input: SummarizeInput,
  ctx: StageContext,
  budget: number,
): Promise<Map<string, ArgumentAbstract>> {
  const out = new Map<string, ArgumentAbstract>();
  const count = client.settings.summaries;
  if (count === 0) return out;
  const units = new Map(input.units.map((u) => [u.id, u]));
  const views = [...input.arguments]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, count)
    .map((a) => viewOf(a, units));
  const groups = groupByTokens(
    views,
    (v) => v.units.reduce((n, u) => n + estimateTokens(u.text) + 4, 0),
    budget,
  );
  const tally = new Tally(summarizeStage.name, PROMPT_ID);
  tally.batches = groups.length;
  const by = provenance(summarizeStage, ctx.engine);
  const ask = async (group: ArgumentView[], retry: boolean): Promise<void> => {
    const { prompt, arguments: ids } = renderSummarize(group);
    const result = await client.generateData(prompt, WrittenArguments);
    tally.count(result);
    if (result.status !== "ok" && result.status !== "invalid") return;
    const value: unknown = result.status === "ok" ? result.data : result.value;
    for (const w of salvage(value, "arguments", (x) => WrittenArgument.safeParse(x).data)) {
      const arg = ids.get(w.id);
      if (!arg || out.has(arg.id)) continue;
      const resolve = (local: readonly string[]) => [
        ...new Set(local.map((l) => arg.units.get(l)).filter((id): id is string => id !== undefined)),
      ];
      const headlines: Headline[] = [];
      for (const h of w.headlines) {
        const unitIds = resolve(h.units);
        if (unitIds.length === 0) {
          tally.ungrounded++;
          continue;
        }
        const spans = unitIds.map((id) => ({ sourceId: units.get(id)!.sourceId, span: units.get(id)!.span }));
        headlines.push({ text: h.text.trim(), unitIds, spans });
      }
      const cited = resolve(w.units);
      out.set(arg.id, {
        thesis: w.thesis.trim(),
        unitIds: cited.length > 0 ? cited : [arg.units.get("u1")!],
        headlines,
        by,
      });
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
