/**
 * End-to-end relation scoring against gold argument maps (`argmap eval relations --data <path>`):
 * every gold text goes through what `argmap map` runs (ingest → segment → engine), and the result
 * is compared with the gold map by `compareMaps` (units match at ≥ 50 % overlap of the longer
 * span, one-to-one; a relation matches when its kind matches and both ends are matched units).
 * Counts are summed over documents (micro-average).
 *
 * `--data` is one gold set (a folder of brat/AIF/argmap maps, argmap-dev threads, CDCP or web
 * discourse), argmap-dev itself (its essays and threads), or the shared data folder (dev essays,
 * dev threads, CDCP train and web discourse, each a block of rows in one run).
 *
 * Rows of each set: the engine; `oracle` (the engine's linker on the gold units: relation errors
 * that are not segmentation errors); `engine-v1` (the previous linker, for before/after in one
 * run); and baselines on the engine's own units (see `relations-baselines.ts`). On threads, each
 * row's reply stances (its relation from a reply to its parent) are scored against the gold ones.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { compareMaps, type MapComparison, type Prf } from "../../import/compare.js";
import { emptyMap } from "../../import/build.js";
import { collectingContext, type ArgumentMap, type Relation } from "../../model/index.js";
import type { Engine } from "../../engines/engine.js";
import { classicEngine, createClassicEngine } from "../../engines/classic/index.js";
import { classReport } from "../metrics/classification.js";
import { readGoldMaps, type GoldDoc } from "../gold-maps.js";
import type { SystemRow, TaskResult } from "../result.js";
import { analyseGold, oracleAnalysis, type EvalAnalysis } from "./relations-analysis.js";
import {
  paragraphClaimBaseline,
  previousBaseline,
  replyAttackBaseline,
  replyStances,
  type RelationsSystem,
} from "./relations-baselines.js";

export { paragraphClaimBaseline, previousBaseline, replyAttackBaseline, type RelationsSystem };
export { analyseGold };

/** The engine's own support/attack relations. */
export function engineSystem(name = "engine", engine?: Engine): RelationsSystem {
  return {
    name,
    description: `argmap's ${engine?.name ?? "classic"} engine end to end (what \`argmap map\` outputs)`,
    relate: (a) => Promise.resolve(a.relations.filter((r) => r.kind === "support" || r.kind === "attack")),
  };
}

/** The engine's linker on the gold units (unit F1 is 1 by construction). */
export function oracleSystem(): RelationsSystem {
  return {
    name: "oracle",
    description: "the engine's linker run on the gold units (kinds and spans from the gold)",
    units: "gold",
    relate: (a) => Promise.resolve(a.relations.filter((r) => r.kind === "support" || r.kind === "attack")),
  };
}

/** The previous within-post linker (classic `structure: "v1"`) on the engine's units. */
export function engineV1System(): RelationsSystem {
  const v1 = createClassicEngine({ structure: "v1" });
  return {
    name: "engine-v1",
    description: "the classic engine with its previous linker (blank-line paragraphs, first-claim structure)",
    relate: async (a) =>
      (
        await v1.relate(
          {
            sources: [a.source],
            segments: a.segments,
            tokens: a.tokens,
            units: a.units,
            structure: a.structure,
          },
          collectingContext(v1.name),
        )
      ).filter((r) => r.kind === "support" || r.kind === "attack"),
  };
}

/** Every system `eval relations` knows, in table order. */
export function relationSystems(engine: Engine = classicEngine): RelationsSystem[] {
  return [
    engineSystem("engine", engine),
    oracleSystem(),
    ...(engine.name === "classic" ? [engineV1System()] : []),
    previousBaseline,
    paragraphClaimBaseline,
    replyAttackBaseline,
  ];
}

export interface RelationsTaskOptions {
  path: string;
  engine?: Engine;
  systems?: readonly RelationsSystem[];
}

