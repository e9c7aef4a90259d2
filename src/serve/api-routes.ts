/**
 * The JSON API: `GET /api/maps`, `/api/maps/:id`, `/api/maps/:id/diff`, `/api/sources/:id`, `/api/search`,
 * `/api/openapi.json` and `POST /api/map`. Every handler validates its parameters and throws
 * `ArgmapError`s; the server turns them into JSON errors.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ArgumentMap, SourceFormat } from "../model/index.js";
import { ArgmapError, SourceFormat as SourceFormatSchema, Stance, UnitKind } from "../model/index.js";
import type { SearchFilters } from "../store/index.js";
import { SEARCH_ITEM_TYPES } from "../store/index.js";
import type { Catalog } from "./catalog.js";
import { diffView } from "./diff-view.js";
import { OPENAPI } from "./openapi.js";
import { HttpError, readBody, sendJson } from "./respond.js";

/** Maps posted text; the server passes the classic engine's `mapSources`. */
export type MapText = (input: { name: string; text: string; format?: SourceFormat }) => Promise<ArgumentMap>;

export interface ApiContext {
  catalog: Catalog;
  mapText: MapText;
  maxBodyBytes: number;
}

const PostedText = z
  .object({
    text: z.string().min(1, "text must not be empty"),
    name: z.string().min(1).max(200).optional(),
    format: SourceFormatSchema.optional(),
  })
  .strict();

/** One mapping at a time (it is CPU-bound); a few more may wait, the rest are told to retry. */
const MAX_WAITING = 4;

class MapQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.waiting >= MAX_WAITING)
      throw new HttpError(503, "USAGE", "the server is busy mapping other texts; try again in a moment.", {
        "Retry-After": "5",
      });
    this.waiting++;
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }
}

function idParam(raw: string, what: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch (error) {
    throw new ArgmapError("USAGE", `the ${what} id '${raw}' is not a valid URL component.`, { cause: error });
  }
  if (id.length === 0 || id.length > 200)
    throw new ArgmapError("USAGE", `the ${what} id must be 1–200 characters.`);
  return id;
}

function choice<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = params.get(name);
  if (v === null || v === "") return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new ArgmapError(
      "USAGE",
      `${name} must be one of ${allowed.join(", ")} (got '${v.slice(0, 40)}').`,
      {
        input: name,
      },
    );
  return v as T;
}

function searchFilters(params: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {};
  const source = params.get("source");
  if (source) filters.source = source;
  const author = params.get("author");
  if (author) filters.author = author;
  const stance = choice(params, "stance", Stance.options);
  if (stance) filters.stance = stance;
  const kind = choice(params, "kind", [...SEARCH_ITEM_TYPES, ...UnitKind.options]);
  if (kind) filters.kind = kind;
  const limit = params.get("limit");
  if (limit !== null && limit !== "") {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100)
      throw new ArgmapError(
        "USAGE",
        `limit must be a whole number from 1 to 100 (got '${limit.slice(0, 20)}').`,
        {
          input: "limit",
        },
      );
    filters.limit = n;
  } else filters.limit = 20;
  return filters;
}

/** Handle one `/api/…` request. */
export function createApi(ctx: ApiContext) {
  const queue = new MapQueue();
  return async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    params: URLSearchParams,
  ): Promise<void> {
    const method = req.method ?? "GET";
    const get = method === "GET" || method === "HEAD";
    const wrongMethod = (allow: string) =>
      new HttpError(405, "USAGE", `${method} is not allowed on ${path}; use ${allow}.`, { Allow: allow });
    let m: RegExpExecArray | null;
    if (path === "/api/maps") {
      if (!get) throw wrongMethod("GET");
      return sendJson(res, 200, { maps: await ctx.catalog.listMaps() });
    }
    if ((m = /^\/api\/maps\/([^/]+)$/.exec(path))) {
      if (!get) throw wrongMethod("GET");
      const id = idParam(m[1]!, "map");
      const format = choice(params, "format", ["view", "argmap"] as const);
      if (format === "argmap") return sendJson(res, 200, (await ctx.catalog.getMap(id)).map);
      return sendJson(res, 200, await ctx.catalog.getMapView(id));
    }
    if ((m = /^\/api\/maps\/([^/]+)\/diff$/.exec(path))) {
      if (!get) throw wrongMethod("GET");
      const since = params.get("since");
      if (since === null)
        throw new ArgmapError("USAGE", "no ?since=<map id>: which map to compare with.", { input: "since" });
      const [old, next] = [
        await ctx.catalog.getMap(idParam(since, "map")),
        await ctx.catalog.getMap(idParam(m[1]!, "map")),
      ];
      return sendJson(res, 200, await diffView(old, next));
    }
    if ((m = /^\/api\/sources\/([^/]+)$/.exec(path))) {
      if (!get) throw wrongMethod("GET");
      return sendJson(res, 200, await ctx.catalog.getSource(idParam(m[1]!, "source")));
    }
    if (path === "/api/search") {
      if (!get) throw wrongMethod("GET");
      const q = (params.get("q") ?? "").trim();
      if (q === "") throw new ArgmapError("USAGE", "no query: pass ?q=words to search for.", { input: "q" });
      return sendJson(res, 200, await ctx.catalog.search(q, searchFilters(params)));
    }
    if (path === "/api/openapi.json") {
      if (!get) throw wrongMethod("GET");
      return sendJson(res, 200, OPENAPI);
    }
    if (path === "/api/map") {
      if (method !== "POST") throw wrongMethod("POST");
      return postMap(req, res);
    }
    throw new ArgmapError("DATA_NOT_FOUND", `no API route ${path}; GET /api/openapi.json lists them.`);
  };

  async function postMap(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // JSON only: a cross-site form cannot send it without a CORS preflight this server never grants.
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json")
      throw new HttpError(
        415,
        "USAGE",
        'POST /api/map takes Content-Type: application/json ({ "text": "…" }).',
      );
    const body = await readBody(req, ctx.maxBodyBytes);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `the request body is not JSON (${(error as Error).message}).`,
        {
          cause: error,
        },
      );
    }
    const parsed = PostedText.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ArgmapError(
        "USAGE",
        `the request body must be { "text": "…", "name"?: "…", "format"?: "…" }: ${issue.path.join(".") || "body"}: ${issue.message}.`,
      );
    }
    const name = parsed.data.name ?? "posted text";
    const map = await queue.run(() =>
      ctx.mapText({
        name,
        text: parsed.data.text,
        ...(parsed.data.format ? { format: parsed.data.format } : {}),
      }),
    );
    const summary = ctx.catalog.addMap(name, map, { posted: true });
    res.setHeader("Location", `/api/maps/${summary.id}`);
    sendJson(res, 201, summary);
  }
}
