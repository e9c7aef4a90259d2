/**
 * Argument cards: the person-facing digest of a ranked argument — rank, label, source, the
 * one-paragraph thesis and a few key claims (supporting claims and the strongest objections).
 */
import type { Argument, ArgumentMap, Unit } from "../model/index.js";
import { argumentStats, indexUnits, type ArgumentStats, type UnitLookup } from "./arguments.js";

export interface Card {
  rank: number;
  label: "ARGUMENT";
  /** Display name of the source: a domain or a file name. */
  source: string;
  /** The summary paragraph: source text only. */
  thesis: string;
  /** Key claims, one per entry; objections are prefixed with `OBJECTION_PREFIX`. */
  claims: string[];
  stats: ArgumentStats;
}

export interface CardOptions {
  /** Number of cards, best first. Default: all. */
  limit?: number;
  /** Key claims per card. Default 5. */
  claimsPerCard?: number;
}

export const OBJECTION_PREFIX = "Objection: ";

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

interface Candidate {
  unit: Unit;
  weight: number;
  objection: boolean;
}

/** The `n` strongest candidates, at most one per post until every post has had its turn. */
function spread(sorted: readonly Candidate[], n: number): Candidate[] {
  const first: Candidate[] = [];
  const rest: Candidate[] = [];
  const posts = new Set<string>();
  for (const c of sorted) {
    if (posts.has(c.unit.postId)) rest.push(c);
    else {
      posts.add(c.unit.postId);
      first.push(c);
    }
  }
  return [...first, ...rest].slice(0, n);
}

function pickKeyClaims(
  argument: Argument,
  units: UnitLookup,
  sources: ReadonlyMap<string, string>,
  max: number,
): string[] {
  if (max <= 0) return [];
  const summary = collapse(argument.summary);
  const fresh = (u: Unit | undefined): u is Unit => u !== undefined && !summary.includes(collapse(u.text));
  const claims: Candidate[] = [];
  for (const c of argument.claims) {
    const unit = units.byId.get(c.unitId);
    if (fresh(unit)) claims.push({ unit, weight: unit.confidence + 0.1 * c.evidence.length, objection: false });
  }
  const objections: Candidate[] = [];
  for (const o of argument.objections) {
    const unit = units.byId.get(o.unitId);
    if (fresh(unit)) objections.push({ unit, weight: unit.confidence + 0.1 * o.rebuttals.length, objection: true });
  }
  const strongest = (a: Candidate, b: Candidate): number => b.weight - a.weight || a.unit.span[0] - b.unit.span[0];
  claims.sort(strongest);
  objections.sort(strongest);
  // Objections get up to half the room (at least one slot when there is any), claims the rest;
  // unused room on either side goes to the other.
  let objectionSlots = Math.min(objections.length, Math.max(1, Math.floor(max / 2)));
  const claimSlots = Math.min(claims.length, max - objectionSlots);
  objectionSlots = Math.min(objections.length, max - claimSlots);
  const byPosition = (a: Candidate, b: Candidate): number =>
    a.unit.sourceId === b.unit.sourceId ? a.unit.span[0] - b.unit.span[0] : 0;
  const chosen = [...spread(claims, claimSlots).sort(byPosition), ...spread(objections, objectionSlots).sort(byPosition)];
  // Clauses of one sentence picked side by side read as that sentence: join them.
  const merged: { objection: boolean; units: Unit[] }[] = [];
  for (const c of chosen) {
    const prev = merged[merged.length - 1];
    const last = prev?.units[prev.units.length - 1];
    const text = sources.get(c.unit.sourceId);
    if (
      prev &&
      last &&
      prev.objection === c.objection &&
      last.postId === c.unit.postId &&
      text !== undefined &&
      last.span[1] <= c.unit.span[0] &&
      /^[ \t]*$/.test(text.slice(last.span[1], c.unit.span[0])) &&
      !/[.!?…]["'”’)\]]*$/.test(last.text.trim())
    ) {
      prev.units.push(c.unit);
    } else merged.push({ objection: c.objection, units: [c.unit] });
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of merged) {
    const text = (m.objection ? OBJECTION_PREFIX : "") + collapse(m.units.map((u) => u.text).join(" "));
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

/**
 * Turn a map's ranked arguments into cards, best first.
 *
 * @example
 * for (const card of toCards(map, { limit: 5 })) console.log(card.rank, card.thesis);
 */
export function toCards(map: ArgumentMap, options: CardOptions = {}): Card[] {
  const units = indexUnits(map.units);
  const sourceTexts = new Map(map.sources.map((s) => [s.id, s.text]));
  const perCard = options.claimsPerCard ?? 5;
  const ranked = [...map.arguments].sort((a, b) => a.rank - b.rank);
  const chosen = options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
  return chosen.map((argument) => ({
    rank: argument.rank,
    label: "ARGUMENT" as const,
    source: argument.source,
    thesis: argument.summary,
    claims: pickKeyClaims(argument, units, sourceTexts, perCard),
    stats: argumentStats(argument, units),
  }));
}
