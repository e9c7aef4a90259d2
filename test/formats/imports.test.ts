import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import { main } from "../../src/cli/main.js";
import { renderAif } from "../../src/export/aif.js";
import { readArgKp } from "../../src/datasets/argkp.js";
import {
  alignPassage,
  compareMaps,
  importArgKp,
  importBrat,
  importCommentTable,
  TextIndex,
} from "../../src/import/index.js";
import { ArgumentMap } from "../../src/model/index.js";
import { sampleMap } from "./fixtures.js";
import { sharedDir } from "../helpers.js";

const argkpDir = join(sharedDir, "data/argkp-2021");
const hasArgKp = existsSync(join(argkpDir, "arguments_dev.csv"));

describe("fuzzy alignment", () => {
  const index = new TextIndex(
    "The city council voted, after long debate, to close Main Street to cars on weekends.",
  );
  it("finds exact, whitespace/case-normalised and lightly edited passages", () => {
    expect(alignPassage("close Main Street", index)).toMatchObject({ span: [46, 63], method: "exact" });
    expect(alignPassage("the CITY   council voted", index)).toMatchObject({
      span: [0, 22],
      method: "normalised",
    });
    const fuzzy = alignPassage("voted after a long debate to close Main St to cars", index);
    expect(fuzzy?.method).toBe("fuzzy");
    expect(index.text.slice(fuzzy!.span[0], fuzzy!.span[1])).toBe(
      "voted, after long debate, to close Main Street to cars",
    );
  });
  it("refuses passages that are not in the text", () => {
    expect(alignPassage("penguins enjoy cold weather in Antarctica", index)).toBeUndefined();
  });
});

describe("brat standoff import", () => {
  const text =
    "Cities should ban cars.\n\nCars pollute the air, which harms children. But shops need drivers.";
  const ann = [
    "T1\tMajorClaim 0 22\tCities should ban cars",
    "T2\tPremise 25 45\tCars pollute the air",
    "T3\tClaim 79 91\tneed drivers",
    "T4\tPremise 59 68\tharms children",
    "A1\tStance T3 Against",
    "R1\tsupports Arg1:T2 Arg2:T1",
    "R2\tattacks Arg1:T3 Arg2:T1",
    "R3\tsupports Arg1:T9 Arg2:T1",
    "garbage line",
  ].join("\n");
  it("reads components, relations and stance attributes with exact spans", () => {
    const m = importBrat(text, ann);
    expect(ArgumentMap.safeParse(m).success).toBe(true);
    expect(m.units.map((u) => [u.kind, u.text])).toEqual([
      ["major-claim", "Cities should ban cars"],
      ["premise", "Cars pollute the air"],
      ["premise", "harms children"],
      ["claim", "need drivers"],
    ]);
    expect(m.units.find((u) => u.text === "need drivers")?.signals).toContain("stance:con");
    expect(m.relations.map((r) => r.kind)).toEqual(["support", "attack"]);
    // Paragraphs become posts.
    expect(new Set(m.units.map((u) => u.postId)).size).toBe(2);
    // T4's offsets were re-aligned, R3 points at a missing entity, one line is garbage.
    expect(m.diagnostics.map((d) => d.rule).sort()).toEqual([
      "import/brat-line",
      "import/brat-line",
      "import/dangling-relation",
    ]);
    for (const u of m.units) expect(text.slice(u.span[0], u.span[1])).toBe(u.text);
  });
});

describe("ArgKP import", () => {
  it("turns topics into sources, arguments into posts and labelled matches into key points", () => {
    const split = {
      arguments: [
        { id: "a1", text: "Marriage is outdated.", topic: "We should abandon marriage", stance: 1 },
        { id: "a2", text: "Marriage protects children.", topic: "We should abandon marriage", stance: -1 },
        { id: "a3", text: "Zoos save species.", topic: "We should ban zoos", stance: -1 },
      ],
      keyPoints: [
        {
          id: "k1",
          text: "Marriage is an outdated institution",
          topic: "We should abandon marriage",
          stance: 1,
        },
        { id: "k2", text: "Zoos help conservation", topic: "We should ban zoos", stance: -1 },
      ],
      labels: [
        { argId: "a1", kpId: "k1", label: 1 as const },
        { argId: "a2", kpId: "k1", label: 0 as const },
        { argId: "a3", kpId: "k2", label: 1 as const },
      ],
    };
    const m = importArgKp(split);
    expect(ArgumentMap.safeParse(m).success).toBe(true);
    expect(m.sources.map((s) => s.title)).toEqual(["We should abandon marriage", "We should ban zoos"]);
    expect(m.sources[0]!.posts).toHaveLength(3);
    const k1 = m.keyPoints.find((k) => k.id === "k1")!;
    expect(k1.quotes.map((q) => q.text)).toEqual(["Marriage is outdated."]);
    expect(k1.coverage).toBe(0.5);
    expect(m.relations.map((r) => r.kind)).toEqual(["support", "attack", "attack"]);
  });

  it.skipIf(!hasArgKp)(
    "imports the real ArgKP dev split with every label-1 pair as a key point match",
    () => {
      const split = readArgKp(argkpDir, "dev");
      const m = importArgKp(split);
      expect(m.sources).toHaveLength(new Set(split.arguments.map((a) => a.topic)).size);
      expect(m.units).toHaveLength(split.arguments.length + m.sources.length);
      const matches = m.keyPoints.reduce((n, k) => n + k.unitIds.length, 0);
      expect(matches).toBe(split.labels.filter((l) => l.label === 1).length);
    },
  );
});

