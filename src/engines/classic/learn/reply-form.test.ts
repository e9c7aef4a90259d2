import { describe, expect, it } from "vitest";
import { FeatureBuilder } from "./hash.js";
import { addReplyForm, quotesAndAnswers, splitQuotes } from "./reply-form.js";

/** The hashed feature ids of a pair, to compare which cues fired. */
function featureIds(parent: string, reply: string): Set<number> {
  const f = new FeatureBuilder(16);
  addReplyForm(f, parent, reply);
  return new Set(f.build().idx);
}

function has(parent: string, reply: string, name: string): boolean {
  const probe = new FeatureBuilder(16).add(name).build().idx[0]!;
  return featureIds(parent, reply).has(probe);
}

describe("reply form", () => {
  it("separates the quoted lines of a reply from its own words", () => {
    expect(splitQuotes("> Prices fell.\n>\n\nThey rose by 4 %.")).toEqual({
      quoted: ["Prices fell."],
      answer: "They rose by 4 %.",
    });
    expect(splitQuotes("No quote here.")).toEqual({ quoted: [], answer: "No quote here." });
  });

  it("knows a reply that quotes its parent and answers it", () => {
    const parent = "The ferry should run all night. Demand after midnight is huge.";
    expect(quotesAndAnswers(parent, "> Demand after midnight is huge\n\nThe counts say forty riders.")).toBe(
      true,
    );
    expect(quotesAndAnswers(parent, 'The "demand after midnight" is forty riders a night.')).toBe(true);
    // A quote of something the parent did not say, or a quote with no answer, does not count.
    expect(quotesAndAnswers(parent, "> The bridge is closed\n\nSo is the tunnel.")).toBe(false);
    expect(quotesAndAnswers(parent, "> Demand after midnight is huge")).toBe(false);
  });

  it("marks the ways people disagree without saying so", () => {
    const parent = "Free buses would pay for themselves in a few years.";
    expect(has(parent, "And who pays the drivers in the meantime?", "cue:and-question")).toBe(true);
    expect(has(parent, "Yeah, but fares are a tenth of the running cost.", "cue:yes-but")).toBe(true);
    expect(has(parent, "Except the city tried it in 2015 and dropped it.", "cue:except")).toBe(true);
    expect(has(parent, "Sure. Because that worked so well last time.", "cue:sarcasm-opener")).toBe(true);
    expect(has(parent, "Actually, ridership fell after the trial ended.", "cue:correction")).toBe(true);
    expect(has(parent, "Free buses would pay for themselves.", "cue:correction")).toBe(false);
  });

  it("marks replies that take no side and replies to a question", () => {
    expect(has("Great write-up.", "Thanks, glad it helped!", "cue:thanks")).toBe(true);
    expect(has("Ridership doubled.", "Source?", "cue:request")).toBe(true);
    expect(has("What does the levy cost?", "About 80 cents a kilo.", "parent:question×reply:statement")).toBe(
      true,
    );
    expect(has("The levy is fair.", "About 80 cents a kilo.", "parent:question")).toBe(false);
  });

  it("reads second-person address, negation and the length ratio", () => {
    const parent =
      "Cities should ban scooters from pavements because they are dangerous to walkers, and the hospitals in three cities have reported more injuries every year since they arrived.";
    const reply = "You never cite a number. You don't know that.";
    expect(has(parent, reply, "you#2")).toBe(true);
    expect(has(parent, reply, "neg#2")).toBe(true);
    expect(has(parent, reply, "q#0")).toBe(true);
    expect(has(parent, reply, "lenRatio#-2")).toBe(true);
  });
});
