/**
 * Fetch a web page (or thread) for mapping: the edge of ingest that talks to the network.
 * Hacker News item URLs become Algolia API calls (`hn.algolia.com/api/v1/items/<id>`), Reddit
 * thread URLs get `.json`. Redirects are followed by hand (at most 5, http(s) only); with
 * `noPrivateNetwork` every host is resolved and loopback, private, link-local and other
 * non-public addresses are refused. The body is streamed and cut at `maxBytes` with an error; a
 * timeout covers the whole exchange; the content type must be text-like.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ArgmapError } from "../model/index.js";
import type { RawInput } from "./load.js";

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

/** Whether an IP address is not on the public internet (loopback, private, link-local, CGNAT, …). */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (kind === 6) {
    const v6 = address.toLowerCase().replace(/^\[|\]$/g, "");
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    if (mapped) return isPrivateAddress(mapped[1] as string);
    return (
      v6 === "::" ||
      v6 === "::1" ||
      /^f[cd]/.test(v6) || // unique local fc00::/7
      /^fe[89ab]/.test(v6) || // link-local fe80::/10
      /^ff/.test(v6) // multicast
    );
  }
  return true;
}

function fetchError(
  code: "INPUT_UNREADABLE" | "INPUT_TOO_LARGE" | "INPUT_MALFORMED",
  url: string,
  why: string,
  cause?: unknown,
): ArgmapError {
  return new ArgmapError(code, `${url}: ${why}`, { input: url, ...(cause !== undefined ? { cause } : {}) });
}

async function checkHost(url: URL, original: string): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (cause) {
      throw fetchError(
        "INPUT_UNREADABLE",
        original,
        `cannot resolve ${host} (${(cause as Error).message}).`,
        cause,
      );
    }
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined) {
    throw fetchError(
      "INPUT_UNREADABLE",
      original,
      `${url.host} resolves to ${bad}, a private or local address, and --no-private-network is set.`,
    );
  }
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
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
      if (options.noPrivateNetwork) await checkHost(target, url);
      let response: Response;
      try {
        response = await fetch(target, {
          redirect: "manual",
          signal: controller.signal,
          headers: { "user-agent": USER_AGENT, accept: "text/html,application/json,text/*;q=0.9,*/*;q=0.1" },
        });
      } catch (cause) {
        if (controller.signal.aborted)
          throw fetchError(
            "INPUT_UNREADABLE",
            url,
            `no complete answer within ${timeoutMs} ms (timed out).`,
            cause,
          );
        const reason =
          cause instanceof Error
            ? ((cause.cause as Error | undefined)?.message ?? cause.message)
            : String(cause);
        throw fetchError("INPUT_UNREADABLE", url, `cannot fetch (${reason}).`, cause);
      }
      if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS)
          throw fetchError("INPUT_UNREADABLE", url, `more than ${MAX_REDIRECTS} redirects.`);
        current = new URL(response.headers.get("location") as string, target).href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw fetchError(
          "INPUT_UNREADABLE",
          url,
          `the server answered ${response.status} ${response.statusText}.`,
        );
      }
      const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
      if (type !== "" && !TEXT_TYPES.test(type)) {
        await response.body?.cancel();
        throw fetchError("INPUT_MALFORMED", url, `the content type is ${type}, not text, HTML or JSON.`);
      }
      const declared = Number(response.headers.get("content-length") ?? "NaN");
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        await response.body?.cancel();
        throw fetchError(
          "INPUT_TOO_LARGE",
          url,
          `the page is ${declared} bytes, more than the limit of ${options.maxBytes}. Raise it with --max-size <MiB>.`,
        );
      }
      const bytes = await readBody(response, options.maxBytes, url, controller, timeoutMs);
      const host = new URL(url).hostname.replace(/^www\./, "");
      return { name: host, uri: url, bytes };
    }
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(
  response: Response,
  maxBytes: number,
  url: string,
  controller: AbortController,
  timeoutMs: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw fetchError(
          "INPUT_TOO_LARGE",
          url,
          `the page is more than the limit of ${maxBytes} bytes; stopped reading. Raise it with --max-size <MiB>.`,
        );
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof ArgmapError) throw cause;
    if (controller.signal.aborted)
      throw fetchError(
        "INPUT_UNREADABLE",
        url,
        `no complete answer within ${timeoutMs} ms (timed out).`,
        cause,
      );
    throw fetchError("INPUT_UNREADABLE", url, `the download broke off (${(cause as Error).message}).`, cause);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
