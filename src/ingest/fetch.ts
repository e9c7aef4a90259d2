/**
 * Fetch a web page (or thread) for mapping: the edge of ingest that talks to the network.
 * Hacker News item URLs become Algolia API calls (`hn.algolia.com/api/v1/items/<id>`), Reddit
 * thread URLs get `.json`. Redirects are followed by hand (at most 5, http(s) only); with
 * `noPrivateNetwork` every host (first and every redirect) is resolved once, each address is
 * brought to canonical form and judged (`./address.ts`: IPv4-mapped/-compatible IPv6, NAT64,
 * 6to4 and decimal/octal/hex IPv4 spellings included), and loopback, private, link-local and other
 * non-public addresses are refused; the connection is then pinned to the checked addresses with a
 * custom `lookup`, so DNS rebinding cannot slip between check and connect. The body is streamed and cut at `maxBytes` with an error; a
 * timeout covers the whole exchange; the content type must be text-like.
 */
import type { IncomingMessage } from "node:http";
import type { LookupFunction } from "node:net";
import { ArgmapError } from "../model/index.js";
import { canonicalAddress, isPrivateAddress, type CanonicalAddress } from "./address.js";
import type { RawInput } from "./readers/reader.js";

/** The package version, sent in the User-Agent. */
export const ARGMAP_VERSION = "0.1.0";
export const USER_AGENT = `argmap/${ARGMAP_VERSION}`;
export const DEFAULT_TIMEOUT_MS = 20_000;
export const MAX_REDIRECTS = 5;

export interface FetchOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Time allowed for the whole fetch, redirects included (default 20 s). */
  timeoutMs?: number;
  /** Refuse hosts that resolve to loopback, private, link-local or other non-public addresses. */
  noPrivateNetwork?: boolean;
  /** How host names are resolved (default: the system resolver, `dns.lookup` with `all`). */
  resolve?: ResolveHost;
  /**
   * Which (canonical) addresses to refuse, first hop and every redirect; `noPrivateNetwork` is
   * short for `isPrivateAddress`. Set it for a stricter or different policy.
   */
  refuseAddress?: (address: CanonicalAddress) => boolean;
  /**
   * Validators of the copy fetched last time (`fetchIfChanged`): sent as `If-None-Match` and
   * `If-Modified-Since`, so an unchanged page costs the server a 304 and no body.
   */
  validators?: Validators;
}

/** What a server said identifies its copy of a page: its ETag and Last-Modified headers. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/**
 * The server answered with an error status. `retryAfterMs` is its `Retry-After` (seconds or a
 * date), when it sent one, so a caller retrying a 429 or 5xx waits as long as asked.
 */
export class HttpStatusError extends ArgmapError {
  constructor(
    url: string,
    readonly status: number,
    statusMessage: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super("INPUT_UNREADABLE", `${url}: ${`the server answered ${status} ${statusMessage}`.trimEnd()}.`, {
      input: url,
    });
  }
}

/** `Retry-After` in ms: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const TEXT_TYPES =
  /^(?:text\/[\w.+-]+|application\/(?:json|[\w.+-]+\+json|x-ndjson|jsonl|x-jsonlines|xhtml\+xml|xml|x-subrip|csv))$/i;

/** Whether the input names a web address argmap fetches. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * The address to fetch for a page: HN items → Algolia item API, Reddit threads → `.json`.
 *
 * @example
 * apiUrlFor("https://news.ycombinator.com/item?id=8863"); // "https://hn.algolia.com/api/v1/items/8863"
 */
export function apiUrlFor(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const host = u.hostname.toLowerCase();
  if (host === "news.ycombinator.com" && u.pathname === "/item") {
    const id = u.searchParams.get("id");
    if (id && /^\d+$/.test(id)) return `https://hn.algolia.com/api/v1/items/${id}`;
  }
  if (
    /(?:^|\.)reddit\.com$/.test(host) &&
    /\/comments\/[a-z0-9]+/i.test(u.pathname) &&
    !u.pathname.endsWith(".json")
  ) {
    u.pathname = `${u.pathname.replace(/\/+$/, "")}.json`;
    return u.href;
  }
  return url;
}

