import { describe, expect, it } from "vitest";
import {
  opensWithConnective,
  opensWithFragment,
  opensWithReference,
  standsAlone,
  trimConnective,
} from "./statement.js";

describe("card text helpers", () => {
  it("trims leading connectives and capitalises what is left", () => {
    expect(trimConnective("Hence we will have a booming domestic pipeline.")).toBe(
      "We will have a booming domestic pipeline.",
    );
    expect(trimConnective("Nope, the ban sped up domestic production.")).toBe(
      "The ban sped up domestic production.",
    );
    expect(trimConnective("China has a big corruption problem.")).toBe("China has a big corruption problem.");
  });

  it("keeps the connective when the trim would leave a clause fragment, which then does not stand", () => {
    const text = "therefore getting less bang for its buck while strengthening competitors.";
    expect(trimConnective(text)).toBe(text);
    expect(standsAlone(trimConnective(text))).toBe(false);
    expect(opensWithFragment("Getting less bang for its buck while strengthening competitors.")).toBe(true);
    expect(opensWithFragment("To slow them down at any cost.")).toBe(true);
    expect(opensWithFragment("Getting chips is harder now than in 2022.")).toBe(false);
    expect(opensWithFragment("Nothing about the ban slowed them.")).toBe(false);
  });

  it("tells unresolved references from demonstratives that name their referent", () => {
    expect(opensWithReference("That is exactly the scenario that I believe and invest in.")).toBe(true);
    expect(opensWithReference("They are categorically behind.")).toBe(true);
    expect(opensWithReference("This policy cut emissions by a third.")).toBe(false);
    expect(opensWithConnective("So better go to war now.")).toBe(true);
    expect(standsAlone("China is 2-4 years behind.")).toBe(true);
    expect(standsAlone("Is China 2-4 years behind?")).toBe(false);
  });

  it("takes a sequence marker for a connective only with its comma, and trims it", () => {
    expect(opensWithConnective("Finally, some fear that workers will cram five days into four.")).toBe(true);
    expect(opensWithConnective("First responders need better pay.")).toBe(false);
    expect(trimConnective("Finally, some fear that workers will cram five days into four.")).toBe(
      "Some fear that workers will cram five days into four.",
    );
    expect(trimConnective("Second, shorter weeks cut sick days.")).toBe("Shorter weeks cut sick days.");
  });
});
