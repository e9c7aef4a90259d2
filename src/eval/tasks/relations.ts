/**
 * End-to-end relation scoring against gold argument maps (`argmap eval relations --data <path>`):
 * every gold text goes through what `argmap map` runs (ingest → segment → engine), and the result
 * is compared with the gold map by `compareMaps` (units match at ≥ 50 % overlap of the longer
 * span, one-to-one; a relation matches when its kind matches and both ends are matched units).
 * Counts are summed over documents (micro-average). In the same run, two baselines on the
 * engine's own units:
 * - `baseline-previous`: each argumentative unit supports the argumentative unit before it in its
 *   post and paragraph;
 * - `baseline-reply-attack`: each reply's argumentative units attack its parent post's main unit
 *   (first major claim, else first claim, else first argumentative unit).
 */
import { readSource } from "../../ingest/index.js";
import { compareMaps, type MapComparison, type Prf } from "../../import/compare.js";
import { emptyMap } from "../../import/build.js";
import type { ArgumentMap, Relation, Unit } from "../../model/index.js";
import { analyseSource, type SourceAnalysis } from "../../pipeline/analyse.js";
import type { Engine } from "../../engines/engine.js";
import { classicEngine } from "../../engines/classic/index.js";
import { readGoldMaps, type GoldDoc } from "../gold-maps.js";
import type { TaskResult } from "../result.js";

export interface RelationsSystem {
  name: string;
  description: string;
  /** Relations predicted over the engine's analysis of one document (units are the engine's). */
  relate(analysis: SourceAnalysis): Relation[];
}

const ARG = new Set(["major-claim", "claim", "premise", "evidence"]);
const isArg = (u: Unit) => ARG.has(u.kind);

function rel(kind: "support" | "attack", from: Unit, to: Unit, signal: string): Relation {
  return {
    id: `r:${kind}:${from.id}->${to.id}`,
    kind,
    level: "unit",
    from: from.id,
    to: to.id,
    confidence: 0.5,
    sourceId: from.sourceId,
    span: from.span,
    signals: [signal],
    by: { stage: "eval/baseline", version: "1.0.0", engine: "classic" },
  };
}

/** Argumentative units of each post, split further at blank lines (paragraphs). */
export function paragraphGroups(analysis: SourceAnalysis): Unit[][] {
  const text = analysis.source.text;
  const groups: Unit[][] = [];
  const byPost = new Map<string, Unit[]>();
  for (const u of analysis.units) {
    if (!isArg(u)) continue;
    const list = byPost.get(u.postId);
    if (list) list.push(u);
    else byPost.set(u.postId, [u]);
  }
  for (const units of byPost.values()) {
    units.sort((a, b) => a.span[0] - b.span[0]);
    let current: Unit[] = [];
    for (const u of units) {
      const prev = current[current.length - 1];
      if (prev && /\n[^\S\n]*\n/.test(text.slice(prev.span[1], u.span[0]))) {
        groups.push(current);
        current = [];
      }
      current.push(u);
    }
    if (current.length > 0) groups.push(current);
  }
  return groups;
}

/** Baseline (a): each argumentative unit supports its predecessor in its post/paragraph. */
export const previousBaseline: RelationsSystem = {
  name: "baseline-previous",
  description: "each argumentative unit supports the previous one in its post/paragraph (engine's units)",
  relate: (a) =>
    paragraphGroups(a).flatMap((g) =>
      g.slice(1).map((u, i) => rel("support", u, g[i]!, "baseline:previous")),
    ),
};

/** Baseline (b): each reply's argumentative units attack the parent post's main unit. */
export const replyAttackBaseline: RelationsSystem = {
  name: "baseline-reply-attack",
  description: "each reply's argumentative units attack its parent post's first/main unit (engine's units)",
  relate(a) {
    const byPost = new Map<string, Unit[]>();
    for (const u of a.units) if (isArg(u)) byPost.set(u.postId, [...(byPost.get(u.postId) ?? []), u]);
    const out: Relation[] = [];
    for (const post of a.source.posts) {
      if (post.parentId === undefined) continue;
      const parent = byPost.get(post.parentId) ?? [];
      const main =
        parent.find((u) => u.kind === "major-claim") ?? parent.find((u) => u.kind === "claim") ?? parent[0];
      if (!main) continue;
      for (const u of byPost.get(post.id) ?? []) out.push(rel("attack", u, main, "baseline:reply-attack"));
    }
    return out;
  },
};

