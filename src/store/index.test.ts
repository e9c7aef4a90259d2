import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYNTHETIC_RUN, syntheticAnalysis } from "../../test/store/synthetic.js";
import { freePort } from "../../test/support/services.js";
import * as api from "../index.js";
import { ArgmapError } from "../model/index.js";
import { openCorpus, STORE_OPENERS, storeOpenerFor } from "./index.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "argmap-open-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function refusal(target: string): Promise<ArgmapError> {
  try {
    const store = await openCorpus(target);
    await store.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ArgmapError);
    expect((error as ArgmapError).isUserError).toBe(true);
    return error as ArgmapError;
  }
  throw new Error(`expected '${target}' to be refused`);
}

describe("openCorpus", () => {
  it("opens a file path as a SQLite corpus that keeps what is stored in it", async () => {
    const file = path.join(dir, "c.db");
    const analysis = syntheticAnalysis("a.txt", [{ sentences: ["Tidal power is predictable."] }]);
    const store = await openCorpus(file);
    await store.putAnalysis(analysis, SYNTHETIC_RUN);
    await store.close();
    await store.close(); // twice is harmless
    const again = await openCorpus(pathToFileURL(file).href, { readonly: true });
    try {
      expect((await again.listSources()).map((s) => s.id)).toEqual([analysis.source.id]);
      expect((await again.search("predictable")).length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  });

  it("opens postgres:// targets with PostgreSQL, an unreachable one refused with the password hidden", async () => {
    const port = await freePort();
    for (const url of [
      `postgres://alice:s3cret@127.0.0.1:${port}/argmap`,
      `POSTGRESQL://alice:s3cret@127.0.0.1:${port}/argmap`,
    ]) {
      const error = await refusal(url);
      expect(error.code).toBe("STORE_UNREACHABLE");
      expect(error.message).toContain(`127.0.0.1:${port}/argmap`);
      expect(error.message).not.toContain("s3cret");
      expect(error.input).not.toContain("s3cret");
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses an unknown scheme, naming the ones there are", async () => {
    const error = await refusal("mysql://db.example/argmap");
    expect(error.message).toContain("'mysql://'");
    for (const o of STORE_OPENERS) for (const s of o.schemes) expect(error.message).toContain(`${s}://`);
    expect((await refusal("file://remote-host/share/c.db")).message).toMatch(/not a usable file URL/);
  });

  it("picks one opener per scheme, plain paths going to SQLite", () => {
    const schemes = STORE_OPENERS.flatMap((o) => o.schemes);
    expect(new Set(schemes).size).toBe(schemes.length);
    expect(storeOpenerFor("argmap.db").name).toBe("sqlite");
    expect(storeOpenerFor("C:\\corpora\\argmap.db").name).toBe("sqlite");
    expect(storeOpenerFor("postgresql://h/db").name).toBe("postgres");
  });

  it("is what the package entry exports, with no concrete store class", () => {
    expect(typeof api.openCorpus).toBe("function");
    expect(typeof api.parseSearchQuery).toBe("function");
    expect(Object.keys(api).filter((k) => /sqlite/i.test(k))).toEqual([]);
  });
});
