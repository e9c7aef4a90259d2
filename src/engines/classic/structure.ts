/**
 * Argument structure inside a post or essay paragraph, decided jointly: every candidate link
 * (source unit → target unit of the same paragraph) gets a score from the trained link scorer
 * (`models/link-scorer.json`: the relation classifier's pair features plus the paragraph-context
 * features below), and a forest is decoded from the scores — each unit keeps at most one outgoing
 * link, no cycles, greedily by score (the maximum-weight choice at each step that keeps a forest).
 */
import { FeatureBuilder, type SparseVector } from "./learn/hash.js";

export const STRUCTURE_BITS = 16;

/** What the paragraph-context features need to know about each unit of a paragraph. */
export interface ParagraphUnit {
  /** "major-claim" | "claim" | "premise" | "evidence" or a corpus type ("policy", "fact", …). */
  kind: string;
  /** Is this kind a claim (something premises back)? */
  claimLike: boolean;
}

/**
 * Context features of the candidate link `i → j` within a paragraph: is `j` the nearest claim
 * before/after `i`, how many claims lie between them, is `j` the most similar unit to `i`
 * (`sims[i][k]`), is `j` the paragraph's first claim or first unit.
 *
 * @example contextFeatures(units, sims, 2, 0) // ["nearestClaimBefore", "simRank:0", …]
 */
export function contextFeatures(
  units: readonly ParagraphUnit[],
  sims: readonly (readonly number[])[],
  i: number,
  j: number,
): string[] {
  const out: string[] = [];
  const lo = Math.min(i, j);
  const hi = Math.max(i, j);
  let claimsBetween = 0;
  for (let k = lo + 1; k < hi; k++) if (units[k]!.claimLike) claimsBetween++;
  const tgt = units[j]!;
  const dir = j < i ? "back" : "fwd";
  if (tgt.claimLike && claimsBetween === 0) out.push(`nearestClaim:${dir}`);
  out.push(`claimsBetween:${Math.min(claimsBetween, 3)}|${dir}`);
  let firstClaim = -1;
  for (let k = 0; k < units.length; k++)
    if (units[k]!.claimLike) {
      firstClaim = k;
      break;
    }
  if (j === firstClaim) out.push("firstClaim", `firstClaim|${units[i]!.kind}`);
  if (j === 0) out.push("firstUnit");
  let claims = 0;
  for (const u of units) if (u.claimLike) claims++;
  out.push(`claims:${Math.min(claims, 4)}`);
  if (claims === 1 && tgt.claimLike) out.push(`onlyClaim|${units[i]!.kind}`);
  const row = sims[i] ?? [];
  let rank = 0;
  for (let k = 0; k < units.length; k++) if (k !== i && k !== j && (row[k] ?? 0) > (row[j] ?? 0)) rank++;
  out.push(`simRank:${Math.min(rank, 3)}`);
  out.push(`simRank:${Math.min(rank, 3)}|${tgt.claimLike ? "claim" : "other"}`);
  if (units[i]!.claimLike) out.push(`srcClaim|${dir}|${tgt.claimLike ? "claim" : "other"}`);
  return out;
}

/** The sum of two sparse vectors over the same hash space. */
export function addSparse(a: SparseVector, b: SparseVector): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let x = 0;
  let y = 0;
  while (x < a.idx.length || y < b.idx.length) {
    const ia = x < a.idx.length ? a.idx[x]! : Infinity;
    const ib = y < b.idx.length ? b.idx[y]! : Infinity;
    if (ia === ib) {
      idx.push(ia);
      val.push(a.val[x++]! + b.val[y++]!);
    } else if (ia < ib) {
      idx.push(ia);
      val.push(a.val[x++]!);
    } else {
      idx.push(ib);
      val.push(b.val[y++]!);
    }
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

/** Hash context feature names into a sparse vector of the link space. */
export function contextVector(names: readonly string[]): SparseVector {
  const f = new FeatureBuilder(STRUCTURE_BITS);
  for (const n of names) f.add(`ctx:${n}`);
  return f.build();
}

/** A scored candidate link `from → to` (indices into a paragraph). */
export interface ScoredLink {
  from: number;
  to: number;
  /** Probability that the link exists (any kind). */
  p: number;
}

/**
 * Decode a forest from scored links: links are taken best first; a link is kept when its score
 * reaches `threshold`, its source has no outgoing link yet, and it closes no cycle. Iterative;
 * O(L log L + L·n) for L links over n units.
 *
 * @example decodeForest(3, [{ from: 1, to: 0, p: 0.9 }, { from: 0, to: 1, p: 0.8 }], 0.2) // [{from:1,to:0,p:0.9}]
 */
export function decodeForest(n: number, links: readonly ScoredLink[], threshold: number): ScoredLink[] {
  const parent = new Int32Array(n).fill(-1);
  const kept: ScoredLink[] = [];
  const sorted = links
    .filter((l) => l.p >= threshold && l.from !== l.to && l.from < n && l.to < n)
    .sort((a, b) => b.p - a.p || a.from - b.from || a.to - b.to);
  for (const l of sorted) {
    if (parent[l.from] !== -1) continue;
    // Walking up from the target must not reach the source.
    let k = l.to;
    let steps = 0;
    while (k !== -1 && k !== l.from && steps++ <= n) k = parent[k]!;
    if (k === l.from) continue;
    parent[l.from] = l.to;
    kept.push(l);
  }
  return kept;
}
