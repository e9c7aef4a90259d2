import { describe, expect, it } from "vitest";
import { winkSegmenter } from "../../segment/index.js";
import { contentSignals, FEATURE_NAMES, segmentSignals, withContext, type SignalContext } from "./signals.js";

const context: SignalContext = {
  indexInPost: 1,
  postLength: 3,
  paragraphIndex: 0,
  paragraphCount: 1,
  isReply: false,
};

/** Signals of a one-sentence text. */
function signalsOf(text: string, ctx: Partial<SignalContext> = {}) {
  const tokens = winkSegmenter.sentences(text, [0, text.length]).flatMap((s) => s.tokens);
  return segmentSignals({ text, tokens, context: { ...context, ...ctx } });
}

describe("segmentSignals", () => {
  it("finds money written with a currency symbol and a magnitude suffix", () => {
    const s = signalsOf("The government will spend $500B on roads.");
    expect(s.signals).toContain("money");
    expect(s.features.money).toBe(1);
    expect(signalsOf("The government will spend a lot on roads.").signals).not.toContain("money");
  });

  it("finds money written with a currency word", () => {
    expect(signalsOf("They paid 40 dollars for a ticket.").signals).toContain("money");
  });

  it("finds percentages with a sign or the word percent", () => {
    expect(signalsOf("Turnout rose to 64% this time.").features.percents).toBe(1);
    expect(signalsOf("Turnout rose by 3.5 percent.").signals).toContain("percent");
    expect(signalsOf("Turnout rose a little.").signals).not.toContain("percent");
  });

  it("finds a number range with a unit such as 2-4 years", () => {
    const s = signalsOf("It takes 2-4 years to train a surgeon.");
    expect(s.signals).toEqual(expect.arrayContaining(["number-range", "unit", "number"]));
    expect(signalsOf("It takes years to train a surgeon.").signals).not.toContain("number-range");
  });

  it("finds URLs and footnote markers", () => {
    const s = signalsOf("The full report is at https://example.org/report.pdf [2].");
    expect(s.signals).toEqual(expect.arrayContaining(["url", "footnote"]));
    expect(s.features.urls).toBe(1);
    expect(s.features.footnotes).toBe(1);
  });

  it("does not count a bracketed footnote as a number range or money", () => {
    const s = signalsOf("Trains are cleaner than planes [3].");
    expect(s.signals).not.toContain("number-range");
    expect(s.signals).not.toContain("money");
    expect(s.features.numbers).toBe(0);
  });

  it("finds author-year citations and years", () => {
    const s = signalsOf("Sleep loss impairs memory (Walker et al., 2017).");
    expect(s.signals).toEqual(expect.arrayContaining(["citation", "year"]));
  });

  it("names the discourse marker that fired and whether it opens the segment", () => {
    const s = signalsOf("because the rent keeps rising every year.");
    expect(s.signals).toEqual(expect.arrayContaining(["marker:because", "reason-marker", "opens:reason"]));
    const mid = signalsOf("Rents rise because supply is short.");
    expect(mid.signals).toContain("marker:because");
    expect(mid.signals).not.toContain("opens:reason");
  });

  it("counts an ambiguous marker such as 'as' only at the start of a segment", () => {
    expect(signalsOf("As prices rise, people buy less.").signals).toContain("marker:as");
    expect(signalsOf("She works as a nurse in the city.").signals).not.toContain("marker:as");
  });

  it("detects first-person stance, modal plus verb and hedges", () => {
    const s = signalsOf("I'd argue that cities should probably tax cars.");
    expect(s.signals).toEqual(
      expect.arrayContaining(["first-person-stance", "modal-verb", "hedge", "deontic"]),
    );
    expect(signalsOf("The bus leaves at noon.").signals).not.toContain("first-person-stance");
  });

  it("detects questions, rhetorical questions and imperatives", () => {
    expect(signalsOf("When does the library open?").signals).toContain("question");
    expect(signalsOf("When does the library open?").signals).not.toContain("rhetorical-question");
    expect(signalsOf("Isn't it obvious that the plan failed?").signals).toContain("rhetorical-question");
    expect(signalsOf("Stop blaming the victims.").signals).toContain("imperative");
    expect(signalsOf("They stopped blaming the victims.").signals).not.toContain("imperative");
  });

  it("counts negations, evaluative and comparative language", () => {
    const s = signalsOf("This is not a good idea and it is worse than doing nothing.");
    expect(s.features.negations).toBeGreaterThanOrEqual(2);
    expect(s.signals).toEqual(expect.arrayContaining(["evaluative", "comparative", "negation"]));
  });

  it("matches phrases written with typographic apostrophes", () => {
    expect(signalsOf("That’s why we must act now.").signals).toContain("marker:that's why");
  });

  it("returns every feature as a finite number", () => {
    const s = signalsOf("Honestly, nobody knows.");
    expect(Object.keys(s.features).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(Object.values(s.features).every((v) => Number.isFinite(v))).toBe(true);
  });

  it("records the position of the segment and whether its post is a reply", () => {
    const first = signalsOf("Cars are noisy.", { indexInPost: 0, isReply: true });
    expect(first.signals).toEqual(expect.arrayContaining(["position:first", "reply"]));
    const last = signalsOf("Cars are noisy.", { indexInPost: 2 });
    expect(last.signals).toEqual(expect.arrayContaining(["position:last", "root"]));
    expect(last.features.position).toBe(1);
  });

  it("combines content signals computed once with each position like a fresh computation", () => {
    const text = "Honestly, we should ban cars downtown because 40% of trips are under 2 km [1].";
    const tokens = winkSegmenter.sentences(text, [0, text.length]).flatMap((s) => s.tokens);
    const content = contentSignals(text, tokens);
    const contexts: SignalContext[] = [
      { indexInPost: 0, postLength: 1, paragraphIndex: 0, paragraphCount: 1, isReply: false },
      { indexInPost: 0, postLength: 4, paragraphIndex: 0, paragraphCount: 3, isReply: true },
      { indexInPost: 3, postLength: 4, paragraphIndex: 2, paragraphCount: 3, isReply: false },
    ];
    for (const context of contexts) {
      const fresh = segmentSignals({ text, tokens, context });
      const combined = withContext(content, context);
      expect(combined).toEqual(fresh);
      expect(Object.keys(combined.features)).toEqual([...FEATURE_NAMES]);
    }
    expect(content.signals).not.toContain("root");
    expect(withContext(content, contexts[1]!).signals).toContain("paragraph:first");
  });
});
