import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgumentMap, KeyPoint } from "../model/index.js";
import { ArgmapError, MAP_FORMAT_VERSION } from "../model/index.js";
import { generatedPosts, SYNTHETIC_RUN, syntheticAnalysis } from "../../test/store/synthetic.js";
import { engineKeyOf } from "./port.js";
import { SCHEMA_VERSION } from "./migrations.js";
import type { SqliteStore } from "./sqlite.js";
import { openSqliteStore, toFtsQuery } from "./sqlite.js";

let dir: string;
let dbPath: string;
let store: SqliteStore | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-store-"));
  dbPath = path.join(dir, "corpus.db");
});
afterEach(() => {
  store?.close();
  store = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const thread = () =>
  syntheticAnalysis(
    "energy-thread.txt",
    [
      {
        author: "alice",
        sentences: ["Nuclear power is the safest source of energy.", "Deaths per terawatt hour are lowest."],
      },
      {
        author: "bob",
        sentences: ["Nuclear waste stays dangerous for millennia.", "Storage sites keep leaking."],
      },
      {
        author: "carol",
        sentences: ["Solar panels got ninety percent cheaper.", "Nuclear plants take decades to build."],
      },
    ],
    { uri: "file:///threads/energy-thread.txt" },
  );

function expectArgmapError(fn: () => unknown, code: string): ArgmapError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgmapError);
    expect((error as ArgmapError).code).toBe(code);
    return error as ArgmapError;
  }
  throw new Error(`expected an ArgmapError ${code}, nothing was thrown`);
}

