/**
 * The HTTP API over real HTTP on 127.0.0.1: maps, sources, search, posting text, JSON errors,
 * and the security cases (headers, URL and body limits, static files that cannot escape their
 * folder, Host check, token).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapSources } from "../../src/api.js";
import type { ArgumentMap } from "../../src/model/index.js";
import type { MapSummary, MapView, SearchResponse, SourceView } from "../../src/serve/index.js";
import { Catalog, resolveAccess, startServer, type RunningServer } from "../../src/serve/index.js";
import { errorOf, errorOfSync, repoRoot } from "../helpers.js";
import { request } from "./http.js";

const EXAMPLE = `${repoRoot}examples/thread-car-free-downtowns.txt`;
const MAX_BODY = 64 * 1024;

let map: ArgumentMap;
let server: RunningServer;
let dir: string;
const logged: string[] = [];

beforeAll(async () => {
  map = await mapSources(EXAMPLE);
  dir = mkdtempSync(join(tmpdir(), "argmap-serve-"));
  const web = join(dir, "web");
  mkdirSync(join(web, "sub"), { recursive: true });
  writeFileSync(join(web, "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(join(web, "app.js"), "export {};");
  writeFileSync(join(web, ".hidden.js"), "secret");
  writeFileSync(join(dir, "secret.txt"), "TOP SECRET");
  writeFileSync(join(dir, "secret.js"), "TOP SECRET");
  symlinkSync(join(dir, "secret.js"), join(web, "leak.js"));
  symlinkSync(dir, join(web, "linked"));
  const catalog = new Catalog();
  catalog.addMap("thread", map);
  server = await startServer({
    catalog,
    staticDir: web,
    maxBodyBytes: MAX_BODY,
    log: (line) => logged.push(line),
    mapText: async (input) => {
      if (input.text === "fail like a bug") throw new Error("kaboom in the engine");
      return mapSources([input]);
    },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => request(server.url, path, { headers });
const postJson = (body: unknown, headers: Record<string, string> = {}) =>
  request(server.url, "/api/map", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** An error response: JSON with a code and a message, no stack trace. */
function expectJsonError(
  res: { status: number; body: string; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(res.body).not.toMatch(/\n\s+at |\.ts:\d+|node:internal/);
}

describe("maps and sources", () => {
  it("lists the maps it serves with their figures", async () => {
    const res = await get("/api/maps");
    expect(res.status).toBe(200);
    const { maps } = res.json<{ maps: MapSummary[] }>();
    expect(maps).toHaveLength(1);
    expect(maps[0]).toMatchObject({ id: "m1", name: "thread", arguments: map.arguments.length, sources: 1 });
  });

  it("sends numbered cards whose thesis and claim spans point at that text in the source", async () => {
    const view = (await get("/api/maps/m1")).json<MapView>();
    expect(view.cards.length).toBeGreaterThan(0);
    expect(view.cards.map((c) => c.rank)).toEqual(view.cards.map((_, i) => i + 1));
    const text = map.sources[0]!.text;
    const units = new Map(map.units.map((u) => [u.id, u]));
    let located = 0;
    for (const card of view.cards) {
      const thesis = units.get(card.thesisRef.unitId!)!;
      expect(text.slice(...card.thesisRef.span)).toBe(thesis.text);
      for (const claim of card.claims) {
        if (!claim.ref) continue;
        located++;
        const slice = text
          .slice(...claim.ref.span)
          .replace(/\s+/g, " ")
          .toLowerCase();
        const first = units.get(claim.ref.unitId!)!.text.replace(/\s+/g, " ").toLowerCase();
        expect(slice).toContain(first);
      }
    }
    const claims = view.cards.reduce((n, c) => n + c.claims.length, 0);
    expect(located).toBeGreaterThanOrEqual(claims / 2);
    // One source and no author names: neither count is offered.
    expect(view.cards.every((c) => c.authorCount === undefined && c.sourceCount === undefined)).toBe(true);
  });

  it("sends a graph whose edges join nodes it sends, with key point groups", async () => {
    const { graph } = (await get("/api/maps/m1")).json<MapView>();
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(graph.nodes.length).toBeGreaterThan(5);
    expect(graph.edges.length).toBeGreaterThan(0);
    for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    expect(new Set(graph.edges.map((e) => e.relation))).toContain("support");
    expect(graph.nodes.some((n) => n.keyPointId !== undefined)).toBe(map.keyPoints.length > 0);
  });

  it("sends the map itself with format=argmap", async () => {
    const res = await get("/api/maps/m1?format=argmap");
    expect(res.json<ArgumentMap>().arguments).toHaveLength(map.arguments.length);
    expectJsonError(await get("/api/maps/m1?format=xml"), 400, "USAGE");
  });

  it("sends a source's text with posts that know their parent and replies", async () => {
    const source = (await get(`/api/sources/${encodeURIComponent(map.sources[0]!.id)}`)).json<SourceView>();
    expect(source.text).toBe(map.sources[0]!.text);
    const byId = new Map(source.posts.map((p) => [p.id, p]));
    const withParent = source.posts.filter((p) => p.parentId !== undefined);
    expect(withParent.length).toBeGreaterThan(0);
    for (const p of withParent) expect(byId.get(p.parentId!)!.replyIds).toContain(p.id);
    for (const u of source.units) {
      const post = byId.get(u.postId)!;
      expect(post.span[0] <= u.span[0] && u.span[1] <= post.span[1]).toBe(true);
    }
  });

  it("answers an unknown map, source or route with a JSON 404 and no stack", async () => {
    expectJsonError(await get("/api/maps/nope"), 404, "DATA_NOT_FOUND");
    expectJsonError(await get("/api/sources/nope"), 404, "DATA_NOT_FOUND");
    expectJsonError(await get("/api/whatever"), 404, "DATA_NOT_FOUND");
    expectJsonError(await get("/no-such-page.html"), 404, "DATA_NOT_FOUND");
    expectJsonError(await request(server.url, "/api/maps", { method: "DELETE" }), 405, "USAGE");
  });

  it("serves its OpenAPI description", async () => {
    const doc = (await get("/api/openapi.json")).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/maps", "/api/maps/{id}", "/api/sources/{id}", "/api/search", "/api/map"]),
    );
  });
});