export { isPrivateAddress, canonicalAddress, type CanonicalAddress };

function fetchError(
  code: "INPUT_UNREADABLE" | "INPUT_TOO_LARGE" | "INPUT_MALFORMED",
  url: string,
  why: string,
  cause?: unknown,
): ArgmapError {
  return new ArgmapError(code, `${url}: ${why}`, { input: url, ...(cause !== undefined ? { cause } : {}) });
}

/** A DNS resolver: every address a host name has. */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

// The network modules (http, https with TLS, dns) load on the first fetch, not at start-up.
const systemResolve: ResolveHost = async (hostname) =>
  (await import("node:dns/promises")).lookup(hostname, { all: true });

/**
 * The addresses to connect to for a URL, in canonical form, resolved once. With
 * `noPrivateNetwork` a host with any non-public address is refused. The request then connects
 * only to these addresses (see `send`), so a second DNS answer cannot slip in between the check
 * and the connection (DNS rebinding).
 */
async function resolveTarget(url: URL, original: string, options: FetchOptions): Promise<CanonicalAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = canonicalAddress(host);
  let addresses: CanonicalAddress[];
  if (literal) addresses = [literal];
  else {
    let answers: readonly { address: string }[];
    try {
      answers = await (options.resolve ?? systemResolve)(host);
    } catch (cause) {
      throw fetchError(
        "INPUT_UNREADABLE",
        original,
        `cannot resolve ${host} (${(cause as Error).message}).`,
        cause,
      );
    }
    addresses = [];
    for (const answer of answers) {
      const canonical = canonicalAddress(answer.address);
      if (canonical) addresses.push(canonical);
    }
    if (addresses.length === 0)
      throw fetchError("INPUT_UNREADABLE", original, `cannot resolve ${host} (no address).`);
  }
  const refuse =
    options.refuseAddress ??
    (options.noPrivateNetwork ? (a: CanonicalAddress) => isPrivateAddress(a.address) : undefined);
  if (refuse) {
    const bad = addresses.find(refuse);
    if (bad !== undefined) {
      throw fetchError(
        "INPUT_UNREADABLE",
        original,
        options.refuseAddress
          ? `${url.host} resolves to ${bad.address}, an address refused by the fetch policy.`
          : `${url.host} resolves to ${bad.address}, a private or local address, and --no-private-network is set.`,
      );
    }
  }
  return addresses;
}

/** A `lookup` that answers with the pinned addresses only, never asking DNS again. */
function pinnedLookup(addresses: readonly CanonicalAddress[]): LookupFunction {
  return ((
    _hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | CanonicalAddress[], family?: number) => void,
  ) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as LookupFunction;
}