function sum(list: readonly Prf[]): Prf {
  const gold = list.reduce((s, p) => s + p.gold, 0);
  const predicted = list.reduce((s, p) => s + p.predicted, 0);
  const matched = list.reduce((s, p) => s + p.matched, 0);
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, matched };
}

/** The predicted map of one system over an analysis. */
export function predictedMap(a: EvalAnalysis, relations: Relation[]): ArgumentMap {
  return { ...emptyMap(), sources: [a.source], segments: a.segments, units: a.units, relations };
}

const STANCES = ["support", "attack", "none"] as const;
type Stance = (typeof STANCES)[number];

/** Gold and predicted reply stances of one system, pooled over documents. */
interface StanceTally {
  gold: Stance[];
  pred: Stance[];
}

export interface RelationsRow {
  system: RelationsSystem;
  total: MapComparison;
  stance?: ReturnType<typeof classReport<Stance>> & { confusion: Record<Stance, Record<Stance, number>> };
}

function totalOf(cs: readonly MapComparison[]): MapComparison {
  const matchedUnits = cs.reduce((s, c) => s + c.units.matched, 0);
  return {
    units: sum(cs.map((c) => c.units)),
    relations: {
      support: sum(cs.map((c) => c.relations.support)),
      attack: sum(cs.map((c) => c.relations.attack)),
      all: sum(cs.map((c) => c.relations.all)),
    },
    kindAgreement:
      matchedUnits === 0 ? 0 : cs.reduce((s, c) => s + c.kindAgreement * c.units.matched, 0) / matchedUnits,
  };
}

function stanceReport(t: StanceTally): RelationsRow["stance"] {
  const confusion = Object.fromEntries(
    STANCES.map((g) => [g, Object.fromEntries(STANCES.map((p) => [p, 0]))]),
  ) as Record<Stance, Record<Stance, number>>;
  t.gold.forEach((g, i) => confusion[g][t.pred[i]!]++);
  return { ...classReport(STANCES, t.gold, t.pred), confusion };
}

/** Micro-averaged comparison of every system over the gold documents. */
export async function scoreRelations(
  docs: readonly GoldDoc[],
  engine: Engine,
  systems: readonly RelationsSystem[],
): Promise<{ rows: RelationsRow[]; mismatched: number }> {
  const per = systems.map(() => [] as MapComparison[]);
  const tallies = systems.map((): StanceTally => ({ gold: [], pred: [] }));
  let mismatched = 0;
  for (const doc of docs) {
    const a = await analyseGold(doc, engine);
    if (a.source.text !== doc.map.sources[0]?.text) mismatched++;
    const oracle = systems.some((s) => s.units === "gold")
      ? await oracleAnalysis(doc, engine, a.source)
      : undefined;
    for (const [i, s] of systems.entries()) {
      const analysis = s.units === "gold" ? oracle! : a;
      const relations = await s.relate(analysis);
      per[i]!.push(compareMaps(doc.map, predictedMap(analysis, relations)));
      if (doc.replies) {
        const stances = replyStances(analysis, relations);
        for (const r of doc.replies) {
          tallies[i]!.gold.push(r.stance);
          tallies[i]!.pred.push(stances.get(r.post) ?? "none");
        }
      }
    }
  }
  const rows = systems.map((system, i) => ({
    system,
    total: totalOf(per[i]!),
    ...(tallies[i]!.gold.length > 0 ? { stance: stanceReport(tallies[i]!) } : {}),
  }));
  return { rows, mismatched };
}

