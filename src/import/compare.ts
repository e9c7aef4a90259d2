/**
 * Compare two maps over the same text(s): unit overlap F1 (a predicted unit matches a gold unit
 * of the same source when their spans overlap by at least half of the longer one; one-to-one,
 * greedy by overlap) and relation F1 for support and attack (a relation matches when its kind
 * matches and both ends are matched units).
 */
import type { ArgumentMap, Unit } from "../model/index.js";
import { overlapLength, spanLength } from "../model/index.js";

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  matched: number;
}

export interface MapComparison {
  units: Prf;
  relations: { support: Prf; attack: Prf; all: Prf };
  /** Share of matched units whose kinds agree. */
  kindAgreement: number;
}

function prf(gold: number, predicted: number, matched: number): Prf {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, matched };
}

/** Key a unit's source by its text so maps with different source ids still line up. */
function sourceKeys(map: ArgumentMap): Map<string, string> {
  return new Map(map.sources.map((s) => [s.id, s.text] as const));
}

/**
 * Compare a predicted map against a gold map.
 *
 * @example
 * compareMaps(gold, gold).units.f1 // 1
 */
export function compareMaps(
  gold: ArgumentMap,
  predicted: ArgumentMap,
  options: { minOverlap?: number } = {},
): MapComparison {
  const minOverlap = options.minOverlap ?? 0.5;
  const gSrc = sourceKeys(gold);
  const pSrc = sourceKeys(predicted);
  const gUnits = gold.units.filter((u) => u.kind !== "none");
  const pUnits = predicted.units.filter((u) => u.kind !== "none");
  const candidates: { g: Unit; p: Unit; overlap: number }[] = [];
  for (const g of gUnits) {
    for (const p of pUnits) {
      if (gSrc.get(g.sourceId) !== pSrc.get(p.sourceId)) continue;
      const o = overlapLength(g.span, p.span);
      const longer = Math.max(spanLength(g.span), spanLength(p.span));
      if (longer > 0 && o / longer >= minOverlap) candidates.push({ g, p, overlap: o / longer });
    }
  }
  candidates.sort((a, b) => b.overlap - a.overlap);
  const goldOf = new Map<string, Unit>();
  const usedGold = new Set<string>();
  let sameKind = 0;
  for (const c of candidates) {
    if (goldOf.has(c.p.id) || usedGold.has(c.g.id)) continue;
    goldOf.set(c.p.id, c.g);
    usedGold.add(c.g.id);
    if (c.g.kind === c.p.kind) sameKind++;
  }
  const rel = (kinds: readonly string[]): Prf => {
    const gRels = gold.relations.filter((r) => r.level === "unit" && kinds.includes(r.kind));
    const pRels = predicted.relations.filter((r) => r.level === "unit" && kinds.includes(r.kind));
    const goldKeys = new Set(gRels.map((r) => `${r.kind}|${r.from}|${r.to}`));
    const hits = new Set<string>();
    for (const r of pRels) {
      const key = `${r.kind}|${goldOf.get(r.from)?.id}|${goldOf.get(r.to)?.id}`;
      if (goldKeys.has(key)) hits.add(key);
    }
    return prf(goldKeys.size, new Set(pRels.map((r) => `${r.kind}|${r.from}|${r.to}`)).size, hits.size);
  };
  return {
    units: prf(gUnits.length, pUnits.length, goldOf.size),
    relations: { support: rel(["support"]), attack: rel(["attack"]), all: rel(["support", "attack"]) },
    kindAgreement: goldOf.size === 0 ? 0 : sameKind / goldOf.size,
  };
}

/** A plain-text table of a comparison. */
export function formatComparison(c: MapComparison): string {
  const row = (name: string, p: Prf): string =>
    `${name.padEnd(18)} ${p.precision.toFixed(3).padStart(9)} ${p.recall.toFixed(3).padStart(7)} ${p.f1.toFixed(3).padStart(6)} ${String(p.gold).padStart(5)} ${String(p.predicted).padStart(5)} ${String(p.matched).padStart(7)}`;
  return [
    `${"".padEnd(18)} ${"precision".padStart(9)} ${"recall".padStart(7)} ${"f1".padStart(6)} ${"gold".padStart(5)} ${"pred".padStart(5)} ${"matched".padStart(7)}`,
    row("units", c.units),
    row("support relations", c.relations.support),
    row("attack relations", c.relations.attack),
    row("all relations", c.relations.all),
    `kind agreement on matched units: ${c.kindAgreement.toFixed(3)}`,
  ].join("\n");
}