describe("comment table import", () => {
  it("reads a Polis-style CSV into one post per comment with authors and reply links", () => {
    const csv =
      'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body,parent-id\n1,2024-01-01,c1,7,3,1,1,"Close the street, please.",\n2,2024-01-02,c2,8,0,0,1,"No: ""shops"" need cars.",c1\n3,2024-01-03,c3,9,0,0,1,,\n';
    const m = importCommentTable(csv);
    const s = m.sources[0]!;
    expect(s.posts.map((p) => s.text.slice(p.span[0], p.span[1]))).toEqual([
      "Close the street, please.",
      'No: "shops" need cars.',
    ]);
    expect(s.posts.map((p) => p.author)).toEqual(["7", "8"]);
    expect(s.posts[1]!.parentId).toBe(s.posts[0]!.id);
    // The empty third comment is skipped with a diagnostic by the shared ingest table reader.
    expect(m.diagnostics.length).toBeGreaterThan(0);
  });
  it("rejects a table without a text column", () => {
    expect(() => importCommentTable("a,b\n1,2\n")).toThrow(/text column/);
  });
});

describe("map comparison", () => {
  const gold = sampleMap();
  it("scores a map against itself as perfect", () => {
    const c = compareMaps(gold, gold);
    expect(c.units.f1).toBe(1);
    expect(c.relations.support.f1).toBe(1);
    expect(c.relations.attack.f1).toBe(1);
  });
  it("matches units by span overlap and relations by both ends", () => {
    const pred = structuredClone(gold);
    // Shift one unit a little (still ≥ 50 % overlap), drop another, reverse one attack.
    pred.units[1]!.span = [pred.units[1]!.span[0] + 3, pred.units[1]!.span[1]];
    pred.units = pred.units.filter((u) => u.id !== "u2");
    const attack = pred.relations.find((r) => r.kind === "attack" && r.from === "u4")!;
    [attack.from, attack.to] = [attack.to, attack.from];
    const c = compareMaps(gold, pred);
    expect(c.units).toMatchObject({ gold: 5, predicted: 4, matched: 4 });
    expect(c.units.f1).toBeCloseTo((2 * 1 * 0.8) / 1.8, 6);
    // u2 → u0 support is lost (u2 missing): 1 of 2 gold supports found, 1 of 2 predicted correct.
    expect(c.relations.support).toMatchObject({ gold: 2, predicted: 2, matched: 1 });
    expect(c.relations.attack).toMatchObject({ gold: 2, predicted: 2, matched: 1 });
  });
});

describe("import and compare commands", () => {
  function io(cwd: string) {
    let out = "";
    let err = "";
    return {
      io: {
        stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
        stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
        stdin: process.stdin,
        env: {},
        cwd,
      },
      out: () => out,
      err: () => err,
    };
  }
  it("converts AIF with the .txt beside it into argmap JSON and compares it with the original", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-import-"));
    const map = sampleMap();
    writeFileSync(join(dir, "thread.json"), renderAif(map));
    writeFileSync(join(dir, "thread.txt"), map.sources[0]!.text);
    writeFileSync(join(dir, "gold.json"), JSON.stringify(map));
    const a = io(dir);
    expect(await main(["import", "thread.json", "--from", "aif", "-o", "out.json"], a.io)).toBe(0);
    const b = io(dir);
    expect(await main(["compare", "gold.json", "out.json", "--json"], b.io)).toBe(0);
    const result = JSON.parse(b.out()) as {
      units: { f1: number };
      relations: { support: { f1: number }; attack: { f1: number } };
    };
    expect(result.units.f1).toBe(1);
    expect(result.relations.support.f1).toBe(1);
    expect(result.relations.attack.f1).toBe(1);
  });
});

describe("real pipeline output", () => {
  const example = new URL("../../examples/thread-car-free-downtowns.txt", import.meta.url);
  it.skipIf(!existsSync(example))(
    "survives an AIF round trip of a mapped example",
    async () => {
      const { importAif } = await import("../../src/import/aif.js");
      const map = await mapSources([example.pathname]);
      const back = importAif(renderAif(map), { text: map.sources[0]!.text });
      const c = compareMaps(map, back);
      expect(c.units.f1).toBe(1);
      expect(c.relations.all.gold).toBe(
        back.relations.filter((r) => r.kind === "support" || r.kind === "attack").length,
      );
      expect(c.relations.all.f1 === 1 || c.relations.all.gold === 0).toBe(true);
    },
    60_000,
  );
});