/** The gold sets under `path`: the shared data folder, argmap-dev, or one set. */
export function relationSets(path: string): { label: string; path: string }[] {
  const dir = existsSync(path) && statSync(path).isDirectory();
  const candidates: [string, string][] = [
    ["dev-essays", join(path, "argmap-dev", "essays")],
    ["dev-threads", join(path, "argmap-dev", "threads")],
    ["cdcp-train", join(path, "cdcp", "train")],
    ["web-discourse", join(path, "web-discourse", "gold_toulmin.jsonl")],
    ["dev-essays", join(path, "essays")],
    ["dev-threads", join(path, "threads")],
  ];
  const found = dir ? candidates.filter(([, p]) => existsSync(p)) : [];
  return found.length > 0 ? found.map(([label, p]) => ({ label, path: p })) : [{ label: "", path }];
}

function rowOf(label: string, row: RelationsRow): SystemRow {
  const { system, total, stance } = row;
  return {
    system: label ? `${label} · ${system.name}` : system.name,
    description: system.description,
    metrics: {
      unitF1: total.units.f1,
      supportF1: total.relations.support.f1,
      attackF1: total.relations.attack.f1,
      allP: total.relations.all.precision,
      allR: total.relations.all.recall,
      allF1: total.relations.all.f1,
      ...(stance ? { stanceAcc: stance.accuracy, stanceF1: stance.macroF1 } : {}),
    },
    details: { ...total, ...(stance ? { stance } : {}) },
  };
}

function confusionNote(label: string, row: RelationsRow): string | undefined {
  if (!row.stance) return undefined;
  const c = row.stance.confusion;
  const cells = STANCES.map((g) => `${g}→ ${STANCES.map((p) => `${p} ${c[g][p]}`).join(", ")}`);
  return `${label || "threads"} · ${row.system.name} reply stance (gold → predicted): ${cells.join("; ")}.`;
}

/** `argmap eval relations`: the engine, the oracle and the baselines over one or more gold sets. */
export async function runRelations(options: RelationsTaskOptions): Promise<TaskResult> {
  const engine = options.engine ?? classicEngine;
  const systems = options.systems ?? relationSystems(engine);
  const sets = relationSets(options.path);
  const rows: SystemRow[] = [];
  const notes = [
    "Units match at ≥ 50 % overlap of the longer span, one-to-one (greedy); a relation matches when its kind and both matched ends agree (compareMaps). Counts summed over documents (micro-average).",
    "Baselines use the engine's own units, so their unit F1 equals the engine's; the oracle uses the gold units.",
    "Dev essays: a Claim's Stance (For/Against) counts as its support/attack of the essay's first MajorClaim.",
  ];
  const protocols: string[] = [];
  for (const set of sets) {
    const { kind, docs } = readGoldMaps(set.path);
    const scored = await scoreRelations(docs, engine, systems);
    protocols.push(`${set.label || kind}: ${docs.length} documents`);
    for (const row of scored.rows) {
      rows.push(rowOf(set.label, row));
      const note = confusionNote(set.label, row);
      if (note) notes.push(note);
    }
    const gold = scored.rows[0]?.total;
    if (gold)
      notes.push(
        `${set.label || kind} gold: ${gold.units.gold} units, ${gold.relations.support.gold} supports, ${gold.relations.attack.gold} attacks.`,
      );
    if (scored.mismatched > 0)
      notes.push(
        `${scored.mismatched} document(s) changed on reading (e.g. a BOM): their units cannot match.`,
      );
  }
  if (sets.some((s) => s.label === "cdcp-train"))
    notes.push(
      "CDCP train and web discourse are in the relation classifier's training data, so their engine rows are in-sample (not cross-validated).",
    );
  return {
    task: "relations",
    data: options.path,
    protocol: `end to end; ${protocols.join("; ")}`,
    notes,
    columns: [
      { key: "unitF1", label: "unit F1" },
      { key: "supportF1", label: "support F1" },
      { key: "attackF1", label: "attack F1" },
      { key: "allP", label: "all P" },
      { key: "allR", label: "all R" },
      { key: "allF1", label: "all F1" },
      { key: "stanceAcc", label: "stance acc" },
      { key: "stanceF1", label: "stance F1" },
    ],
    rows,
  };
}
