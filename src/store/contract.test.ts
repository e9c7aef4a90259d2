/**
 * The behavioural contract of the corpus store port (`./port.ts`), run against every store:
 * SQLite and PostgreSQL (one suite, two targets from `test/store/targets.ts`; PostgreSQL is a
 * throwaway server for this file, a new database per test, skipped where it is not installed).
 * What only one store has (file checks, WAL, disk limits; schema tables) is tested beside it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ArgumentMap, KeyPoint } from "../model/index.js";
import { ArgmapError, MAP_FORMAT_VERSION } from "../model/index.js";
import {
  energyThread,
  generatedPosts,
  SYNTHETIC_RUN,
  syntheticAnalysis,
} from "../../test/store/synthetic.js";
import { errorOf } from "../../test/helpers.js";
import { STORE_TARGETS } from "../../test/store/targets.js";
import type { CorpusStore } from "./index.js";
import { engineKeyOf } from "./index.js";

const thread = energyThread;

/** The ArgmapError `fn` rejects with, checked to carry `code`. */
async function expectArgmapError(fn: () => Promise<unknown>, code: string): Promise<ArgmapError> {
  const error = await errorOf(fn());
  expect(error.code).toBe(code);
  return error;
}

describe.each(STORE_TARGETS)("the $name store", (target) => {
  let corpus: string;
  let store: CorpusStore | undefined;
  const open = () => target.open(corpus);

  beforeAll(async () => {
    if (!target.missing) await target.start();
  }, 60_000);
  afterAll(() => target.stop());
  beforeEach(async (ctx) => {
    if (target.missing) return ctx.skip();
    corpus = await target.fresh();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  describe("stores, replaces, finds and removes", () => {
    it("gives back exactly the analysis it stored", async () => {
      store = await open();
      const a = thread();
      const b = syntheticAnalysis("other.txt", generatedPosts(7, 4));
      await store.putAnalysis(a, SYNTHETIC_RUN);
      await store.putAnalysis(b, SYNTHETIC_RUN);
      expect(await store.loadAnalyses()).toEqual([a, b]);
    });

    it("keeps the data after closing and reopening the file", async () => {
      store = await open();
      await store.putAnalysis(thread(), SYNTHETIC_RUN);
      await store.close();
      store = await open();
      expect(
        (await store.listSources()).map((s) => [s.name, s.posts, s.segments, s.units, s.relations]),
      ).toEqual([["energy-thread.txt", 3, 6, 6, 2]]);
    });

    it("knows a source it has analysed with the same engine key and no other", async () => {
      store = await open();
      const a = thread();
      expect(await store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(false);
      await store.putAnalysis(a, SYNTHETIC_RUN);
      expect(await store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(true);
      expect(
        await store.hasSource(a.source.id, engineKeyOf({ ...SYNTHETIC_RUN, models: { units: "test-2" } })),
      ).toBe(false);
      expect(await store.hasSource("0000000000000000", engineKeyOf(SYNTHETIC_RUN))).toBe(false);
    });

    it("replaces a changed source with the same uri, rows and search index included", async () => {
      store = await open();
      const old = thread();
      await store.putAnalysis(old, SYNTHETIC_RUN);
      const changed = syntheticAnalysis(
        "energy-thread.txt",
        [{ author: "dave", sentences: ["Geothermal heat is underrated."] }],
        {
          uri: "file:///threads/energy-thread.txt",
        },
      );
      const result = await store.putAnalysis(changed, SYNTHETIC_RUN);
      expect(result.replaced).toEqual([old.source.id]);
      expect((await store.listSources()).map((s) => s.id)).toEqual([changed.source.id]);
      expect(await store.getItem(old.source.posts[0]!.id)).toBeUndefined();
      expect(await store.getItem(old.units[0]!.id)).toBeUndefined();
      expect(await store.search("millennia")).toEqual([]);
      expect((await store.search("geothermal")).map((h) => h.sourceId)).toContain(changed.source.id);
      expect((await target.inspect(corpus)).stray).toBe(0);
    });

    it("re-storing the same content under another engine key replaces it instead of duplicating", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      const newer = { ...SYNTHETIC_RUN, engineVersion: "0.0.1-test" };
      await store.putAnalysis(a, newer);
      expect(await store.listSources()).toHaveLength(1);
      expect(await store.hasSource(a.source.id, engineKeyOf(newer))).toBe(true);
      expect(await store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(false);
    });

    it("finds posts and argumentative units by words, ranked, with snippets and source spans", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      await store.putAnalysis(syntheticAnalysis("noise.txt", generatedPosts(3, 5)), SYNTHETIC_RUN);
      const hits = await store.search("nuclear waste");
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) {
        const source = a.source;
        expect(h.sourceId).toBe(source.id);
        expect(h.sourceName).toBe("energy-thread.txt");
        const cited = source.text.slice(h.span[0], h.span[1]).toLowerCase();
        expect(cited).toContain("nuclear");
        expect(cited).toContain("waste");
        expect(h.snippet).toMatch(/\[nuclear\]/i);
      }
      // Best match first: the port's score is higher-is-better.
      for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      expect(new Set(hits.map((h) => h.type))).toEqual(new Set(["post", "unit"]));
      // Porter stemming: "leak" finds "leaking".
      expect((await store.search("leak")).length).toBeGreaterThan(0);
    });

    it("filters hits by source, author and unit kind", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      const other = syntheticAnalysis("other.txt", [
        { author: "erin", sentences: ["Nuclear fusion is always twenty years away."] },
      ]);
      await store.putAnalysis(other, SYNTHETIC_RUN);
      expect(new Set((await store.search("nuclear")).map((h) => h.sourceId))).toEqual(
        new Set([a.source.id, other.source.id]),
      );
      expect(
        new Set((await store.search("nuclear", { source: "other.txt" })).map((h) => h.sourceId)),
      ).toEqual(new Set([other.source.id]));
      const bobs = await store.search("nuclear", { author: "bob" });
      expect(bobs.length).toBeGreaterThan(0);
      expect(bobs.every((h) => h.author === "bob")).toBe(true);
      const claims = await store.search("nuclear", { kind: "claim" });
      expect(claims.length).toBeGreaterThan(0);
      for (const h of claims) {
        expect(h.type).toBe("unit");
        expect(h.unitKind).toBe("claim");
        expect(a.units.concat(other.units).find((u) => u.id === h.id)?.kind).toBe("claim");
      }
      const posts = await store.search("nuclear", { kind: "post" });
      expect(posts.every((h) => h.type === "post")).toBe(true);
      expect(await store.search("nuclear", { limit: 2 })).toHaveLength(2);
    });

    it("removes a source by name with everything derived from it", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      await store.putAnalysis(syntheticAnalysis("keep.txt", generatedPosts(1, 2)), SYNTHETIC_RUN);
      expect(await store.removeSource("energy-thread.txt")).toBe(1);
      expect((await store.listSources()).map((s) => s.name)).toEqual(["keep.txt"]);
      expect(await store.search("millennia")).toEqual([]);
      expect(await store.search("terawatt")).toEqual([]);
      expect(await store.getItem(a.segments[0]!.id)).toBeUndefined();
      expect(await store.removeSource("energy-thread.txt")).toBe(0);
      expect((await target.inspect(corpus)).stray).toBe(0);
    });

    it("looks up sources, posts, segments, units and relations by id", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      const src = await store.getItem(a.source.id);
      expect(src?.type === "source" && src.source.posts).toBe(3);
      const post = await store.getItem(a.source.posts[1]!.id);
      expect(post?.type === "post" && post.item).toEqual(a.source.posts[1]);
      expect(post?.type === "post" && post.text).toBe(
        "Nuclear waste stays dangerous for millennia. Storage sites keep leaking.",
      );
      expect(await store.getItem(a.segments[3]!.id)).toEqual({
        type: "segment",
        sourceId: a.source.id,
        item: a.segments[3],
      });
      expect(await store.getItem(a.units[2]!.id)).toEqual({
        type: "unit",
        sourceId: a.source.id,
        item: a.units[2],
      });
      expect(await store.getItem(a.relations[0]!.id)).toEqual({
        type: "relation",
        sourceId: a.source.id,
        item: a.relations[0],
      });
      expect(await store.getItem("nope")).toBeUndefined();
    });

    it("loads only the sources a filter asks for", async () => {
      store = await open();
      const a = thread();
      const b = syntheticAnalysis("b.txt", [{ sentences: ["Wind turbines kill fewer birds than cats do."] }]);
      await store.putAnalysis(a, SYNTHETIC_RUN);
      await store.putAnalysis(b, SYNTHETIC_RUN);
      expect((await store.loadAnalyses({ sourceIds: ["b.txt"] })).map((x) => x.source.id)).toEqual([
        b.source.id,
      ]);
      expect((await store.loadAnalyses({ sourceIds: [a.source.id] })).map((x) => x.source.id)).toEqual([
        a.source.id,
      ]);
      expect((await store.loadAnalyses({ query: "turbines birds" })).map((x) => x.source.id)).toEqual([
        b.source.id,
      ]);
      expect((await store.loadAnalyses({ query: "nuclear" })).map((x) => x.source.id)).toEqual([a.source.id]);
    });

    it("stores maps and searches the key points of the latest one", async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      const kp = (id: string, text: string, stance: KeyPoint["stance"]): KeyPoint => ({
        id,
        text,
        sourceId: a.source.id,
        span: a.units[0]!.span,
        unitIds: [a.units[0]!.id],
        authorCount: 1,
        postCount: 1,
        coverage: 0.5,
        stance,
        quotes: [],
        by: { stage: "cluster", version: "1", engine: "classic" },
      });
      const map = (keyPoints: KeyPoint[]): ArgumentMap => ({
        format: "argmap",
        version: MAP_FORMAT_VERSION,
        engine: { name: "classic", version: "0", models: {} },
        sources: [a.source],
        segments: a.segments,
        units: a.units,
        relations: a.relations,
        keyPoints,
        arguments: [],
        diagnostics: [],
      });
      const first = map([kp("kp-old", "Reactors are expensive", "con")]);
      const second = map([
        kp("kp-safe", "Nuclear power is safe", "pro"),
        kp("kp-waste", "Nuclear waste is a burden", "con"),
      ]);
      const id1 = await store.putMap(first, SYNTHETIC_RUN);
      const id2 = await store.putMap(second, SYNTHETIC_RUN, { name: "energy" });
      expect(await store.getMap(id1)).toEqual(first);
      expect(await store.getMap()).toEqual(second);
      expect(await store.getMap("energy")).toEqual(second);
      expect((await store.listMaps()).map((m) => [m.id, m.keyPoints])).toEqual([
        [id1, 1],
        [id2, 2],
      ]);
      expect(await store.search("reactors expensive")).toEqual([]);
      const con = await store.search("nuclear", { stance: "con" });
      expect(con.map((h) => [h.type, h.id, h.stance, h.mapId])).toEqual([
        ["key-point", "kp-waste", "con", id2],
      ]);
      expect((await store.search("nuclear", { kind: "key-point" })).map((h) => h.id).sort()).toEqual([
        "kp-safe",
        "kp-waste",
      ]);
      const item = await store.getItem("kp-safe");
      expect(item?.type === "key-point" && item.item.text).toBe("Nuclear power is safe");
    });

    it("keeps the maps a named map replaced as its history, newest kept, only the latest searched", async () => {
      store = await open();
      const a = thread();
      const point = (id: string, text: string): KeyPoint => ({
        id,
        text,
        sourceId: a.source.id,
        span: [0, 1],
        unitIds: [],
        authorCount: 1,
        postCount: 1,
        coverage: 0,
        stance: "pro",
        quotes: [],
        by: { stage: "cluster", version: "1", engine: "classic" },
      });
      const map = (n: number): ArgumentMap => ({
        format: "argmap",
        version: MAP_FORMAT_VERSION,
        engine: { name: "classic", version: String(n), models: {} },
        sources: [a.source],
        segments: [],
        units: [],
        relations: [],
        keyPoints: [point(`kp-${n}`, `Turbine number${n} hums`)],
        arguments: [],
        diagnostics: [],
      });
      const ids: number[] = [];
      for (let n = 1; n <= 4; n++)
        ids.push(await store.putMap(map(n), SYNTHETIC_RUN, { name: "corpus", keepHistory: 2 }));
      const listed = await store.listMaps();
      expect(listed.map((m) => [m.id, m.name, m.historyOf, m.keyPoints])).toEqual([
        [ids[1], undefined, "corpus", 0],
        [ids[2], undefined, "corpus", 0],
        [ids[3], "corpus", undefined, 1],
      ]);
      expect(await store.getMap(ids[1])).toEqual(map(2));
      expect(await store.getMap(ids[0])).toBeUndefined();
      expect(await store.getMap("corpus")).toEqual(map(4));
      expect((await store.search("turbine")).map((h) => h.id)).toEqual(["kp-4"]);
      // Without keepHistory a named map is replaced outright, its history with it.
      await store.putMap(map(5), SYNTHETIC_RUN, { name: "corpus" });
      expect((await store.listMaps()).map((m) => m.historyOf ?? m.name)).toEqual(["corpus"]);
    });

    it("stores each source once when several clients add the same and different sources at once", async () => {
      const stores = await Promise.all([open(), open(), open(), open()]);
      try {
        const shared = Array.from({ length: 6 }, (_, i) =>
          syntheticAnalysis(`shared-${i}.txt`, generatedPosts(i, 5)),
        );
        const own = (k: number) =>
          Array.from({ length: 4 }, (_, i) =>
            syntheticAnalysis(`own-${k}-${i}.txt`, generatedPosts(100 + k * 10 + i, 3)),
          );
        // Every client adds all shared sources (in its own order) and four of its own.
        await Promise.all(
          stores.map(async (s, k) => {
            const order = k % 2 === 0 ? shared : [...shared].reverse();
            for (const a of [...order, ...own(k)]) await s.putAnalysis(a, SYNTHETIC_RUN);
          }),
        );
        store = await open();
        const listed = await store.listSources();
        expect(listed).toHaveLength(6 + 4 * 4);
        expect(new Set(listed.map((x) => x.name)).size).toBe(listed.length);
        for (const a of shared) {
          const stored = listed.find((x) => x.id === a.source.id);
          expect([stored?.posts, stored?.units]).toEqual([5, 15]);
        }
        expect((await store.loadAnalyses({ sourceIds: [shared[2]!.source.id] }))[0]).toEqual(shared[2]);
        const inspected = await target.inspect(corpus);
        expect(inspected.stray).toBe(0);
        expect(inspected.sources).toHaveLength(22);
      } finally {
        for (const s of stores) await s.close();
      }
    });

    it("refuses to remove by a name several sources share, removing nothing", async () => {
      store = await open();
      await store.putAnalysis(
        syntheticAnalysis("same.txt", generatedPosts(1, 1), { uri: "file:///a/same.txt" }),
        SYNTHETIC_RUN,
      );
      await store.putAnalysis(
        syntheticAnalysis("same.txt", generatedPosts(2, 1), { uri: "file:///b/same.txt" }),
        SYNTHETIC_RUN,
      );
      await expectArgmapError(() => store!.removeSource("same.txt"), "USAGE");
      expect(await store.listSources()).toHaveLength(2);
      expect(await store.removeSource("file:///a/same.txt")).toBe(1);
    });
  });

  describe("search follows the port's query language", () => {
    const texts = async () => {
      store = await open();
      const a = thread();
      await store.putAnalysis(a, SYNTHETIC_RUN);
      return a;
    };
    const ids = async (query: string) => (await store!.search(query, { kind: "post" })).map((h) => h.author);

    it("matches a phrase only with its words in order", async () => {
      await texts();
      expect(await ids('"nuclear waste"')).toEqual(["bob"]);
      expect(await ids('"waste nuclear"')).toEqual([]);
    });

    it("matches prefixes, alternatives and exclusions", async () => {
      await texts();
      expect(await ids("terawa*")).toEqual(["alice"]);
      expect(await ids("terawa")).toEqual([]);
      expect(new Set(await ids("millennia OR terawatt"))).toEqual(new Set(["alice", "bob"]));
      expect(new Set(await ids("nuclear"))).toEqual(new Set(["alice", "bob", "carol"]));
      expect(new Set(await ids("nuclear -waste -solar"))).toEqual(new Set(["alice"]));
      expect(await ids('nuclear -"waste stays"')).not.toContain("bob");
    });

    it("ranks the better match first with a higher score", async () => {
      store = await open();
      await store.putAnalysis(
        syntheticAnalysis("tides.txt", [
          {
            author: "weak",
            sentences: ["Tidal power is one option among many other options for a coastal grid."],
          },
          { author: "strong", sentences: ["Tidal tidal tidal power."] },
        ]),
        SYNTHETIC_RUN,
      );
      const hits = await store.search("tidal", { kind: "post" });
      expect(hits.map((h) => h.author)).toEqual(["strong", "weak"]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it("cuts a long snippet around the match and marks the matched words", async () => {
      store = await open();
      const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
      await store.putAnalysis(
        syntheticAnalysis("long.txt", [
          { sentences: [`${filler} geothermal heat is underrated ${filler}.`] },
        ]),
        SYNTHETIC_RUN,
      );
      const [hit] = await store.search("geothermal", { kind: "post" });
      expect(hit!.snippet).toContain("[geothermal]");
      expect(hit!.snippet.startsWith("…")).toBe(true);
      expect(hit!.snippet.endsWith("…")).toBe(true);
      expect(hit!.snippet.split(/\s+/).length).toBeLessThanOrEqual(20);
    });

    it("cuts every hit's snippet from that hit's own text, not from another match", async () => {
      store = await open();
      await store.putAnalysis(
        syntheticAnalysis("own.txt", [
          { author: "ann", sentences: ["The export ban backfired badly."] },
          { author: "ben", sentences: ["Nobody enforces an export ban."] },
          { author: "cai", sentences: ["Export bans rarely work for long."] },
        ]),
        SYNTHETIC_RUN,
      );
      const hits = await store.search("export ban");
      expect(hits.length).toBeGreaterThanOrEqual(3);
      for (const h of hits) {
        const plain = h.snippet.replace(/[[\]…]/g, "").trim();
        expect(h.text.replace(/\s+/g, " ")).toContain(plain);
      }
      const posts = hits.filter((h) => h.type === "post");
      expect(new Set(posts.map((h) => h.snippet)).size).toBe(posts.length);
    });

    it("ignores case and diacritics on both sides and marks the original words", async () => {
      store = await open();
      await store.putAnalysis(
        syntheticAnalysis("accents.txt", [
          { author: "zoe", sentences: ["The Café serves crème brûlée near the Ångström institute."] },
          { author: "yan", sentences: ["Plain cafe food is cheap."] },
        ]),
        SYNTHETIC_RUN,
      );
      expect(new Set(await ids("CAFE"))).toEqual(new Set(["zoe", "yan"]));
      expect(new Set(await ids("café"))).toEqual(new Set(["zoe", "yan"]));
      expect(await ids('"creme brulee"')).toEqual(["zoe"]);
      expect(await ids("angstr*")).toEqual(["zoe"]);
      const [hit] = await store.search('"crème brûlée"', { kind: "post" });
      // SQLite marks the phrase as one, PostgreSQL word by word.
      expect(hit!.snippet).toMatch(/\[crème\]? \[?brûlée\]/);
    });

    it("answers hostile queries with results or a clear user error, never an engine error", async () => {
      await texts();
      const hostile = [
        '"unbalanced AND (',
        'nuclear" OR -(waste*',
        "NEAR(nuclear waste, 2)",
        "NEAR(",
        "*",
        '"',
        '""',
        "text:nuclear",
        "body:waste",
        "nuclear AND NOT waste",
        "^nuclear",
        "nuclear + waste",
        "-",
        "--nuclear",
        "OR",
        "nuclear OR",
        "{text body}: nuclear",
        "nuclear\u0000waste",
        "'; DROP TABLE posts; --",
        "ŋüçléår ☢ 核",
        "nuclear ".repeat(64),
        "nuclear ".repeat(65),
        "x".repeat(5000),
      ];
      // Plus seeded random strings over the characters query engines treat as syntax.
      let seed = 7;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const alphabet = [
        '"',
        "*",
        "-",
        "(",
        ")",
        ":",
        "^",
        "+",
        " ",
        "OR ",
        "NEAR",
        "AND ",
        "nuclear",
        "waste",
        "{",
        "}",
        ",",
      ];
      for (let i = 0; i < 200; i++)
        hostile.push(
          Array.from(
            { length: 1 + Math.floor(rand() * 12) },
            () => alphabet[Math.floor(rand() * alphabet.length)],
          ).join(""),
        );
      let answered = 0;
      let refused = 0;
      for (const query of hostile) {
        try {
          const hits = await store!.search(query);
          expect(Array.isArray(hits)).toBe(true);
          answered++;
        } catch (error) {
          expect(error, query).toBeInstanceOf(ArgmapError);
          expect((error as ArgmapError).isUserError, query).toBe(true);
          refused++;
        }
        // The same language filters `map --db --query`.
        await store!.loadAnalyses({ query }).catch((error: unknown) => {
          expect((error as ArgmapError).isUserError, query).toBe(true);
        });
      }
      expect(answered).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(0);
      // Stray syntax around real terms keeps its plain meaning: an unmatched quote is ignored.
      expect(new Set(await ids('nuclear" -(waste*'))).toEqual(new Set(["alice", "carol"]));
      expect(await store!.search("?!")).toEqual([]);
    });
  });
});
