import { describe, expect, it } from "vitest";
import {
  opensWithConnective,
  opensWithFragment,
  opensWithReference,
  standsAlone,
  trimConnective,
  asksForSomething,
} from "./statement.js";

describe("card text helpers", () => {
  it("drops an editor's label and the connectives after it", () => {
    expect(trimConnective("EDIT: Okay, so mind control isn't the only thing the chemicals do.")).toBe(
      "Mind control isn't the only thing the chemicals do.",
    );
    expect(trimConnective("TL;DR: China is more like 2-4 years behind.")).toBe(
      "China is more like 2-4 years behind.",
    );
    expect(trimConnective("Update 2: the site is back.")).toBe("The site is back.");
    // A label with too little after it stays.
    expect(trimConnective("Edit: typo.")).toBe("Edit: typo.");
    expect(trimConnective("Editors disagree about it.")).toBe("Editors disagree about it.");
  });

  it("reads a request as no statement", () => {
    expect(asksForSomething("Explain Chem trails please")).toBe(true);
    expect(asksForSomething("Can someone explain why the sky is blue")).toBe(true);
    expect(standsAlone("Explain Chem trails please")).toBe(false);
    expect(asksForSomething("Explaining the policy takes time.")).toBe(false);
    expect(asksForSomething("Tell-tale signs were everywhere.")).toBe(false);
    expect(standsAlone("Uniforms reduce bullying.")).toBe(true);
  });

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
