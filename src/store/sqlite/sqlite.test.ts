/**
 * What only the SQLite store has: files that are not corpora, a disk that refuses writes, the
 * file lock of another writer. The behaviour every store shares is `../contract.test.ts`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgmapError } from "../../model/index.js";
import {
  energyThread,
  generatedPosts,
  SYNTHETIC_RUN,
  syntheticAnalysis,
} from "../../../test/store/synthetic.js";
import { errorOf } from "../../../test/helpers.js";
import { SCHEMA_VERSION } from "./migrations.js";
import type { SqliteStore } from "./index.js";
import { openSqliteStore } from "./index.js";

let dir: string;
let dbPath: string;
let store: SqliteStore | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-store-"));
  dbPath = path.join(dir, "corpus.db");
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const thread = energyThread;

/** The ArgmapError `fn` rejects with, checked to carry `code`. */
async function expectArgmapError(fn: () => Promise<unknown>, code: string): Promise<ArgmapError> {
  const error = await errorOf(fn());
  expect(error.code).toBe(code);
  return error;
}

describe("opening files that are not usable corpora", () => {
  it("refuses a corpus from a newer argmap and leaves it as it was", async () => {
    const db = new Database(dbPath);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec("CREATE TABLE future (x)");
    db.close();
    const before = fs.readFileSync(dbPath);
    const error = await expectArgmapError(() => openSqliteStore(dbPath), "STORE_TOO_NEW");
    expect(error.message).toContain(`v${SCHEMA_VERSION + 1}`);
    expect(error.message).toMatch(/newer argmap/);
    expect(error.isUserError).toBe(true);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("refuses a text file and never changes its bytes", async () => {
    fs.writeFileSync(dbPath, "Nuclear power is safe.\n".repeat(20));
    const before = fs.readFileSync(dbPath);
    const error = await expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/not a SQLite database/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["corpus.db"]);
  });

  it("refuses a corrupt corpus and never changes its bytes", async () => {
    store = await openSqliteStore(dbPath);
    for (let i = 0; i < 30; i++)
      await store.putAnalysis(syntheticAnalysis(`s${i}.txt`, generatedPosts(i, 5)), SYNTHETIC_RUN);
    await store.close();
    store = undefined;
    const bytes = fs.readFileSync(dbPath);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length).toBeGreaterThan(pageSize * 8);
    // Scribble over every page but the first (header and schema stay readable).
    for (let i = pageSize; i < bytes.length; i += 7) bytes[i] = (i * 31) & 0xff;
    fs.writeFileSync(dbPath, bytes);
    const error = await expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/corrupt|cannot read/);
    expect(fs.readFileSync(dbPath).equals(bytes)).toBe(true);
  });

  it("refuses a SQLite database that is not an argmap corpus", async () => {
    const db = new Database(dbPath);
    db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('x')");
    db.close();
    const before = fs.readFileSync(dbPath);
    const error = await expectArgmapError(() => openSqliteStore(dbPath), "STORE_UNREADABLE");
    expect(error.message).toMatch(/not an argmap corpus/);
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("refuses a directory", async () => {
    await expectArgmapError(() => openSqliteStore(dir), "STORE_UNREADABLE");
  });

  it("reports a missing corpus opened read-only instead of creating it", async () => {
    await expectArgmapError(() => openSqliteStore(dbPath, { readonly: true }), "DATA_NOT_FOUND");
    expect(fs.existsSync(dbPath)).toBe(false);
  });
});

describe("a disk that refuses writes", () => {
  it("reports a full disk as a clear STORE_UNWRITABLE error and keeps what was stored before", async () => {
    const a = thread();
    store = await openSqliteStore(dbPath);
    await store.putAnalysis(a, SYNTHETIC_RUN);
    await store.close();
    // No room to grow (SQLite clamps the cap to the current size): the next source cannot fit.
    store = await openSqliteStore(dbPath, { maxPageCount: 1 });
    const big = syntheticAnalysis("big.txt", generatedPosts(400, 6));
    const error = await expectArgmapError(() => store!.putAnalysis(big, SYNTHETIC_RUN), "STORE_UNWRITABLE");
    expect(error.isUserError).toBe(true);
    expect(error.message).toContain(dbPath);
    expect(error.message).toContain("full");
    expect(error.message).toContain("intact");
    await store.close();
    store = await openSqliteStore(dbPath);
    expect(await store.loadAnalyses()).toEqual([a]);
    expect(store.integrityCheck()).toEqual(["ok"]);
  });
});

describe("a corpus locked by another writer", () => {
  it("waits without blocking the event loop and writes once the lock is released", async () => {
    store = await openSqliteStore(dbPath, { busyTimeoutMs: 0, retries: 12 });
    const other = new Database(dbPath);
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    // The lock is released by a timer in this same process: only an async wait lets it fire.
    setTimeout(() => other.exec("COMMIT"), 120);
    try {
      const result = await store.putAnalysis(thread(), SYNTHETIC_RUN);
      expect(result.replaced).toEqual([]);
      expect(ticks).toBeGreaterThan(3);
      expect((await store.listSources()).map((s) => s.name)).toEqual(["energy-thread.txt"]);
    } finally {
      clearInterval(timer);
      other.close();
    }
  });

  it("gives up with STORE_BUSY after its retries and writes nothing", async () => {
    store = await openSqliteStore(dbPath, { busyTimeoutMs: 0, retries: 2 });
    const other = new Database(dbPath);
    other.exec("BEGIN IMMEDIATE");
    try {
      const error = await expectArgmapError(() => store!.putAnalysis(thread(), SYNTHETIC_RUN), "STORE_BUSY");
      expect(error.message).toContain(dbPath);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(await store.listSources()).toEqual([]);
  });
});
