/**
 * The HTTP server of `argmap serve`: security headers on every response, URL length limit,
 * access checks (token or loopback Host), then the JSON API under `/api/` and the viewer's
 * static files everywhere else. Errors are JSON with a code, never a stack trace.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ArgmapError } from "../model/index.js";
import { createApi, type MapText } from "./api-routes.js";
import type { Catalog } from "./catalog.js";
import { mapPool } from "./map-pool.js";
import { HttpError, sendError } from "./respond.js";
import {
  acceptTokenLink,
  hasValidToken,
  hostAllowed,
  isLoopbackHost,
  setSecurityHeaders,
} from "./security.js";
import { DEFAULT_STATIC_DIR, readStatic } from "./static.js";

/** Longest request target accepted, in characters. */
export const MAX_URL_CHARS = 4096;
/** Largest request body accepted by default (POST /api/map), in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;

export interface ServeOptions {
  catalog: Catalog;
  /** Maps posted text (POST /api/map); default: `mapSources` on the classic engine, in a worker thread. */
  mapText?: MapText;
  /** Default 127.0.0.1. A host beyond loopback needs a `token` (see `resolveAccess`). */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** When set, every request must carry it. */
  token?: string;
  /** The viewer's files (default: `dist/viewer/` of this package). */
  staticDir?: string;
  maxBodyBytes?: number;
  maxUrlChars?: number;
  /** Where internal errors are reported (with their stack). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port/`. */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** How many times a header field appears in the request as sent. */
function countHeader(req: IncomingMessage, name: string): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === name) n++;
  return n;
}

/** The request failed because its client closed the connection (an aborted upload or download). */
export function clientGone(req: IncomingMessage, error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  const reset =
    e?.code === "ECONNRESET" || e?.code === "ERR_STREAM_PREMATURE_CLOSE" || e?.message === "aborted";
  return reset && (req.destroyed || req.socket.destroyed);
}

/**
 * Start the server; resolves once it listens.
 *
 * @example
 * const server = await startServer({ catalog, port: 0 });
 * console.log(server.url); // http://127.0.0.1:43121/
 * await server.close();
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && options.token === undefined)
    throw new ArgmapError(
      "USAGE",
      `listening on ${host} needs a token; pass --token (or let serve make one).`,
      {
        input: "--host",
      },
    );
  const log = options.log ?? (() => undefined);
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const maxUrl = options.maxUrlChars ?? MAX_URL_CHARS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Mapping is CPU-bound: on the server's thread it would hold up every other request.
  const pool = options.mapText ? undefined : mapPool(maxBodyBytes);
  const api = createApi({
    catalog: options.catalog,
    mapText: options.mapText ?? pool!.mapText,
    maxBodyBytes,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const target = req.url ?? "/";
    if (target.length > maxUrl)
      throw new HttpError(414, "USAGE", `the request URL is longer than ${maxUrl} characters.`);
    if (!target.startsWith("/")) throw new HttpError(400, "USAGE", "the request target must be a path.");
    // RFC 9112 §3.2: more than one Host field is a bad request (Node would keep the first).
    if (countHeader(req, "host") > 1)
      throw new HttpError(400, "USAGE", "the request has more than one Host header.", {
        Connection: "close",
      });
    // The raw path, as sent: URL parsing would resolve `..` and `%2e%2e` before the checks below.
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    const params = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
    const isApi = path === "/api" || path.startsWith("/api/");
    if (options.token !== undefined) {
      const method = req.method ?? "GET";
      if (
        !isApi &&
        method === "GET" &&
        acceptTokenLink(new URL(target, "http://localhost"), options.token, res)
      )
        return;
      if (!hasValidToken(req, options.token))
        throw new HttpError(
          401,
          "USAGE",
          "this server needs its token: send Authorization: Bearer <token>, or open /?token=<token> once.",
          { "WWW-Authenticate": 'Bearer realm="argmap"' },
        );
    } else if (!hostAllowed(req)) {
      throw new HttpError(
        403,
        "USAGE",
        "this server answers only requests addressed to localhost or 127.0.0.1.",
      );
    }
    if (isApi) return api(req, res, path, params);
    if (req.method !== "GET" && req.method !== "HEAD")
      throw new HttpError(405, "USAGE", `${req.method} is not allowed here; use GET.`, {
        Allow: "GET, HEAD",
      });
    const file = await readStatic(staticDir, path);
    if (!file) {
      const viewerMissing = path === "/" || path === "/index.html";
      throw new ArgmapError(
        "DATA_NOT_FOUND",
        viewerMissing
          ? "the viewer is not built: run npm run build (the API under /api/ works)."
          : `no file ${path.slice(0, 200)}.`,
      );
    }
    res.statusCode = 200;
    res.setHeader("Content-Type", file.type);
    res.setHeader("Content-Length", file.body.length);
    res.setHeader("Cache-Control", "no-cache");
    res.end(req.method === "HEAD" ? undefined : file.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A client that went away mid-request is a normal event, not an internal error.
      if (clientGone(req, error)) {
        res.destroy();
        return;
      }
      sendError(res, error, log);
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  // Longer than clients' idle sockets usually live, so a reused keep-alive socket is not closed under a request.
  server.keepAliveTimeout = 30_000;
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new ArgmapError(
          "USAGE",
          `cannot listen on ${host}:${options.port ?? 0} (${error.code ?? error.message}); pick another --port or --host.`,
          { input: "--port", cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    host: address.address,
    port: address.port,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await pool?.close();
    },
  };
}