describe("SqliteStore", () => {
  it("gives back exactly the analysis it stored", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    const b = syntheticAnalysis("other.txt", generatedPosts(7, 4));
    store.putAnalysis(a, SYNTHETIC_RUN);
    store.putAnalysis(b, SYNTHETIC_RUN);
    expect(store.loadAnalyses()).toEqual([a, b]);
  });

  it("keeps the data after closing and reopening the file", () => {
    store = openSqliteStore(dbPath);
    store.putAnalysis(thread(), SYNTHETIC_RUN);
    store.close();
    store = openSqliteStore(dbPath);
    expect(store.listSources().map((s) => [s.name, s.posts, s.segments, s.units, s.relations])).toEqual([
      ["energy-thread.txt", 3, 6, 6, 2],
    ]);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("knows a source it has analysed with the same engine key and no other", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    expect(store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(false);
    store.putAnalysis(a, SYNTHETIC_RUN);
    expect(store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(true);
    expect(store.hasSource(a.source.id, engineKeyOf({ ...SYNTHETIC_RUN, models: { units: "test-2" } }))).toBe(
      false,
    );
    expect(store.hasSource("0000000000000000", engineKeyOf(SYNTHETIC_RUN))).toBe(false);
  });

  it("replaces a changed source with the same uri, rows and search index included", () => {
    store = openSqliteStore(dbPath);
    const old = thread();
    store.putAnalysis(old, SYNTHETIC_RUN);
    const changed = syntheticAnalysis(
      "energy-thread.txt",
      [{ author: "dave", sentences: ["Geothermal heat is underrated."] }],
      {
        uri: "file:///threads/energy-thread.txt",
      },
    );
    const result = store.putAnalysis(changed, SYNTHETIC_RUN);
    expect(result.replaced).toEqual([old.source.id]);
    expect(store.listSources().map((s) => s.id)).toEqual([changed.source.id]);
    expect(store.getItem(old.source.posts[0]!.id)).toBeUndefined();
    expect(store.getItem(old.units[0]!.id)).toBeUndefined();
    expect(store.search("millennia")).toEqual([]);
    expect(store.search("geothermal").map((h) => h.sourceId)).toContain(changed.source.id);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });

  it("re-storing the same content under another engine key replaces it instead of duplicating", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
    const newer = { ...SYNTHETIC_RUN, engineVersion: "0.0.1-test" };
    store.putAnalysis(a, newer);
    expect(store.listSources()).toHaveLength(1);
    expect(store.hasSource(a.source.id, engineKeyOf(newer))).toBe(true);
    expect(store.hasSource(a.source.id, engineKeyOf(SYNTHETIC_RUN))).toBe(false);
  });

  it("finds posts and argumentative units by words, ranked, with snippets and source spans", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
    store.putAnalysis(syntheticAnalysis("noise.txt", generatedPosts(3, 5)), SYNTHETIC_RUN);
    const hits = store.search("nuclear waste");
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
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeGreaterThanOrEqual(hits[i - 1]!.score);
    expect(new Set(hits.map((h) => h.type))).toEqual(new Set(["post", "unit"]));
    // Porter stemming: "leak" finds "leaking".
    expect(store.search("leak").length).toBeGreaterThan(0);
  });

  it("never lets query syntax through: quotes, operators and punctuation are plain words", () => {
    store = openSqliteStore(dbPath);
    store.putAnalysis(thread(), SYNTHETIC_RUN);
    expect(toFtsQuery('nuclear" OR -(waste*')).toBe('"nuclear" "OR" "waste"');
    expect(() => store!.search('"unbalanced AND (')).not.toThrow();
    expect(store.search("?!")).toEqual([]);
  });

  it("filters hits by source, author and unit kind", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
    const other = syntheticAnalysis("other.txt", [
      { author: "erin", sentences: ["Nuclear fusion is always twenty years away."] },
    ]);
    store.putAnalysis(other, SYNTHETIC_RUN);
    expect(new Set(store.search("nuclear").map((h) => h.sourceId))).toEqual(
      new Set([a.source.id, other.source.id]),
    );
    expect(new Set(store.search("nuclear", { source: "other.txt" }).map((h) => h.sourceId))).toEqual(
      new Set([other.source.id]),
    );
    const bobs = store.search("nuclear", { author: "bob" });
    expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.every((h) => h.author === "bob")).toBe(true);
    const claims = store.search("nuclear", { kind: "claim" });
    expect(claims.length).toBeGreaterThan(0);
    for (const h of claims) {
      expect(h.type).toBe("unit");
      expect(h.unitKind).toBe("claim");
      expect(a.units.concat(other.units).find((u) => u.id === h.id)?.kind).toBe("claim");
    }
    const posts = store.search("nuclear", { kind: "post" });
    expect(posts.every((h) => h.type === "post")).toBe(true);
    expect(store.search("nuclear", { limit: 2 })).toHaveLength(2);
  });

  it("removes a source by name with everything derived from it", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
    store.putAnalysis(syntheticAnalysis("keep.txt", generatedPosts(1, 2)), SYNTHETIC_RUN);
    expect(store.removeSource("energy-thread.txt")).toBe(1);
    expect(store.listSources().map((s) => s.name)).toEqual(["keep.txt"]);
    expect(store.search("millennia")).toEqual([]);
    expect(store.search("terawatt")).toEqual([]);
    expect(store.getItem(a.segments[0]!.id)).toBeUndefined();
    expect(store.removeSource("energy-thread.txt")).toBe(0);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });

  it("looks up sources, posts, segments, units and relations by id", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
    const src = store.getItem(a.source.id);
    expect(src?.type === "source" && src.source.posts).toBe(3);
    const post = store.getItem(a.source.posts[1]!.id);
    expect(post?.type === "post" && post.item).toEqual(a.source.posts[1]);
    expect(post?.type === "post" && post.text).toBe(
      "Nuclear waste stays dangerous for millennia. Storage sites keep leaking.",
    );
    expect(store.getItem(a.segments[3]!.id)).toEqual({
      type: "segment",
      sourceId: a.source.id,
      item: a.segments[3],
    });
    expect(store.getItem(a.units[2]!.id)).toEqual({ type: "unit", sourceId: a.source.id, item: a.units[2] });
    expect(store.getItem(a.relations[0]!.id)).toEqual({
      type: "relation",
      sourceId: a.source.id,
      item: a.relations[0],
    });
    expect(store.getItem("nope")).toBeUndefined();
  });

  it("loads only the sources a filter asks for", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    const b = syntheticAnalysis("b.txt", [{ sentences: ["Wind turbines kill fewer birds than cats do."] }]);
    store.putAnalysis(a, SYNTHETIC_RUN);
    store.putAnalysis(b, SYNTHETIC_RUN);
    expect(store.loadAnalyses({ sourceIds: ["b.txt"] }).map((x) => x.source.id)).toEqual([b.source.id]);
    expect(store.loadAnalyses({ sourceIds: [a.source.id] }).map((x) => x.source.id)).toEqual([a.source.id]);
    expect(store.loadAnalyses({ query: "turbines birds" }).map((x) => x.source.id)).toEqual([b.source.id]);
    expect(store.loadAnalyses({ query: "nuclear" }).map((x) => x.source.id)).toEqual([a.source.id]);
  });

  it("stores maps and searches the key points of the latest one", () => {
    store = openSqliteStore(dbPath);
    const a = thread();
    store.putAnalysis(a, SYNTHETIC_RUN);
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
    const id1 = store.putMap(first, SYNTHETIC_RUN);
    const id2 = store.putMap(second, SYNTHETIC_RUN, { name: "energy" });
    expect(store.getMap(id1)).toEqual(first);
    expect(store.getMap()).toEqual(second);
    expect(store.getMap("energy")).toEqual(second);
    expect(store.listMaps().map((m) => [m.id, m.keyPoints])).toEqual([
      [id1, 1],
      [id2, 2],
    ]);
    expect(store.search("reactors expensive")).toEqual([]);
    const con = store.search("nuclear", { stance: "con" });
    expect(con.map((h) => [h.type, h.id, h.stance, h.mapId])).toEqual([
      ["key-point", "kp-waste", "con", id2],
    ]);
    expect(
      store
        .search("nuclear", { kind: "key-point" })
        .map((h) => h.id)
        .sort(),
    ).toEqual(["kp-safe", "kp-waste"]);
    const item = store.getItem("kp-safe");
    expect(item?.type === "key-point" && item.item.text).toBe("Nuclear power is safe");
  });

  it("refuses to remove by a name several sources share, removing nothing", () => {
    store = openSqliteStore(dbPath);
    store.putAnalysis(
      syntheticAnalysis("same.txt", generatedPosts(1, 1), { uri: "file:///a/same.txt" }),
      SYNTHETIC_RUN,
    );
    store.putAnalysis(
      syntheticAnalysis("same.txt", generatedPosts(2, 1), { uri: "file:///b/same.txt" }),
      SYNTHETIC_RUN,
    );
    expectArgmapError(() => store!.removeSource("same.txt"), "USAGE");
    expect(store.listSources()).toHaveLength(2);
    expect(store.removeSource("file:///a/same.txt")).toBe(1);
  });
});