/** The engine's own support/attack relations. */
export function engineSystem(name = "engine", engine?: Engine): RelationsSystem {
  return {
    name,
    description: `argmap's ${engine?.name ?? "classic"} engine end to end (what \`argmap map\` outputs)`,
    relate: (a) => a.relations.filter((r) => r.kind === "support" || r.kind === "attack"),
  };
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

/** Run the engine on one gold document's text (format detected as `argmap map` does). */
export function analyseGold(doc: GoldDoc, engine: Engine): Promise<SourceAnalysis> {
  const { doc: source } = readSource({ name: `${doc.name}.txt`, bytes: new TextEncoder().encode(doc.text) });
  return analyseSource(source, { engine });
}

/** The predicted map of one system over an analysis. */
export function predictedMap(a: SourceAnalysis, relations: Relation[]): ArgumentMap {
  return { ...emptyMap(), sources: [a.source], segments: a.segments, units: a.units, relations };
}

/** Micro-averaged comparison of every system over the gold documents. */
export async function scoreRelations(
  docs: readonly GoldDoc[],
  engine: Engine,
  systems: readonly RelationsSystem[],
): Promise<{ rows: { system: RelationsSystem; total: MapComparison }[]; mismatched: number }> {
  const per = systems.map(() => [] as MapComparison[]);
  let mismatched = 0;
  for (const doc of docs) {
    const a = await analyseGold(doc, engine);
    if (a.source.text !== doc.map.sources[0]?.text) mismatched++;
    systems.forEach((s, i) => per[i]!.push(compareMaps(doc.map, predictedMap(a, s.relate(a)))));
  }
  const rows = systems.map((system, i) => {
    const cs = per[i]!;
    const matchedUnits = cs.reduce((s, c) => s + c.units.matched, 0);
    const total: MapComparison = {
      units: sum(cs.map((c) => c.units)),
      relations: {
        support: sum(cs.map((c) => c.relations.support)),
        attack: sum(cs.map((c) => c.relations.attack)),
        all: sum(cs.map((c) => c.relations.all)),
      },
      kindAgreement:
        matchedUnits === 0 ? 0 : cs.reduce((s, c) => s + c.kindAgreement * c.units.matched, 0) / matchedUnits,
    };
    return { system, total };
  });
  return { rows, mismatched };
}

/** `argmap eval relations`: the engine and both baselines over a gold corpus. */
export async function runRelations(options: RelationsTaskOptions): Promise<TaskResult> {
  const engine = options.engine ?? classicEngine;
  const { kind, docs } = readGoldMaps(options.path);
  const systems = options.systems ?? [engineSystem("engine", engine), previousBaseline, replyAttackBaseline];
  const { rows, mismatched } = await scoreRelations(docs, engine, systems);
  const gold = rows[0]?.total;
  const notes = [
    "Units match at ≥ 50 % overlap of the longer span, one-to-one (greedy); a relation matches when its kind and both matched ends agree (compareMaps). Counts summed over documents (micro-average).",
    "Baselines use the engine's own units, so their unit F1 equals the engine's.",
  ];
  if (gold)
    notes.push(
      `Gold: ${gold.units.gold} units, ${gold.relations.support.gold} supports, ${gold.relations.attack.gold} attacks.`,
    );
  if (mismatched > 0)
    notes.push(`${mismatched} document(s) changed on reading (e.g. a BOM): their units cannot match.`);
  return {
    task: "relations",
    data: options.path,
    protocol: `end to end on ${docs.length} ${kind === "maps" ? "gold map" : kind} documents`,
    notes,
    columns: [
      { key: "unitF1", label: "unit F1" },
      { key: "supportP", label: "support P" },
      { key: "supportR", label: "support R" },
      { key: "supportF1", label: "support F1" },
      { key: "attackF1", label: "attack F1" },
      { key: "allF1", label: "all rel F1" },
    ],
    rows: rows.map(({ system, total }) => ({
      system: system.name,
      description: system.description,
      metrics: {
        unitF1: total.units.f1,
        supportP: total.relations.support.precision,
        supportR: total.relations.support.recall,
        supportF1: total.relations.support.f1,
        attackF1: total.relations.attack.f1,
        allF1: total.relations.all.f1,
      },
      details: total,
    })),
  };
}
