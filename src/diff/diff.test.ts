import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { resolveEngine } from "../engines/registry.js";
import type { Engine } from "../engines/engine.js";
import { readSource } from "../ingest/index.js";
import type { ArgumentMap } from "../model/index.js";
import { analyseSource, buildMap } from "../pipeline/index.js";
import type { MapDiff } from "./index.js";
import { diffJsonSchema, diffMaps, isEmptyDiff, renderDiff } from "./index.js";

const thread = readFileSync(new URL("../../test/fixtures/diff-thread.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n");
const BEFORE = 12;

let engine: Engine;
async function mapOf(lines: readonly string[], previous?: ArgumentMap): Promise<ArgumentMap> {
  const bytes = new TextEncoder().encode(lines.join("\n"));
  const { doc } = readSource({ name: "thread.jsonl", bytes });
  return buildMap([await analyseSource(doc, { engine })], {
    engine,
    ...(previous ? { previousKeyPoints: previous.keyPoints } : {}),
  });
}

/** Post ids of the new map whose JSONL line was added after the first map. */
function newPostIds(map: ArgumentMap): Set<string> {
  return new Set(map.sources[0]!.posts.filter((p) => p.index >= BEFORE).map((p) => p.id));
}

let before: ArgumentMap;
let after: ArgumentMap;
let diff: MapDiff;

beforeAll(async () => {
  engine = await resolveEngine("classic");
  before = await mapOf(thread.slice(0, BEFORE));
  after = await mapOf(thread, before);
  diff = await diffMaps(before, after, { scorer: engine.keyPointScorer!(), oldLabel: "before" });
}, 120_000);

describe("diff of a thread before and after 20 replies", () => {
  it("finds exactly the 20 new posts, matching the old ones by their words although every id changed", () => {
    expect(before.sources[0]!.id).not.toBe(after.sources[0]!.id);
    const fresh = newPostIds(after);
    expect(fresh.size).toBe(20);
    expect(new Set(diff.posts.added.map((p) => p.id))).toEqual(fresh);
    expect(diff.posts.removed).toEqual([]);
    expect(diff.posts.changed).toEqual([]);
    expect(diff.sources.changed).toEqual([
      expect.objectContaining({ match: "key", old: expect.objectContaining({ name: "thread.jsonl" }) }),
    ]);
    expect(diff.matching.text).toBeGreaterThanOrEqual(BEFORE);
  });

  it("names every argument part of the new posts, and no part of an old post as new", () => {
    const fresh = newPostIds(after);
    const unitPost = new Map(after.units.map((u) => [u.id, u.postId]));
    const expected = new Set<string>();
    const addedArguments = new Set(diff.arguments.added.map((a) => a.id));
    for (const a of after.arguments) {
      if (addedArguments.has(a.id)) continue; // named by its thesis
      const parts = [
        ...a.claims.flatMap((c) => [c.unitId, ...c.evidence]),
        ...a.objections.flatMap((o) => [o.unitId, ...o.rebuttals]),
      ];
      for (const id of parts) if (fresh.has(unitPost.get(id)!)) expected.add(id);
    }
    const named = [
      ...diff.claims.flatMap((c) => [c.unit, ...c.evidence]),
      ...diff.objections.added.flatMap((o) => [o.objection, ...o.rebuttals]),
      ...diff.objections.answered.flatMap((o) => o.rebuttals),
    ].map((u) => u.id);
    expect(expected.size).toBeGreaterThan(5);
    expect(new Set(named.filter((id) => fresh.has(unitPost.get(id)!)))).toEqual(expected);
    // A new argument is a new post's, or a position an old post became because new posts reply
    // below it (its sub-debate grew).
    const parentOf = new Map(after.sources.flatMap((src) => src.posts.map((p) => [p.id, p.parentId])));
    const below = (post: string, top: string): boolean => {
      for (let at = parentOf.get(post); at !== undefined; at = parentOf.get(at)) if (at === top) return true;
      return false;
    };
    for (const a of diff.arguments.added) {
      const grew = [...fresh].some((post) => below(post, a.thesis.postId));
      expect(fresh.has(a.thesis.postId) || grew, a.thesis.text).toBe(true);
    }
  });

  it("names the key points the new posts joined, with their authors before and after", () => {
    const fresh = newPostIds(after);
    const oldIds = new Set(before.keyPoints.map((k) => k.id));
    const grew = new Map(diff.keyPoints.grew.map((k) => [k.id, k]));
    const appeared = new Set(diff.keyPoints.appeared.map((k) => k.id));
    let joined = 0;
    for (const k of after.keyPoints) {
      const freshUnits = k.unitIds.filter((id) => fresh.has(after.units.find((u) => u.id === id)!.postId));
      if (freshUnits.length === 0) continue;
      if (!oldIds.has(k.id)) {
        expect(appeared.has(k.id) || grew.has(k.id)).toBe(true);
        continue;
      }
      joined++;
      const change = grew.get(k.id);
      expect(change, k.text).toBeDefined();
      expect(change!.newQuotes.map((u) => u.id).sort()).toEqual([...freshUnits].sort());
      expect(change!.authorsBefore).toBe(before.keyPoints.find((o) => o.id === k.id)!.authorCount);
      expect(change!.authorsAfter).toBe(k.authorCount);
    }
    expect(joined).toBeGreaterThan(0);
    const newAuthors = new Set(after.sources[0]!.posts.filter((p) => fresh.has(p.id)).map((p) => p.author));
    for (const k of diff.keyPoints.grew) for (const a of k.newAuthors) expect(newAuthors.has(a)).toBe(true);
  });

  it("names the objections of the old map that new posts answered, and says which got their first answer", () => {
    const fresh = newPostIds(after);
    const unitPost = new Map(after.units.map((u) => [u.id, u.postId]));
    const oldObjectionTexts = new Set(
      before.arguments.flatMap((a) =>
        a.objections.map((o) => before.units.find((u) => u.id === o.unitId)!.text),
      ),
    );
    const answered = new Map(diff.objections.answered.map((o) => [o.objection.text, o]));
    let checked = 0;
    for (const a of after.arguments)
      for (const o of a.objections) {
        const text = after.units.find((u) => u.id === o.unitId)!.text;
        const freshRebuttals = o.rebuttals.filter((r) => fresh.has(unitPost.get(r)!));
        if (!oldObjectionTexts.has(text) || freshRebuttals.length === 0) continue;
        checked++;
        expect(
          answered
            .get(text)
            ?.rebuttals.map((r) => r.id)
            .sort(),
        ).toEqual(freshRebuttals.sort());
      }
    expect(checked).toBeGreaterThan(0);
    for (const o of diff.objections.answered) {
      const prior = before.arguments
        .flatMap((a) => a.objections)
        .find((x) => before.units.find((u) => u.id === x.unitId)!.text === o.objection.text);
      expect(o.first).toBe(prior!.rebuttals.length === 0);
    }
  });

  it("prints a digest that names the new material and validates as JSON against the committed schema", () => {
    const cards = renderDiff(diff, "cards");
    expect(cards).toMatch(/^Since before: 20 new posts by \d+ authors, 0 edited, 0 removed/);
    expect(cards).toContain("Objections answered");
    for (const k of diff.keyPoints.grew)
      expect(cards).toContain(`${k.authorsBefore} → ${k.authorsAfter} authors`);
    const committed = JSON.parse(
      readFileSync(new URL("../../schema/argmap-diff.schema.json", import.meta.url), "utf8"),
    ) as Record<string, unknown>;
    expect(committed).toEqual(diffJsonSchema());
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(committed);
    const json = JSON.parse(renderDiff(diff, "json")) as unknown;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(json as object), version: "0.9.0" })).toBe(false);
  });
});

