/**
 * JSON responses and errors for the HTTP API: every error is `{ error: { code, message } }` with
 * a permanent `ArgmapError` code and never a stack trace; request bodies are read under a cap.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../model/index.js";
import { ArgmapError, isArgmapError } from "../model/index.js";
import type { ApiErrorBody } from "./types.js";

/** An API error: an `ArgmapError` code and the HTTP status to send it with. */
export class HttpError extends ArgmapError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message);
  }
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  INPUT_EMPTY: 400,
  INPUT_MALFORMED: 400,
  INPUT_ENCODING: 400,
  INPUT_BINARY: 400,
  INPUT_TOO_LARGE: 413,
  DATA_NOT_FOUND: 404,
  ENGINE_UNKNOWN: 400,
  STORE_BUSY: 503,
  STORE_UNREADABLE: 503,
  STORE_TOO_NEW: 503,
  STORE_UNREACHABLE: 503,
  STORE_FAILED: 503,
  LLM_UNAVAILABLE: 503,
};

/** Serialised bodies of objects sent before (cached map views are sent many times, never changed). */
const serialised = new WeakMap<object, string>();

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  let text = typeof body === "object" && body !== null ? serialised.get(body) : undefined;
  if (text === undefined) {
    text = JSON.stringify(body);
    if (typeof body === "object" && body !== null) serialised.set(body, text);
  }
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/**
 * Send an error. User errors keep their message; anything else is reported as `INTERNAL` with a
 * generic message (the stack goes to `log`, never to the client).
 */
export function sendError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  let status = 500;
  let body: ApiErrorBody = {
    error: { code: "INTERNAL", message: "internal error; the server log has the details." },
  };
  if (error instanceof HttpError) {
    status = error.status;
    for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
    body = { error: { code: error.code, message: error.message } };
  } else if (isArgmapError(error) && error.isUserError) {
    status = STATUS[error.code] ?? 400;
    body = { error: { code: error.code, message: error.message } };
  } else {
    log(
      `argmap serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, body);
}

/** The request body as text, refused with 413 past `maxBytes` (declared or streamed). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(
      413,
      "INPUT_TOO_LARGE",
      `the request body is larger than ${maxBytes} bytes; send less text.`,
      {
        Connection: "close",
      },
    );
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ArgmapError("INPUT_ENCODING", "the request body is not valid UTF-8.", { cause: error });
  }
}
