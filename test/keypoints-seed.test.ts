/**
 * Key points on the seed thread: the disputes a careful reader sees there show up as key points
 * (or cruxes) argued both ways. The assertions are about general outcomes (a point whose two sides
 * both mention a dispute's words), never about ids or exact texts.
 */
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import { selfContained } from "../src/cluster/index.js";
import type { ArgumentMap, KeyPoint } from "../src/model/index.js";
import { hasSeed, seedThread } from "./helpers.js";

interface Sides {
  pro: string[];
  con: string[];
}

/** Both sides of every point argued both ways: member texts of the primary and of its counter. */
function disputedPoints(map: ArgumentMap): Sides[] {
  const text = new Map(map.units.map((u) => [u.id, u.text]));
  const byId = new Map(map.keyPoints.map((k) => [k.id, k]));
  const texts = (k: KeyPoint) => [k.text, ...k.unitIds.map((id) => text.get(id) ?? "")];
  const out: Sides[] = [];
  for (const k of map.keyPoints) {
    const other = k.opposes ? byId.get(k.opposes) : undefined;
    if (k.side === "primary" && other) out.push({ pro: texts(k), con: texts(other) });
  }
  for (const c of map.cruxes ?? [])
    out.push({ pro: c.pro.quotes.map((q) => q.text), con: c.con.quotes.map((q) => q.text) });
  return out;
}

/** Some disputed point has a text matching `a` on one side and one matching `b` on the other. */
function splitOn(map: ArgumentMap, a: RegExp, b: RegExp): boolean {
  return disputedPoints(map).some(
    (s) =>
      (s.pro.some((t) => a.test(t)) && s.con.some((t) => b.test(t))) ||
      (s.con.some((t) => a.test(t)) && s.pro.some((t) => b.test(t))),
  );
}

describe.skipIf(!hasSeed)("key points of the seed thread (skipped when ../shared/seeds is absent)", () => {
  let map: ArgumentMap;

  it("finds several points argued both ways, with author counts on both sides, and ranks cruxes", async () => {
    map = await mapSources([seedThread]);
    const split = map.keyPoints.filter((k) => k.side === "primary" && k.opposes);
    expect(split.length).toBeGreaterThanOrEqual(3);
    for (const k of split) {
      const other = map.keyPoints.find((o) => o.id === k.opposes)!;
      expect(k.authorCount).toBeGreaterThan(0);
      expect(other.authorCount).toBeGreaterThan(0);
    }
    expect(map.cruxes?.length ?? 0).toBeGreaterThanOrEqual(1);
    for (const c of map.cruxes!) expect(c.pro.quotes.length > 0 && c.con.quotes.length > 0).toBe(true);
  });

  it("splits 'has the export ban backfired' with 'backfired' units on both sides", () => {
    expect(splitOn(map, /backfired/i, /backfired/i)).toBe(true);
  });

  it("splits 'how far behind is China' between the 7-10 year claim and its denial", () => {
    expect(splitOn(map, /7-10 years behind/i, /(no way|2-4 years)/i)).toBe(true);
  });

  it("splits 'dumb move by ignorant elites' against the reply calling it too cynical or rational", () => {
    expect(splitOn(map, /(dumb|elite)/i, /(cynical|rational|not some)/i)).toBe(true);
  });

  it("words every key point it chose as a self-contained statement, not a clause fragment", () => {
    // Counter points are worded from what the other side said, which may be all fragments.
    for (const k of map.keyPoints.filter((p) => p.side !== "counter"))
      expect(selfContained(k.text), k.text).toBe(true);
  });
});