describe("search over the maps in memory", () => {
  it("finds claims with their exact span, best match first", async () => {
    const res = (await get("/api/search?q=parking")).json<SearchResponse>();
    expect(res.engine).toBe("memory");
    expect(res.hits.length).toBeGreaterThan(0);
    const text = map.sources[0]!.text;
    for (const h of res.hits) {
      // Stemmed as the store's index is: "parking" finds "park", "parked" and "parking".
      expect(h.text).toMatch(/\bpark(?:s|ed|ing)?\b/i);
      expect(text.slice(...h.span)).toBe(h.text);
      expect(h.snippet).toMatch(/\[park(?:s|ed|ing)?\]/i);
    }
    const scores = res.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("applies the kind and stance filters and the query language", async () => {
    const premises = (await get("/api/search?q=parking&kind=premise")).json<SearchResponse>().hits;
    expect(premises.length).toBeGreaterThan(0);
    expect(premises.every((h) => h.type === "unit" && h.unitKind === "premise")).toBe(true);
    const point = map.keyPoints.find((k) => k.stance === "pro")!;
    const word = (point.label ?? point.text).match(/\p{L}{5,}/u)![0];
    const points = (await get(`/api/search?q=${encodeURIComponent(word)}&stance=pro`)).json<SearchResponse>()
      .hits;
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((h) => h.type === "key-point" && h.stance === "pro")).toBe(true);
    const units = (await get(`/api/search?q=${encodeURIComponent(word)}`)).json<SearchResponse>().hits;
    expect(units.some((h) => h.type !== "key-point")).toBe(true);
    const without = (await get("/api/search?q=parking+-mall")).json<SearchResponse>().hits;
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((h) => !/\bmall\b/i.test(h.text))).toBe(true);
    const withMall = (await get("/api/search?q=parking")).json<SearchResponse>().hits;
    expect(withMall.some((h) => /\bmall\b/i.test(h.text))).toBe(true);
  });

  it("refuses a missing query, an unknown filter value and a query of exclusions only", async () => {
    expectJsonError(await get("/api/search"), 400, "USAGE");
    expectJsonError(await get("/api/search?q=parking&kind=banana"), 400, "USAGE");
    expectJsonError(await get("/api/search?q=parking&limit=5000"), 400, "USAGE");
    expectJsonError(await get("/api/search?q=-parking"), 400, "USAGE");
  });
});

