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

interface ArcEdge {
  u: number;
  v: number;
  w: number;
  /** Index of the edge this one stands for at the level below (or the original link). */
  prev: number;
}

/**
 * Chu–Liu/Edmonds maximum spanning arborescence from `root` over nodes `0 … n-1` (edges `u → v`:
 * `u` is `v`'s parent), iterative: contract cycles level by level, then expand them back. Returns
 * the indices of the chosen edges (one entering every non-root node reachable from the root), or
 * undefined when some node cannot be reached. O(n·E) per level, at most n levels.
 *
 * @example maxArborescence(3, 0, [{ u: 0, v: 1, w: 1 }, { u: 1, v: 2, w: 2 }, { u: 0, v: 2, w: 1 }]) // [0, 1]
 */
export function maxArborescence(
  n: number,
  root: number,
  edges: readonly { u: number; v: number; w: number }[],
): number[] | undefined {
  const levels: { edges: ArcEdge[]; best: Int32Array; comp: Int32Array; cycles: number[][] }[] = [];
  let cur: ArcEdge[] = edges.map((e, i) => ({ u: e.u, v: e.v, w: e.w, prev: i }));
  let size = n;
  let r = root;
  for (;;) {
    const best = new Int32Array(size).fill(-1);
    cur.forEach((e, i) => {
      if (e.u === e.v || e.v === r) return;
      const b = best[e.v]!;
      if (b === -1 || e.w > cur[b]!.w) best[e.v] = i;
    });
    for (let v = 0; v < size; v++) if (v !== r && best[v] === -1) return undefined;
    // Find the cycles of the best-incoming graph.
    const comp = new Int32Array(size).fill(-1);
    const mark = new Int32Array(size).fill(-1);
    const cycles: number[][] = [];
    let next = 0;
    for (let s = 0; s < size; s++) {
      let v = s;
      while (v !== r && mark[v] === -1 && comp[v] === -1) {
        mark[v] = s;
        v = cur[best[v]!]!.u;
      }
      if (v !== r && mark[v] === s && comp[v] === -1) {
        const cycle: number[] = [];
        let k = v;
        do {
          cycle.push(k);
          comp[k] = next;
          k = cur[best[k]!]!.u;
        } while (k !== v);
        cycles.push(cycle);
        next++;
      }
    }
    if (cycles.length === 0) {
      levels.push({ edges: cur, best, comp, cycles });
      break;
    }
    for (let v = 0; v < size; v++) if (comp[v] === -1) comp[v] = next++;
    const contracted: ArcEdge[] = [];
    cur.forEach((e, i) => {
      const cu = comp[e.u]!;
      const cv = comp[e.v]!;
      if (cu === cv) return;
      const inCycle = cycles[cv] !== undefined && cv < cycles.length;
      contracted.push({ u: cu, v: cv, w: inCycle ? e.w - cur[best[e.v]!]!.w : e.w, prev: i });
    });
    levels.push({ edges: cur, best, comp, cycles });
    r = comp[r]!;
    size = next;
    cur = contracted;
  }
  // Expand: the top level's choice is its best incoming edges; each level down maps them back and
  // adds every cycle edge except the one into the node where the cycle is entered.
  const top = levels[levels.length - 1]!;
  let chosen: number[] = [];
  for (let v = 0; v < top.best.length; v++) if (top.best[v]! >= 0) chosen.push(top.best[v]!);
  for (let l = levels.length - 1; l >= 0; l--) {
    const level = levels[l]!;
    if (l < levels.length - 1) {
      const upper = levels[l + 1]!.edges;
      const mapped = chosen.map((i) => upper[i]!.prev);
      const entered = new Set(mapped.map((i) => level.edges[i]!.v));
      for (const cycle of level.cycles)
        for (const v of cycle) if (!entered.has(v)) mapped.push(level.best[v]!);
      chosen = mapped;
    }
    if (l === 0) return chosen.map((i) => level.edges[i]!.prev).sort((a, b) => a - b);
  }
  return [];
}

/**
 * The maximum-weight forest of scored links: each link weighs log-odds(p) − log-odds(threshold),
 * a virtual root offers "no link" at weight 0, and the maximum spanning arborescence
 * (Chu–Liu/Edmonds) from that root is the forest. Unlike `decodeForest` this is exact: a strong
 * link is given up when two others that conflict with it add up to more.
 *
 * @example msaForest(3, [{ from: 1, to: 0, p: 0.9 }, { from: 0, to: 1, p: 0.8 }], 0.2) // [{from:1,to:0,p:0.9}]
 */
export function msaForest(n: number, links: readonly ScoredLink[], threshold: number): ScoredLink[] {
  const logit = (p: number) => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));
  const base = logit(threshold);
  const usable = links.filter((l) => l.from !== l.to && l.from < n && l.to < n && l.from >= 0 && l.to >= 0);
  const edges = usable.map((l) => ({ u: l.to, v: l.from, w: logit(l.p) - base }));
  for (let i = 0; i < n; i++) edges.push({ u: n, v: i, w: 0 });
  const chosen = maxArborescence(n + 1, n, edges) ?? [];
  return chosen.filter((i) => i < usable.length && edges[i]!.w > 0).map((i) => usable[i]!);
}

