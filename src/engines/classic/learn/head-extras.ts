/**
 * Optional feature groups of the head-selection link model (`head-select.ts`), each switchable so
 * that cross-validation can measure it: soft proposition types (the type head's probabilities of
 * both ends and their products instead of one hard type), distance buckets × direction, the
 * source's position in its comment, a reason/conclusion marker at the source's start crossed with
 * distance, and "the target is the comment's first policy/value proposition".
 */
import type { Analysed } from "./analyse.js";
import { FeatureBuilder, type SparseVector } from "./hash.js";

export const HEAD_EXTRAS = ["probs", "dist", "pos", "marker", "firstpv"] as const;
export type HeadExtra = (typeof HEAD_EXTRAS)[number];

/** A paragraph as the extras see it: analysed units, hard kinds, and optional type probabilities. */
export interface ExtraParagraph {
  an: readonly Analysed[];
  kinds: readonly string[];
  /** Per unit, the type head's probability of each type (missing: the hard kind with probability 1). */
  probs?: readonly Readonly<Record<string, number>>[];
}

const REASON = new Set(["because", "since", "as", "for", "given", "due", "cause"]);
const CONCLUSION = new Set(["so", "therefore", "thus", "hence", "consequently", "accordingly"]);
const CLAIM_TYPES = new Set(["policy", "value", "claim", "major-claim"]);

/** Distance bucket of |i − j|: 1, 2, 3–4, 5–8, 9+. */
function bucket(d: number): string {
  const a = Math.abs(d);
  return a <= 2 ? String(a) : a <= 4 ? "3-4" : a <= 8 ? "5-8" : "9+";
}

/** "reason", "conclusion" or "" by the unit's first word (after an initial "and"/"but"). */
export function startMarker(u: Analysed): string {
  const w = u.words[0] === "and" || u.words[0] === "but" ? u.words[1] : u.words[0];
  if (w === undefined) return "";
  if (REASON.has(w)) return "reason";
  if (CONCLUSION.has(w)) return "conclusion";
  return "";
}

function probsOf(par: ExtraParagraph, i: number): Readonly<Record<string, number>> {
  return par.probs?.[i] ?? { [par.kinds[i]!]: 1 };
}

function firstClaimIndex(par: ExtraParagraph): number {
  for (let k = 0; k < par.kinds.length; k++) if (CLAIM_TYPES.has(par.kinds[k]!)) return k;
  return -1;
}

/**
 * Extra features of candidate link i → j.
 * @example pairExtraVector(par, 2, 0, new Set(["dist", "marker"]), 16)
 */
export function pairExtraVector(
  par: ExtraParagraph,
  i: number,
  j: number,
  extras: ReadonlySet<HeadExtra>,
  bits: number,
): SparseVector {
  const f = new FeatureBuilder(bits);
  const n = par.an.length;
  const dir = j < i ? "back" : "fwd";
  const b = bucket(j - i);
  if (extras.has("probs")) {
    const ps = probsOf(par, i);
    const pt = probsOf(par, j);
    for (const [a, va] of Object.entries(ps)) {
      f.add(`xp:s:${a}`, va);
      f.add(`xp:s:${a}|${dir}`, va);
      for (const [c, vc] of Object.entries(pt)) f.add(`xp:st:${a}>${c}`, va * vc);
    }
    for (const [c, vc] of Object.entries(pt)) {
      f.add(`xp:t:${c}`, vc);
      f.add(`xp:t:${c}|${dir}|${b}`, vc);
    }
  }
  if (extras.has("dist")) {
    f.add(`xd:${b}|${dir}`);
    f.add(`xd:${b}|${dir}|${par.kinds[i]}`);
  }
  if (extras.has("pos")) {
    const pos = i === 0 ? "first" : i === n - 1 ? "last" : "mid";
    f.add(`xs:${pos}|${dir}`);
    f.add(`xs:${pos}|${dir}|${b}`);
  }
  if (extras.has("marker")) {
    const m = startMarker(par.an[i]!);
    if (m) {
      f.add(`xm:${m}|${dir}`);
      f.add(`xm:${m}|${dir}|${b}`);
    }
  }
  if (extras.has("firstpv") && j === firstClaimIndex(par)) {
    f.add("xf");
    f.add(`xf|${par.kinds[i]}`);
    f.add(`xf|${dir}|${b}`);
  }
  return f.build();
}

/**
 * Extra features of source i's "no link" candidate.
 * @example noLinkExtraVector(par, 0, new Set(["probs"]), 16)
 */
export function noLinkExtraVector(
  par: ExtraParagraph,
  i: number,
  extras: ReadonlySet<HeadExtra>,
  bits: number,
): SparseVector {
  const f = new FeatureBuilder(bits);
  if (extras.has("probs")) for (const [a, v] of Object.entries(probsOf(par, i))) f.add(`xn:p:${a}`, v);
  if (extras.has("marker")) {
    const m = startMarker(par.an[i]!);
    if (m) f.add(`xn:m:${m}`);
  }
  if (extras.has("firstpv") && i === firstClaimIndex(par)) f.add("xn:f");
  return f.build();
}
