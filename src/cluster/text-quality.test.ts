import { describe, expect, it } from "vitest";
import { mainClause } from "./text-quality.js";

const name = (text: string) => {
  const at = mainClause(text);
  return at ? text.slice(at.start, at.end) : undefined;
};

describe("mainClause", () => {
  it("leaves an editor's label out of the name", () => {
    expect(name("TL;DR: China is more like 2-4 years behind than 7-10 years.")).toBe(
      "China is more like 2-4 years behind than 7-10 years.",
    );
    expect(name("EDIT: Uniforms reduce bullying at school, which helps shy kids.")).toBe(
      "Uniforms reduce bullying at school",
    );
  });

  it("drops a trailing reason or comment clause", () => {
    expect(name("School uniforms reduce bullying at school, which helps shy kids.")).toBe(
      "School uniforms reduce bullying at school",
    );
    expect(name("School uniforms can be too expensive for parents because they cost a lot.")).toBe(
      "School uniforms can be too expensive for parents",
    );
    expect(name("Uniforms stifle the creativity of pupils as they all look alike.")).toBe(
      "Uniforms stifle the creativity of pupils",
    );
    expect(name("School uniforms decrease bullying by preventing students from mocking clothes.")).toBe(
      "School uniforms decrease bullying",
    );
    expect(name("Guns lead to many accidental deaths, especially among young children.")).toBe(
      "Guns lead to many accidental deaths",
    );
    expect(name("Austerity cuts essential services; the poor suffer most.")).toBe(
      "Austerity cuts essential services",
    );
    expect(name("China’s chip industry is 7-10 years behind, and that is because they are desperate.")).toBe(
      "China’s chip industry is 7-10 years behind",
    );
  });

  it("keeps the first sentence and drops a trailing parenthetical", () => {
    expect(name("School uniform is adequate for pupils. It is useful for children concentration")).toBe(
      "School uniform is adequate for pupils.",
    );
    expect(name("Guns protect families in remote areas (police are far away).")).toBe(
      "Guns protect families in remote areas",
    );
  });

  it("leaves a text alone when nothing shorter stands on its own", () => {
    expect(name("School uniforms reduce bullying among students.")).toBeUndefined();
    expect(name("It is bad because they cost a lot of money.")).toBeUndefined(); // pronoun subject
    expect(name("Uniforms cost, which hurts poor families a lot.")).toBeUndefined(); // too short
    expect(name("As much as people complain, uniforms save money.")).toBeUndefined();
  });
});