/** What the paragraph decoder needs to know about each argumentative unit of a paragraph. */
export interface ParagraphRole {
  /** A claim (the engine's kind `claim`). */
  claim: boolean;
  /** The thesis (`major-claim`): it is a target, never a source. */
  thesis: boolean;
  /** Opens with a conclusion marker ("Thus", "Therefore", "It follows that"). */
  conclusion: boolean;
  /** Opens with a contrast marker ("But", "However", "Nevertheless"). */
  contrast: boolean;
  /** Reports the other side's claim: "Some people claim that …", "Critics argue that …". */
  counter: boolean;
  /** Concedes a point before answering it: "Admittedly, …", "Of course, …", "Although …". */
  concession: boolean;
  /** Opens with an example marker ("For example", "For instance"). */
  example: boolean;
}

/** A link decided by `decodeParagraph`: `to` is a unit index of the paragraph or the thesis. */
export interface ParagraphLink {
  from: number;
  to: number | "thesis";
  kind: "support" | "attack";
  rule: string;
}

/**
 * The claim a premise at `i` backs, among `units[lo … hi)`: a claim marked as a conclusion at or
 * after it ("… Thus, X"), else the nearest claim before it, else the nearest claim after it, else
 * the thesis in the paragraph; with no claim at all, the paragraph's conclusion-marked last unit
 * or its first unit (claim-first writing) — never `i` itself.
 */
export function premiseTarget(units: readonly ParagraphRole[], i: number, lo: number, hi: number): number {
  const isHead = (u: ParagraphRole) => u.claim || u.thesis;
  for (let k = i + 1; k < hi; k++) if (isHead(units[k]!) && units[k]!.conclusion) return k;
  for (let k = i - 1; k >= lo; k--) if (units[k]!.claim) return k;
  for (let k = i + 1; k < hi; k++) if (units[k]!.claim) return k;
  for (let k = lo; k < hi; k++) if (units[k]!.thesis) return k;
  const last = hi - 1;
  if (last !== i && units[last]!.conclusion) return last;
  return lo !== i ? lo : -1;
}

/** The claim of the paragraph a unit at `i` is read against: a conclusion-marked one, else the nearest. */
function claimOf(units: readonly ParagraphRole[], i: number): number {
  for (let k = 0; k < units.length; k++) if (k !== i && units[k]!.claim && units[k]!.conclusion) return k;
  for (let d = 1; d < units.length; d++) {
    if (units[i - d]?.claim) return i - d;
    if (units[i + d]?.claim) return i + d;
  }
  return -1;
}

/**
 * Links of a run `units[lo … hi)` with no other-side unit: every claim backs the thesis (when the
 * post has one), every premise backs its claim (`premiseTarget`), an example backs the premise
 * right before it.
 */
function decodeRun(
  units: readonly ParagraphRole[],
  lo: number,
  hi: number,
  hasThesis: boolean,
  out: ParagraphLink[],
): void {
  for (let i = lo; i < hi; i++) {
    const u = units[i]!;
    if (u.thesis) continue;
    if (u.claim) {
      if (hasThesis) out.push({ from: i, to: "thesis", kind: "support", rule: "claim→thesis" });
      continue;
    }
    const prev = units[i - 1];
    if (u.example && i > lo && prev && !prev.claim && !prev.thesis) {
      out.push({ from: i, to: i - 1, kind: "support", rule: "example→premise" });
      continue;
    }
    const to = premiseTarget(units, i, lo, hi);
    if (to >= 0) out.push({ from: i, to, kind: "support", rule: "premise→claim" });
  }
}

/**
 * Argument structure of one paragraph (argumentative units in text order), the way persuasive
 * essays, op-eds and forum posts are built:
 * - claims back the thesis; premises back their paragraph's claim, which comes first, last, or
 *   wherever a conclusion marker says (`premiseTarget`);
 * - a unit that presents the other side ("Some people claim …", "Admittedly, …") attacks the
 *   thesis when it is a claim or opens the paragraph, else the claim it concedes against; units
 *   after it that back it support it, the author's answer (the first contrast after it: "However,
 *   …") attacks it, and what follows the answer backs the answer.
 *
 * @example decodeParagraph([{ claim: true, …}, { claim: false, …}], true) // [{from:0,to:"thesis",…},{from:1,to:0,…}]
 */
export function decodeParagraph(units: readonly ParagraphRole[], hasThesis: boolean): ParagraphLink[] {
  const out: ParagraphLink[] = [];
  const other = units.findIndex((u) => (u.counter || u.concession) && !u.thesis);
  if (other < 0) {
    decodeRun(units, 0, units.length, hasThesis, out);
    return out;
  }
  let answer = -1;
  for (let k = other + 1; k < units.length; k++)
    if (units[k]!.contrast) {
      answer = k;
      break;
    }
  decodeRun(units, 0, other, hasThesis, out);
  // A reported counter-claim opposes the thesis; a conceded point opposes the paragraph's claim.
  const own = units[other]!.counter ? -1 : claimOf(units, other);
  const conceded = own === answer ? -1 : own;
  if (conceded >= 0) out.push({ from: other, to: conceded, kind: "attack", rule: "concession→claim" });
  else if (hasThesis) out.push({ from: other, to: "thesis", kind: "attack", rule: "other-side→thesis" });
  const end = answer < 0 ? units.length : answer;
  for (let k = other + 1; k < end; k++)
    if (!units[k]!.thesis) out.push({ from: k, to: other, kind: "support", rule: "backs-other-side" });
  if (answer < 0) return out;
  out.push({ from: answer, to: other, kind: "attack", rule: "answer→other-side" });
  for (let k = answer + 1; k < units.length; k++) {
    const u = units[k]!;
    if (u.thesis) continue;
    if (u.claim && hasThesis) out.push({ from: k, to: "thesis", kind: "support", rule: "claim→thesis" });
    else if (!u.claim) out.push({ from: k, to: answer, kind: "support", rule: "backs-answer" });
  }
  return out;
}