/** One GET to `target`, connecting only to `addresses`; no redirect following, no pooling. */
async function send(
  target: URL,
  addresses: readonly CanonicalAddress[],
  signal: AbortSignal,
  validators: Validators = {},
): Promise<IncomingMessage> {
  const { request } = target.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "GET",
        agent: false,
        signal,
        lookup: pinnedLookup(addresses),
        headers: {
          "user-agent": USER_AGENT,
          accept: "text/html,application/json,text/*;q=0.9,*/*;q=0.1",
          "accept-encoding": "identity",
          ...(validators.etag !== undefined ? { "if-none-match": validators.etag } : {}),
          ...(validators.lastModified !== undefined ? { "if-modified-since": validators.lastModified } : {}),
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * Fetch one URL into a raw input named by its domain.
 *
 * @throws ArgmapError INPUT_UNREADABLE (network error, HTTP error status, timeout, bad redirect,
 *   private address refused), INPUT_TOO_LARGE (body over `maxBytes`), INPUT_MALFORMED (content
 *   type that is not text).
 * @example
 * const raw = await fetchUrl("https://example.org/essay.html", { maxBytes: 1 << 20 });
 */
export async function fetchUrl(url: string, options: FetchOptions): Promise<RawInput> {
  const { raw } = await fetchIfChanged(url, { ...options, validators: {} });
  return raw!;
}

/**
 * Fetch a URL unless it is unchanged since the copy `options.validators` describe: `raw` is
 * undefined when the server answered 304 Not Modified. `validators` describe the copy now held.
 *
 * @throws as `fetchUrl`; an error status is an `HttpStatusError` (with the status and `Retry-After`).
 * @example
 * let held = {};
 * const { raw, validators } = await fetchIfChanged(url, { maxBytes: 1 << 20, validators: held });
 * if (raw) { held = validators; … }
 */
export async function fetchIfChanged(
  url: string,
  options: FetchOptions,
): Promise<{ raw?: RawInput; validators: Validators }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = (cause: unknown) =>
    fetchError("INPUT_UNREADABLE", url, `no complete answer within ${timeoutMs} ms (timed out).`, cause);
  let current = apiUrlFor(url);
  try {
    for (let hop = 0; ; hop++) {
      let target: URL;
      try {
        target = new URL(current);
      } catch (cause) {
        throw fetchError("INPUT_UNREADABLE", url, `"${current}" is not a valid address.`, cause);
      }
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        throw fetchError(
          "INPUT_UNREADABLE",
          url,
          `refusing to follow a redirect to ${target.protocol} (only http and https).`,
        );
      }
      const addresses = await resolveTarget(target, url, options);
      if (controller.signal.aborted) throw timedOut(undefined);
      let response: IncomingMessage;
      try {
        response = await send(target, addresses, controller.signal, options.validators);
      } catch (cause) {
        if (controller.signal.aborted) throw timedOut(cause);
        throw fetchError("INPUT_UNREADABLE", url, `cannot fetch (${(cause as Error).message}).`, cause);
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.destroy();
        if (hop >= MAX_REDIRECTS)
          throw fetchError("INPUT_UNREADABLE", url, `more than ${MAX_REDIRECTS} redirects.`);
        try {
          current = new URL(location, target).href;
        } catch (cause) {
          throw fetchError("INPUT_UNREADABLE", url, `redirect to an invalid address "${location}".`, cause);
        }
        continue;
      }
      if (status === 304 && (options.validators?.etag ?? options.validators?.lastModified) !== undefined) {
        response.destroy();
        return { validators: options.validators! };
      }
      if (status < 200 || status > 299) {
        response.destroy();
        const retryAfter = retryAfterMs(response.headers["retry-after"]);
        throw new HttpStatusError(url, status, response.statusMessage ?? "", retryAfter);
      }
      const type = (response.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
      if (type !== "" && !TEXT_TYPES.test(type)) {
        response.destroy();
        throw fetchError("INPUT_MALFORMED", url, `the content type is ${type}, not text, HTML or JSON.`);
      }
      const declared = Number(response.headers["content-length"] ?? "NaN");
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        response.destroy();
        throw fetchError(
          "INPUT_TOO_LARGE",
          url,
          `the page is ${declared} bytes, more than the limit of ${options.maxBytes}. Raise it with --max-size <MiB>.`,
        );
      }
      const bytes = await readBody(response, options.maxBytes, url, controller.signal, timedOut);
      const host = new URL(url).hostname.replace(/^www\./, "");
      const etag = response.headers.etag;
      const lastModified = response.headers["last-modified"];
      return {
        raw: { name: host, uri: url, bytes, ...(type !== "" ? { mimeType: type.toLowerCase() } : {}) },
        validators: {
          ...(etag !== undefined ? { etag } : {}),
          ...(lastModified !== undefined ? { lastModified } : {}),
        },
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
  timedOut: (cause: unknown) => ArgmapError,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw fetchError(
          "INPUT_TOO_LARGE",
          url,
          `the page is more than the limit of ${maxBytes} bytes; stopped reading. Raise it with --max-size <MiB>.`,
        );
      }
      chunks.push(chunk);
    }
  } catch (cause) {
    if (cause instanceof ArgmapError) throw cause;
    if (signal.aborted) throw timedOut(cause);
    throw fetchError("INPUT_UNREADABLE", url, `the download broke off (${(cause as Error).message}).`, cause);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
