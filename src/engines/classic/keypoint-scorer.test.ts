import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classicScorer, COMMON_MIN_TEXTS, commonWords } from "./keypoint-scorer.js";
import { MODELS_DIR } from "./models-files.js";
import { loadClassicModels } from "./models.js";

const words = (t: string) => t.toLowerCase().split(" ");

/** `n` distinct texts that all mention vaccines, each with its own other words. */
function vaccineThread(n: number): string[] {
  const others = ["cost", "school", "doctor", "travel", "risk", "child", "law", "money", "trial", "shop"];
  return Array.from({ length: n }, (_, i) => `vaccine ${others[i % others.length]} point${i}`);
}

describe("commonWords", () => {
  it("keeps the words of at least the given share of the distinct texts", () => {
    const texts = vaccineThread(COMMON_MIN_TEXTS);
    // "vaccine" is in all 20; each other word in 2 of 20 (10 %); "pointN" in one.
    expect([...commonWords(texts, words)]).toEqual(["vaccine"]);
    expect([...commonWords(texts, words, 0.1)].sort()).toEqual(
      [
        "child",
        "cost",
        "doctor",
        "law",
        "money",
        "risk",
        "school",
        "shop",
        "travel",
        "trial",
        "vaccine",
      ].sort(),
    );
  });

  it("finds none in a run of fewer distinct texts than the minimum, however often they repeat", () => {
    const few = vaccineThread(COMMON_MIN_TEXTS - 1);
    expect(commonWords([...few, ...few, ...few], words).size).toBe(0);
  });
});

const shipped = existsSync(`${MODELS_DIR}keypoint-matcher.json`);

describe.skipIf(!shipped)("classicScorer sessions", () => {
  const models = loadClassicModels();
  const unit = "Vaccines are tested for years before anyone gets them";
  const point = "Vaccines cause more harm than the diseases themselves";
  const thread = [
    ...Array.from({ length: 24 }, (_, i) => `Vaccines matter to family number ${i} in many ways`),
    unit,
    point,
  ];

  const score = async (topic: string | undefined, texts?: string[]) =>
    (await classicScorer(models, topic).session!(texts).scoreBatch([[unit, point]]))[0]!;

  it("discounts the words common to the run when no topic is given", async () => {
    const plain = await score(undefined);
    const withRun = await score(undefined, thread);
    const withTopic = await score("Vaccines");
    // Sharing only the run's common word is weaker evidence, as sharing the topic's word is.
    expect(withRun).toBeLessThan(plain);
    expect(withRun).toBeCloseTo(withTopic, 6);
  });

  it("uses the topic instead of the run's common words when it is given", async () => {
    const topic = "Vaccines should be mandatory";
    expect(await score(topic, thread)).toBe(await score(topic));
  });
});
