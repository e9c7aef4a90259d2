/**
 * Precision before coverage: after the final assignment, a unit stays in its key point only when
 * the evidence says it makes that point — it scores at least `memberThreshold` against the point,
 * and clearly more (`memberMargin`) than against any other selected point. Units that fail stay
 * unclustered. A point's own unit, a previous point's members and a dispute's units stay.
 */
import type { Run } from "./run.js";

/**
 * `ClusterOptions.memberThreshold` and `memberAgreement` by default, chosen by 4-fold
 * cross-validation by topic on ArgKP train (`npx tsx scripts/kpa-cv.ts`): purity 0.597 → 0.683 at
 * argument coverage 0.590 → 0.300; points per group and cov@0.5 unchanged (5.85, 0.305).
 */
export { DEFAULT_MEMBER_THRESHOLD } from "./types.js";
export const DEFAULT_MEMBER_AGREEMENT = 0.6;

/** Members of a point, best-scoring first, that a unit must agree with (`memberAgreement`). */
const CORE_SIZE = 5;

/**
 * Each group's core: its own unit and its best-scoring members, up to `CORE_SIZE` distinct texts.
 * @example pointCores(run)[0] // ["Uniforms reduce bullying.", "School uniforms stop teasing."]
 */
function pointCores(run: Pick<Run, "groups" | "unitById">): string[][] {
  return run.groups.map((group) => {
    const own = group.primary.unit?.text;
    const ranked = [...group.members]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([id]) => run.unitById.get(id)!.text);
    return [...new Set([...(own ? [own] : []), ...ranked])].slice(0, CORE_SIZE);
  });
}

/**
 * Per unit in a point, the share of its point's core members (other than itself) it matches at
 * or above τ either way: units making one point say similar things to one another, not only to
 * the point's name. Scored in one batch.
 */
export async function coreAgreement(run: Run): Promise<Map<string, number>> {
  const cores = pointCores(run);
  const { units, groupOf, scores } = run;
  await scores.prefetch(
    (function* () {
      for (let ui = 0; ui < units.length; ui++) {
        const g = groupOf[ui]!;
        if (g < 0) continue;
        for (const t of cores[g]!)
          if (t !== units[ui]!.text) {
            yield [units[ui]!.text, t] as const;
            yield [t, units[ui]!.text] as const;
          }
      }
    })(),
  );
  const out = new Map<string, number>();
  units.forEach((u, ui) => {
    const g = groupOf[ui]!;
    if (g < 0) return;
    const others = cores[g]!.filter((t) => t !== u.text);
    if (others.length === 0) return out.set(u.id, 1);
    const agree = others.filter(
      (t) => Math.max(scores.get(u.text, t), scores.get(t, u.text)) >= run.tau,
    ).length;
    out.set(u.id, agree / others.length);
  });
  return out;
}

/** Indexes of the units that leave their point: pure over the member scores and matches. */
export function unevidencedMembers(
  run: Pick<Run, "units" | "groups" | "groupOf" | "matches" | "candGroup" | "pinned">,
  memberThreshold: number,
  memberMargin: number,
  agreement?: { share: number; of: ReadonlyMap<string, number> },
): number[] {
  const { units, groups, groupOf, matches, candGroup, pinned } = run;
  const leave: number[] = [];
  units.forEach((u, ui) => {
    const g = groupOf[ui]!;
    if (g < 0) return;
    const group = groups[g]!;
    const fixed = pinned.has(ui) || group.primary.previous !== undefined || group.primary.unit?.id === u.id;
    const s = group.members.get(u.id) ?? 0;
    let other = 0;
    for (const m of matches[ui]!) {
      const mg = candGroup[m.c]!;
      if (mg >= 0 && mg !== g && m.s > other) other = m.s;
    }
    const disagrees = agreement !== undefined && (agreement.of.get(u.id) ?? 0) < agreement.share;
    if (!fixed && (s < memberThreshold || s - other < memberMargin || disagrees)) leave.push(ui);
  });
  return leave;
}

/** Apply `unevidencedMembers` to the run: those units leave their point (its own unit never does). */
export async function dropUnevidencedMembers(
  run: Run,
  memberThreshold: number,
  memberAgreement: number,
  memberMargin: number,
): Promise<void> {
  const agreement =
    memberAgreement > 0 ? { share: memberAgreement, of: await coreAgreement(run) } : undefined;
  for (const ui of unevidencedMembers(run, memberThreshold, memberMargin, agreement)) {
    run.groups[run.groupOf[ui]!]!.members.delete(run.units[ui]!.id);
    run.groupOf[ui] = -1;
  }
}