describe("POST /api/map", () => {
  it("maps posted text and lists the new map", async () => {
    const text =
      "Cities should ban cars downtown because streets are safer without them.\n\nThat is wrong, since shops depend on drivers.";
    const res = await postJson({ text, name: "posted.txt" });
    expect(res.status).toBe(201);
    const summary = res.json<MapSummary>();
    expect(res.headers.location).toBe(`/api/maps/${summary.id}`);
    const { maps } = (await get("/api/maps")).json<{ maps: MapSummary[] }>();
    expect(maps.map((m) => m.name)).toContain("posted.txt");
    const view = (await get(`/api/maps/${summary.id}`)).json<MapView>();
    expect(view.sources[0]!.name).toBe("posted.txt");
  });

  it("refuses bodies over the cap, other content types, broken JSON and missing text", async () => {
    expectJsonError(await postJson({ text: "x".repeat(MAX_BODY + 10) }), 413, "INPUT_TOO_LARGE");
    expectJsonError(
      await request(server.url, "/api/map", {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: "hi",
      }),
      415,
      "USAGE",
    );
    expectJsonError(await postJson("{ not json"), 400, "INPUT_MALFORMED");
    expectJsonError(await postJson({ name: "no text" }), 400, "USAGE");
    expectJsonError(await postJson({ text: "hello", extra: 1 }), 400, "USAGE");
    expectJsonError(await request(server.url, "/api/map"), 405, "USAGE");
  });

  it("reports a failure inside the engine as INTERNAL without its stack, and logs the stack", async () => {
    const res = await postJson({ text: "fail like a bug" });
    expectJsonError(res, 500, "INTERNAL");
    expect(res.body).not.toContain("kaboom");
    expect(logged.join("\n")).toContain("kaboom in the engine");
  });
});

describe("security", () => {
  it("sends a CSP without inline scripts or styles, no framing and no sniffing on every response", async () => {
    for (const res of [await get("/"), await get("/api/maps"), await get("/api/nope"), await get("/../x")]) {
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("serves the viewer's files with their types", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect((await get("/app.js")).headers["content-type"]).toMatch(/^text\/javascript/);
  });

  it("never serves a file outside its folder: dot segments, encoded ones, backslashes, symlinks", async () => {
    const attempts = [
      "/../secret.txt",
      "/../secret.js",
      "/%2e%2e/secret.js",
      "/%2E%2E/secret.js",
      "/..%2fsecret.js",
      "/%2e%2e%2fsecret.js",
      "/sub/../../secret.js",
      "/sub/..%5c..%5csecret.js",
      "/..\\secret.js",
      "/leak.js",
      "/linked/secret.js",
      "/.hidden.js",
      "/app.js%00.html",
      "/%ff.js",
      "//etc/passwd",
    ];
    for (const path of attempts) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain("TOP SECRET");
    }
  });

  it("refuses URLs over the length limit", async () => {
    expectJsonError(await get(`/api/search?q=${"a".repeat(5000)}`), 414, "USAGE");
  });

  it("refuses requests addressed to another host name (DNS rebinding)", async () => {
    expectJsonError(await get("/api/maps", { Host: "evil.example:80" }), 403, "USAGE");
    expect((await get("/api/maps", { Host: "localhost" })).status).toBe(200);
  });
});

describe("token", () => {
  const token = "t0ken-for-the-tests-0123456789";
  let guarded: RunningServer;
  beforeAll(async () => {
    const catalog = new Catalog();
    catalog.addMap("thread", map);
    guarded = await startServer({ catalog, token, staticDir: join(dir, "web") });
  });
  afterAll(async () => {
    await guarded?.close();
  });
  const req = (path: string, headers: Record<string, string> = {}) => request(guarded.url, path, { headers });

  it("refuses every request without the token", async () => {
    for (const path of ["/", "/app.js", "/api/maps", "/api/maps/m1", `/api/maps?token=${token}`]) {
      expectJsonError(await req(path), 401, "USAGE");
    }
    expectJsonError(await req("/api/maps", { Authorization: "Bearer wrong-token-0123456789" }), 401, "USAGE");
  });

  it("accepts a Bearer token", async () => {
    expect((await req("/api/maps", { Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("turns ?token= on a page load into an HttpOnly SameSite=Strict cookie and drops it from the URL", async () => {
    const res = await req(`/?token=${token}&x=1`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/?x=1");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(";")[0]!;
    expect((await req("/api/maps", { Cookie: pair })).status).toBe(200);
    expect((await req("/", { Cookie: pair })).status).toBe(200);
  });

  it("needs a token to listen beyond loopback, and makes one when none is given", async () => {
    const made = resolveAccess("0.0.0.0");
    expect(made.generated).toBe(true);
    expect(made.token!.length).toBeGreaterThanOrEqual(32);
    expect(resolveAccess("0.0.0.0").token).not.toBe(made.token);
    expect(resolveAccess("127.0.0.1")).toEqual({ generated: false });
    expect(resolveAccess("::1")).toEqual({ generated: false });
    expect(errorOfSync(() => resolveAccess("0.0.0.0", "short")).code).toBe("USAGE");
    expect((await errorOf(startServer({ catalog: new Catalog(), host: "0.0.0.0" }))).code).toBe("USAGE");
  });
});
