/**
 * What only the PostgreSQL store has: its schema table and migrations, databases that are not
 * usable corpora, unreachable servers, locks held by another session, and the translation of the
 * query language to tsquery. The behaviour every store shares is `../contract.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgmapError } from "../../model/index.js";
import { databaseUrl, pgQuery, STORE_TARGETS } from "../../../test/store/targets.js";
import { generatedPosts, SYNTHETIC_RUN, syntheticAnalysis } from "../../../test/store/synthetic.js";
import { freePort } from "../../../test/support/services.js";
import { openCorpus } from "../index.js";
import { parseSearchQuery } from "../query.js";
import { lockKeys } from "./connection.js";
import { openPostgresStore, PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./index.js";
import { foldDiacritics, toTsQueryText } from "./search.js";

const target = STORE_TARGETS.find((t) => t.name === "postgres")!;

async function refusal(fn: () => Promise<unknown>, code: string): Promise<ArgmapError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgmapError);
    expect((error as ArgmapError).code).toBe(code);
    expect((error as ArgmapError).isUserError).toBe(true);
    return error as ArgmapError;
  }
  throw new Error(`expected an ArgmapError ${code}, nothing was thrown`);
}

describe("the query language as tsquery", () => {
  it("joins clauses with &, alternatives with |, phrases with <->, prefixes with :*", () => {
    expect(toTsQueryText(parseSearchQuery('nuclear "base load" OR renew* -coal -"fossil fuel"')!)).toBe(
      "'nuclear' & (('base' <-> 'load') | 'renew':*) & !'coal' & !('fossil' <-> 'fuel')",
    );
  });

  it("folds diacritics and keeps only words, so no input can close a quote", () => {
    expect(toTsQueryText(parseSearchQuery("Crème' & brûlée*\\:")!)).toBe("'creme' & 'brulee':*");
    expect(foldDiacritics("Ångström café")).toBe("Angstrom cafe");
    expect(foldDiacritics("plain text")).toBe("plain text");
  });
});

describe.skipIf(target.missing)("the PostgreSQL store", () => {
  beforeAll(() => target.start(), 60_000);
  afterAll(() => target.stop());

  it("records its schema version in argmap_schema and opens a migrated database without migrating again", async () => {
    const url = await target.fresh();
    const store = await openPostgresStore(url);
    expect(store.schemaVersion).toBe(PG_SCHEMA_VERSION);
    await store.close();
    await (await openPostgresStore(url)).close();
    const rows = await pgQuery<{ version: number }>(
      url,
      "SELECT version FROM argmap_schema ORDER BY version",
    );
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it("runs each pending migration once, in order, and rolls a failing one back entirely", async () => {
    const url = await target.fresh();
    const steps = [
      { version: 1, description: "a", sql: "CREATE TABLE a (x int)" },
      { version: 2, description: "b", sql: "CREATE TABLE b (x int); INSERT INTO a VALUES (2)" },
      { version: 3, description: "c", sql: "INSERT INTO a VALUES (3)" },
    ];
    await (await openPostgresStore(url, { migrations: steps.slice(0, 1) })).close();
    await (await openPostgresStore(url, { migrations: steps })).close();
    await (await openPostgresStore(url, { migrations: steps })).close();
    expect(await pgQuery(url, "SELECT x FROM a ORDER BY x")).toEqual([{ x: 2 }, { x: 3 }]);
    const bad = {
      version: 4,
      description: "broken",
      sql: "CREATE TABLE d (x int); INSERT INTO nowhere VALUES (1)",
    };
    await expect(openPostgresStore(url, { migrations: [...steps, bad] })).rejects.toThrow(/nowhere/);
    expect(await pgQuery(url, "SELECT max(version) AS v FROM argmap_schema")).toEqual([{ v: 3 }]);
    expect(await pgQuery(url, "SELECT to_regclass('d') AS t")).toEqual([{ t: null }]);
  });

  it("migrates a new database once when several processes open it at the same moment", async () => {
    const url = await target.fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    for (const s of stores) await s.close();
    expect(await pgQuery(url, "SELECT count(*)::int AS n FROM argmap_schema")).toEqual([
      { n: PG_MIGRATIONS.length },
    ]);
  });

  it("refuses a corpus from a newer argmap and leaves it as it was", async () => {
    const url = await target.fresh();
    const store = await openPostgresStore(url);
    await store.putAnalysis(syntheticAnalysis("a.txt", generatedPosts(1, 2)), SYNTHETIC_RUN);
    await store.close();
    await pgQuery(url, "INSERT INTO argmap_schema VALUES ($1, 'future', 'later')", [PG_SCHEMA_VERSION + 1]);
    const error = await refusal(() => openCorpus(url), "STORE_TOO_NEW");
    expect(error.message).toContain(`v${PG_SCHEMA_VERSION + 1}`);
    expect(error.message).toMatch(/newer argmap/);
    await refusal(() => openCorpus(url, { readonly: true }), "STORE_TOO_NEW");
    expect(await pgQuery(url, "SELECT count(*)::int AS n FROM sources")).toEqual([{ n: 1 }]);
  });

  it("refuses a database whose tables collide with a corpus's, creating nothing", async () => {
    const url = await target.fresh();
    await pgQuery(url, "CREATE TABLE sources (customer text)");
    const error = await refusal(() => openCorpus(url), "STORE_UNREADABLE");
    expect(error.message).toMatch(/not an argmap corpus/);
    expect(await pgQuery(url, "SELECT to_regclass('argmap_schema') AS t, to_regclass('posts') AS p")).toEqual(
      [{ t: null, p: null }],
    );
  });

  it("reports a database without a corpus opened read-only instead of creating one", async () => {
    const url = await target.fresh();
    await refusal(() => openCorpus(url, { readonly: true }), "DATA_NOT_FOUND");
    expect(await pgQuery(url, "SELECT to_regclass('argmap_schema') AS t")).toEqual([{ t: null }]);
  });

  it("names an unreachable server or a missing database in one line, password redacted", async () => {
    const port = await freePort();
    const down = await refusal(
      () => openCorpus(`postgres://alice:s3cret@127.0.0.1:${port}/argmap`),
      "STORE_UNREACHABLE",
    );
    expect(down.message).toContain(`postgres://***@127.0.0.1:${port}/argmap`);
    expect(down.message).toMatch(/ECONNREFUSED/);
    const url = await target.fresh();
    const missing = await refusal(
      () => openCorpus(databaseUrl(url, "no_such_db").replace("postgres@", "postgres:hunter2@")),
      "STORE_UNREACHABLE",
    );
    expect(missing.message).toMatch(/no_such_db/);
    expect(missing.message).toMatch(/createdb/);
    for (const e of [down, missing]) {
      expect(e.message).not.toMatch(/s3cret|hunter2/);
      expect(e.input).not.toMatch(/s3cret|hunter2/);
      expect(e.message).not.toContain("\n");
    }
  });

  it("waits for another writer of the same source, then stores it; gives up with STORE_BUSY after its retries", async () => {
    const url = await target.fresh();
    const a = syntheticAnalysis("locked.txt", generatedPosts(3, 4));
    const other = await import("pg").then((pg) => new pg.default.Client({ connectionString: url }));
    await other.connect();
    try {
      await (await openPostgresStore(url)).close();
      // Another session holds the source's lock, as a concurrent `putAnalysis` would.
      await other.query("BEGIN");
      await lockKeys(other as never, [`source:${a.source.id}`]);
      const impatient = await openPostgresStore(url, { busyTimeoutMs: 50, retries: 1 });
      try {
        const error = await refusal(() => impatient.putAnalysis(a, SYNTHETIC_RUN), "STORE_BUSY");
        expect(error.message).toContain("locked by another writer");
        expect(await impatient.listSources()).toEqual([]);
      } finally {
        await impatient.close();
      }
      const patient = await openPostgresStore(url, { busyTimeoutMs: 5000 });
      try {
        setTimeout(() => void other.query("COMMIT"), 150);
        const t0 = Date.now();
        await patient.putAnalysis(a, SYNTHETIC_RUN);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
        expect((await patient.listSources()).map((s) => s.id)).toEqual([a.source.id]);
      } finally {
        await patient.close();
      }
    } finally {
      await other.end();
    }
  });
});
