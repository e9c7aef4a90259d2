/** The API over a corpus store (`--db`): stored maps, sources loaded from it, the store's search. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEngine } from "../../src/engines/registry.js";
import { buildMap } from "../../src/pipeline/index.js";
import type { MapSummary, MapView, SearchResponse, SourceView } from "../../src/serve/index.js";
import { Catalog, SearchPool, startServer, type RunningServer } from "../../src/serve/index.js";
import type { CorpusStore } from "../../src/store/index.js";
import { openCorpus } from "../../src/store/index.js";
import { generatedPosts, SYNTHETIC_RUN, syntheticAnalysis } from "../store/synthetic.js";
import { errorOf } from "../helpers.js";
import { request } from "./http.js";

let dir: string;
let store: CorpusStore;
let server: RunningServer;
let file: string;
const analyses = [1, 2, 3].map((seed) => syntheticAnalysis(`thread-${seed}.txt`, generatedPosts(seed, 12)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "argmap-serve-store-"));
  file = join(dir, "c.db");
  const writer = await openCorpus(file);
  for (const a of analyses) await writer.putAnalysis(a, SYNTHETIC_RUN);
  const map = await buildMap(analyses, { engine: await resolveEngine("classic") });
  await writer.putMap(map, SYNTHETIC_RUN, { name: "corpus" });
  await writer.close();
  store = await openCorpus(file, { readonly: true });
  server = await startServer({ catalog: new Catalog(store) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = <T>(path: string) =>
  request(server.url, path).then((r) => ({ status: r.status, body: r.json<T>() }));

describe("serving a corpus", () => {
  it("lists the stored maps and sends one by id", async () => {
    const { body } = await get<{ maps: MapSummary[] }>("/api/maps");
    expect(body.maps).toHaveLength(1);
    expect(body.maps[0]).toMatchObject({ name: "corpus", sources: 3 });
    const view = await get<MapView>(`/api/maps/${body.maps[0]!.id}`);
    expect(view.status).toBe(200);
    expect(view.body.sources.map((s) => s.name).sort()).toEqual([
      "thread-1.txt",
      "thread-2.txt",
      "thread-3.txt",
    ]);
    expect(view.body.authorsKnown).toBe(true);
  });

  it("loads a source from the store, with the replies of its first post", async () => {
    const id = analyses[1]!.source.id;
    const { status, body } = await get<SourceView>(`/api/sources/${id}`);
    expect(status).toBe(200);
    expect(body.text).toBe(analyses[1]!.source.text);
    expect(body.posts[0]!.replyIds).toHaveLength(11);
    expect((await request(server.url, "/api/sources/src-missing")).status).toBe(404);
  });

  it("searches with the store's full-text index and its author filter", async () => {
    const post = analyses[0]!.source.posts[3]!;
    const word = analyses[0]!.units.find((u) => u.postId === post.id)!.text.match(/\d+x\d+x\d+/)![0];
    const all = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(word)}`);
    expect(all.body.engine).toBe("store");
    expect(all.body.hits.length).toBeGreaterThan(0);
    expect(all.body.hits.every((h) => h.text.includes(word))).toBe(true);
    const mine = await get<SearchResponse>(
      `/api/search?q=${encodeURIComponent(word)}&author=${encodeURIComponent(post.author!)}`,
    );
    expect(mine.body.hits.length).toBeGreaterThan(0);
    expect(mine.body.hits.every((h) => h.author === post.author)).toBe(true);
    const other = await get<SearchResponse>(`/api/search?q=${encodeURIComponent(word)}&author=nobody-at-all`);
    expect(other.body.hits).toEqual([]);
  });

  it("searches the same in worker threads, user errors included", async () => {
    const pool = await SearchPool.start(file, 2);
    try {
      const word = analyses[2]!.units[7]!.text.match(/\d+x\d+x\d+/)![0];
      const pooled = new Catalog(store, (q, f) => pool.search(q, f));
      const [a, b] = await Promise.all([
        pooled.search(word, { limit: 20 }),
        new Catalog(store).search(word, { limit: 20 }),
      ]);
      expect(a.hits.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
      expect((await errorOf(pooled.search("-only -exclusions", {}))).code).toBe("USAGE");
    } finally {
      await pool.close();
    }
  });
});
