import { describe, expect, it } from "vitest";
import { collectingContext } from "../model/index.js";
import { clusterKeyPoints } from "./keypoints.js";
import { lexicalScorer } from "./scorer.js";
import { sourceFromTexts } from "./texts.js";

/** Six points of different prevalence, each made by several authors in their own words. */
function debate() {
  const points = [
    "School uniforms reduce bullying between students",
    "Uniforms cost poor families too much money",
    "Uniforms restrict how students express themselves",
    "Uniforms make mornings faster for busy parents",
    "Uniforms help teachers spot strangers on campus",
    "Uniforms improve concentration during lessons",
  ];
  const openers = ["I think ", "Honestly, ", "Clearly ", "In my view ", "To be fair, ", "Frankly, "];
  const texts: string[] = [];
  const authors: string[] = [];
  points.forEach((p, i) => {
    for (let j = 0; j < 7 - i; j++) {
      texts.push(`${openers[j % openers.length]}${p.toLowerCase()}.`);
      authors.push(`user${i}-${j}`);
    }
  });
  const { source, units } = sourceFromTexts(texts, "debate", { authors });
  return { sources: [source], units, relations: [] };
}

describe("key point summary", () => {
  it("lists the most argued points and counts the rest, their units left without a point", async () => {
    const input = debate();
    const full = await clusterKeyPoints(input, lexicalScorer(), collectingContext());
    expect(full.summary).toBeUndefined();
    expect(full.keyPoints.length).toBeGreaterThan(3);
    const capped = await clusterKeyPoints(input, lexicalScorer(), collectingContext(), [], {
      maxKeyPoints: 2,
    });
    expect(capped.keyPoints.map((k) => k.id)).toEqual(full.keyPoints.slice(0, 2).map((k) => k.id));
    const rest = full.keyPoints.slice(2);
    const restUnits = new Set(rest.flatMap((k) => k.unitIds));
    const authorOf = new Map(input.units.map((u) => [u.id, u.postId]));
    expect(capped.summary).toEqual({
      total: full.keyPoints.length,
      listed: 2,
      omitted: {
        keyPoints: rest.length,
        units: restUnits.size,
        authors: new Set([...restUnits].map((id) => authorOf.get(id))).size,
      },
    });
    for (const id of restUnits)
      expect(capped.stances.get(id)).toEqual({ thesis: full.stances.get(id)!.thesis, keyPoint: "neutral" });
    const listed = new Set(capped.keyPoints.map((k) => `key-point:${k.id}`));
    expect(capped.relations.length).toBeGreaterThan(0);
    for (const r of capped.relations) expect(r.signals.some((s) => listed.has(s))).toBe(true);
  });

  it("matches the same units to the same points whatever the scoring batch size", async () => {
    const input = debate();
    const whole = await clusterKeyPoints(input, lexicalScorer(), collectingContext());
    const batched = await clusterKeyPoints(input, lexicalScorer(), collectingContext(), [], {
      matchBatch: 4,
    });
    expect(batched).toEqual(whole);
  });
});
