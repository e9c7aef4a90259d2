import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/store/sqlite/migrations.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { V1_DDL, V1_SAMPLE } from "./history/v1.js";
import { V2_DDL, V2_SAMPLE } from "./history/v2.js";
import { SYNTHETIC_RUN, syntheticAnalysis } from "./synthetic.js";

/** Every released schema version: its frozen DDL and sample rows. Add one entry per migration. */
const HISTORY: { version: number; ddl: string; sample: string }[] = [
  { version: 1, ddl: V1_DDL, sample: V1_SAMPLE },
  { version: 2, ddl: V2_DDL, sample: V2_SAMPLE },
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-migrate-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
      .all() as {
      type: string;
      name: string;
      sql: string;
    }[];
    return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, " ").trim()}`);
  } finally {
    db.close();
  }
}

async function freshSchema(): Promise<string[]> {
  const file = path.join(dir, "fresh.db");
  await (await openSqliteStore(file)).close();
  return schemaOf(file);
}

describe("corpus schema migrations", () => {
  it("are numbered 1, 2, 3, … with a frozen history entry for every released version", async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(HISTORY.map((h) => h.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it("creates the current schema in a new file", async () => {
    const file = path.join(dir, "new.db");
    const store = await openSqliteStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  for (const h of HISTORY) {
    it(`upgrades a v${h.version} file to the current schema and keeps its data`, async () => {
      const file = path.join(dir, `v${h.version}.db`);
      const db = new Database(file);
      db.exec(h.ddl);
      db.exec(h.sample);
      db.pragma(`user_version = ${h.version}`);
      db.close();

      const store = await openSqliteStore(file);
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      const [old] = await store.loadAnalyses();
      expect(old?.source.name).toBe("old.txt");
      expect(old?.segments[0]?.text).toBe("Tidal power is predictable.");
      expect(old?.units[0]?.kind).toBe("claim");
      expect((await store.search("predictable")).map((hit) => hit.id)).toContain("aaaaaaaaaaaaaaaa:p0.s0.u");
      // The upgraded file takes new writes like a fresh one.
      const added = syntheticAnalysis("new.txt", [{ sentences: ["Wave power is young."] }]);
      await store.putAnalysis(added, SYNTHETIC_RUN);
      expect((await store.listSources()).map((s) => s.name)).toEqual(["old.txt", "new.txt"]);
      expect(store.integrityCheck()).toEqual(["ok"]);
      await store.close();

      expect(schemaOf(file)).toEqual(await freshSchema());
    });
  }

  it("runs each pending migration once, in order, when opening an older file", async () => {
    const file = path.join(dir, "steps.db");
    const steps = [
      { version: 1, description: "a", sql: "CREATE TABLE a (x)" },
      { version: 2, description: "b", sql: "CREATE TABLE b (x); INSERT INTO a VALUES (2)" },
      { version: 3, description: "c", sql: "INSERT INTO a VALUES (3)" },
    ];
    await (await openSqliteStore(file, { migrations: steps.slice(0, 1) })).close();
    await (await openSqliteStore(file, { migrations: steps })).close();
    await (await openSqliteStore(file, { migrations: steps })).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(3);
    expect(db.prepare("SELECT x FROM a ORDER BY x").all()).toEqual([{ x: 2 }, { x: 3 }]);
    db.close();
  });

  it("leaves the file at its old version when a migration fails", async () => {
    const file = path.join(dir, "fail.db");
    const good = { version: 1, description: "a", sql: "CREATE TABLE a (x)" };
    await (await openSqliteStore(file, { migrations: [good] })).close();
    const bad = {
      version: 2,
      description: "broken",
      sql: "CREATE TABLE b (x); INSERT INTO nowhere VALUES (1)",
    };
    await expect(openSqliteStore(file, { migrations: [good, bad] })).rejects.toThrow(/nowhere/);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").all()).toEqual([]);
    db.close();
  });
});