describe("opening files that are not usable corpora", () => {
  it("refuses a corpus from a newer argmap and leaves it as it was", () => {
    const db = new Database(dbPath);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec("CREATE TABLE future (x)");
    db.close();
    const before = fs.readFileSync(dbPath);
    const error = expectArgmapError(() => openSqliteStore(dbPath), "STORE_TOO_NEW");
    expect(error.message).toContain(`v${SCHEMA_VERSION + 1}`);
    expect(error.message).toMatch(/newer argmap/);
    expect(error.isUserError).toBe(true);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("refuses a text file and never changes its bytes", () => {
    fs.writeFileSync(dbPath, "Nuclear power is safe.\n".repeat(20));
    const before = fs.readFileSync(dbPath);
    const error = expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/not a SQLite database/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["corpus.db"]);
  });

  it("refuses a corrupt corpus and never changes its bytes", () => {
    store = openSqliteStore(dbPath);
    for (let i = 0; i < 30; i++)
      store.putAnalysis(syntheticAnalysis(`s${i}.txt`, generatedPosts(i, 5)), SYNTHETIC_RUN);
    store.close();
    store = undefined;
    const bytes = fs.readFileSync(dbPath);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(pageSize * 8);
    // Scribble over every page but the first (header and schema stay readable).
    for (let i = pageSize; i < bytes.length; i += 7) bytes[i] = (i * 31) & 0xff;
    fs.writeFileSync(dbPath, bytes);
    const error = expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/corrupt|cannot read/);
    expect(fs.readFileSync(dbPath).equals(bytes)).toBe(true);
  });

  it("refuses a SQLite database that is not an argmap corpus", () => {
    const db = new Database(dbPath);
    db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('x')");
    db.close();
    const before = fs.readFileSync(dbPath);
    const error = expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/not an argmap corpus/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("refuses a directory", () => {
    expectArgmapError(() => openSqliteStore(dir), "STORE_UNREADABLE");
  });

  it("reports a missing corpus opened read-only instead of creating it", () => {
    expectArgmapError(() => openSqliteStore(dbPath, { readonly: true }), "DATA_NOT_FOUND");
    expect(fs.existsSync(dbPath)).toBe(false);
  });
});

describe("a disk that refuses writes", () => {
  it("reports a full disk as a clear STORE_UNWRITABLE error and keeps what was stored before", () => {
    const a = thread();
    store = openSqliteStore(dbPath);
    store.putAnalysis(a, SYNTHETIC_RUN);
    store.close();
    // No room to grow (SQLite clamps the cap to the current size): the next source cannot fit.
    store = openSqliteStore(dbPath, { maxPageCount: 1 });
    const big = syntheticAnalysis("big.txt", generatedPosts(400, 6));
    const error = expectArgmapError(() => store!.putAnalysis(big, SYNTHETIC_RUN), "STORE_UNWRITABLE");
    expect(error.isUserError).toBe(true);
    expect(error.message).toContain(dbPath);
    expect(error.message).toContain("full");
    expect(error.message).toContain("intact");
    store.close();
    store = openSqliteStore(dbPath);
    expect(store.loadAnalyses()).toEqual([a]);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });
});
