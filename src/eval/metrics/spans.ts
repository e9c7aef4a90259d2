/**
 * Typed span matching for component detection.
 *
 * Overlap of spans a and b = |a ∩ b| / max(|a|, |b|) (characters). A predicted span matches a gold
 * span of the same class when overlap ≥ 0.5 ("overlap ≥ 50 %"); matching is one-to-one, greedy
 * by decreasing overlap. "Exact" requires identical boundaries after trimming whitespace at both
 * ends of each span.
 */
import { type Prf, macroF1, prf } from "./classification.js";

export type Span = readonly [number, number];
export interface TypedSpan<L extends string> {
  type: L;
  span: Span;
}

/** |a ∩ b| / max(|a|, |b|); 0 for empty spans. */
export function spanOverlap(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const longest = Math.max(a[1] - a[0], b[1] - b[0]);
  return longest <= 0 ? 0 : inter / longest;
}

/** Shrink a span past leading and trailing whitespace of `text`. */
export function trimSpan(text: string, span: Span): Span {
  let [s, e] = span;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return [s, e];
}

/** Number of one-to-one matches between `gold` and `pred` spans (one class). */
export function countMatches(
  gold: readonly Span[],
  pred: readonly Span[],
  mode: "overlap" | "exact",
  threshold = 0.5,
): number {
  if (mode === "exact") {
    const remaining = new Map<string, number>();
    for (const g of gold) remaining.set(`${g[0]}:${g[1]}`, (remaining.get(`${g[0]}:${g[1]}`) ?? 0) + 1);
    let n = 0;
    for (const p of pred) {
      const k = `${p[0]}:${p[1]}`;
      const left = remaining.get(k) ?? 0;
      if (left > 0) {
        n++;
        remaining.set(k, left - 1);
      }
    }
    return n;
  }
  const candidates: { g: number; p: number; o: number }[] = [];
  gold.forEach((g, gi) =>
    pred.forEach((p, pi) => {
      const o = spanOverlap(g, p);
      if (o >= threshold) candidates.push({ g: gi, p: pi, o });
    }),
  );
  candidates.sort((a, b) => b.o - a.o || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  for (const c of candidates) {
    if (usedG.has(c.g) || usedP.has(c.p)) continue;
    usedG.add(c.g);
    usedP.add(c.p);
  }
  return usedG.size;
}

/**
 * Per-class span P/R/F1 counts for one document (spans trimmed of whitespace first).
 * @example spanCounts("ab cd", ["C"], [{type:"C",span:[0,5]}], [{type:"C",span:[0,2]}], "overlap").C.tp // 0 (2/5 < 0.5)
 */
export function spanCounts<L extends string>(
  text: string,
  classes: readonly L[],
  gold: readonly TypedSpan<L>[],
  pred: readonly TypedSpan<L>[],
  mode: "overlap" | "exact",
): Record<L, Prf> {
  const out = {} as Record<L, Prf>;
  for (const c of classes) {
    const g = gold.filter((x) => x.type === c).map((x) => trimSpan(text, x.span));
    const p = pred.filter((x) => x.type === c).map((x) => trimSpan(text, x.span));
    const m = countMatches(g, p, mode);
    out[c] = prf(m, p.length - m, g.length - m);
  }
  return out;
}

/** Macro-F1 over classes of a per-class report. */
export function macroOf<L extends string>(classes: readonly L[], report: Record<L, Prf>): number {
  return macroF1(classes.map((c) => report[c]));
}