describe("diff of edited and unchanged maps", () => {
  it("matches an edited post as changed, not as dropped plus added", async () => {
    const edited = thread
      .slice(0, BEFORE)
      .map((l) =>
        l.replace("saves millions in rent every year", "saves a great deal of money on rent each year"),
      );
    const d = await diffMaps(before, await mapOf(edited, before), { scorer: engine.keyPointScorer!() });
    expect(d.posts.added).toEqual([]);
    expect(d.posts.removed).toEqual([]);
    expect(d.posts.changed).toHaveLength(1);
    expect(d.posts.changed[0]).toMatchObject({ match: "same-as", new: { author: "ingrid" } });
    expect(d.posts.changed[0]!.new.text).toContain("a great deal of money");
    expect(d.arguments.added).toEqual([]);
    expect(d.arguments.dropped).toEqual([]);
  });

  it("adds and drops a post whose words all changed", async () => {
    const rewritten = thread
      .slice(0, BEFORE)
      .map((l) =>
        l.includes('"id":"c7"')
          ? l.replace(/"text":"[^"]*"/, '"text":"Bicycles beat trains for short trips."')
          : l,
      );
    const d = await diffMaps(before, await mapOf(rewritten, before), { scorer: engine.keyPointScorer!() });
    expect(d.posts.changed).toEqual([]);
    expect(d.posts.added.map((p) => p.text)).toEqual(["Bicycles beat trains for short trips."]);
    expect(d.posts.removed.map((p) => p.author)).toEqual(["dana"]);
  });

  it("finds nothing when a map is compared with itself", async () => {
    const d = await diffMaps(after, after, { scorer: engine.keyPointScorer!() });
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.matching.id).toBe(after.sources[0]!.posts.length + after.units.length + after.keyPoints.length);
    expect(renderDiff(d, "cards")).toContain("Nothing changed.");
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("escapes source text in the Markdown digest", async () => {
    const hostile = [
      ...thread.slice(0, BEFORE),
      thread[BEFORE]!.replace("Juniors learn", "[click](http://x) <b>Juniors</b> learn"),
    ];
    const d = await diffMaps(before, await mapOf(hostile, before), { scorer: engine.keyPointScorer!() });
    const md = renderDiff(d, "md");
    expect(md).toMatch(/^# Since old: 1 new post by 1 author/);
    expect(md).not.toContain("[click](");
    expect(md).not.toContain("<b>");
  });
});
