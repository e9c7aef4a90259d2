import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "../../test/serve/http.js";
import { resolveEngine } from "../engines/registry.js";
import { readSource } from "../ingest/index.js";
import type { ArgumentMap } from "../model/index.js";
import { analyseSource, buildMap } from "../pipeline/index.js";
import { Catalog } from "./catalog.js";
import type { DiffView } from "./diff-view.js";
import { startServer, type RunningServer } from "./index.js";

const thread = readFileSync(new URL("../../test/fixtures/diff-thread.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n");

let server: RunningServer;
let after: ArgumentMap;
const ids: string[] = [];

beforeAll(async () => {
  const engine = await resolveEngine("classic");
  const mapOf = async (n: number, previous?: ArgumentMap) => {
    const { doc } = readSource({
      name: "thread.jsonl",
      bytes: new TextEncoder().encode(thread.slice(0, n).join("\n")),
    });
    return buildMap([await analyseSource(doc, { engine })], {
      engine,
      ...(previous ? { previousKeyPoints: previous.keyPoints } : {}),
    });
  };
  const before = await mapOf(12);
  after = await mapOf(32, before);
  const catalog = new Catalog();
  ids.push(catalog.addMap("before", before).id, catalog.addMap("after", after).id);
  server = await startServer({ catalog });
}, 120_000);
afterAll(() => server?.close());

describe("GET /api/maps/:id/diff", () => {
  it("marks the newer map's new and changed cards, key points and cruxes since the earlier map", async () => {
    const res = await request(server.url, `/api/maps/${ids[1]}/diff?since=${ids[0]}`);
    expect(res.status).toBe(200);
    const { diff, marks } = res.json<DiffView>();
    expect(diff.posts.added).toHaveLength(20);
    const argumentIds = new Set(after.arguments.map((a) => a.id));
    const pointIds = new Set(after.keyPoints.map((k) => k.id));
    const cruxIds = new Set((after.cruxes ?? []).map((c) => c.id));
    expect(Object.keys(marks.arguments).length).toBeGreaterThan(0);
    for (const id of Object.keys(marks.arguments)) expect(argumentIds.has(id)).toBe(true);
    for (const id of Object.keys(marks.keyPoints)) expect(pointIds.has(id)).toBe(true);
    for (const id of Object.keys(marks.cruxes)) expect(cruxIds.has(id)).toBe(true);
    for (const k of diff.keyPoints.appeared) expect(marks.keyPoints[k.id]).toBe("new");
    for (const k of diff.keyPoints.grew) expect(marks.keyPoints[k.id]).toBe("changed");
    for (const o of diff.objections.answered) expect(marks.arguments[o.argumentId]).toMatch(/new|changed/);
  });

  it("marks nothing for a map since itself, and answers a missing since or map with a JSON error", async () => {
    const self = (await request(server.url, `/api/maps/${ids[1]}/diff?since=${ids[1]}`)).json<DiffView>();
    expect(self.marks).toEqual({ arguments: {}, keyPoints: {}, cruxes: {} });
    const missing = await request(server.url, `/api/maps/${ids[1]}/diff`);
    expect(missing.status).toBe(400);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe("USAGE");
    expect((await request(server.url, `/api/maps/${ids[1]}/diff?since=m99`)).status).toBe(404);
  });
});
