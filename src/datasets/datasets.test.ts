import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ArgmapError } from "../model/index.js";
import { readArgKp } from "./argkp.js";
import { readCdcp } from "./cdcp.js";
import { readWebDiscourseWithStats } from "./web-discourse.js";

const fixtures = fileURLToPath(new URL("../eval/fixtures/", import.meta.url));
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ArgmapError ? e.code : "other";
  }
  return "none";
};

describe("readArgKp", () => {
  it("reads quoted CSV fields with commas and numeric stances", () => {
    const s = readArgKp(join(fixtures, "argkp-mini"), "dev");
    expect(s.arguments).toHaveLength(8);
    expect(s.arguments[0]).toEqual({
      id: "a1",
      text: "Cars pollute the air, and cities suffer",
      topic: "We should ban cars",
      stance: 1,
    });
    expect(s.keyPoints.find((k) => k.id === "m1")!.stance).toBe(-1);
    expect(s.labels).toContainEqual({ argId: "a4", kpId: "k1", label: 1 });
  });

  it("names the missing file and rejects wrong columns", () => {
    expect(codeOf(() => readArgKp(join(fixtures, "argkp-mini"), "test"))).toBe("DATA_NOT_FOUND");
    const dir = mkdtempSync(join(tmpdir(), "argkp-"));
    writeFileSync(join(dir, "arguments_x.csv"), "id,text\n1,a\n");
    expect(() => readArgKp(dir, "x")).toThrow(/arg_id,argument,topic,stance/);
    writeFileSync(join(dir, "arguments_x.csv"), "arg_id,argument,topic,stance\na,b,c,2\n");
    expect(codeOf(() => readArgKp(dir, "x"))).toBe("INPUT_MALFORMED");
  });
});

describe("readCdcp", () => {
  it("expands link ranges into single links", () => {
    const docs = readCdcp(join(fixtures, "cdcp-mini"));
    expect(docs.map((d) => d.id)).toEqual(["00001", "00002", "00003"]);
    expect(docs[0]!.reasons).toEqual([
      { from: 1, to: 0 },
      { from: 2, to: 0 },
    ]);
    expect(docs[1]!.props[1]).toEqual({ span: [21, 68], type: "fact" });
  });
  it("fails on a missing directory", () => {
    expect(codeOf(() => readCdcp(join(fixtures, "nope")))).toBe("DATA_NOT_FOUND");
  });
});

describe("readWebDiscourse", () => {
  it("drops implicit components and the relations that touch them", () => {
    const { docs, dropped } = readWebDiscourseWithStats(join(fixtures, "web-discourse-mini"));
    expect(docs).toHaveLength(3);
    expect(dropped).toEqual({ implicit: 1, untyped: 0, relations: 1 });
    const d2 = docs[1]!;
    expect(d2.components.map((c) => c.type)).toEqual(["Claim", "Premise", "Rebuttal"]);
    expect(d2.relations).toContainEqual({ from: "r1", to: "c1", type: "attack" });
    expect(d2.text.slice(...d2.components[0]!.span)).toBe("Mainstreaming hurts gifted students.");
  });
});
