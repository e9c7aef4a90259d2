import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiUrlFor,
  fetchIfChanged,
  fetchUrl,
  HttpStatusError,
  retryAfterMs,
  isPrivateAddress,
  USER_AGENT,
  type CanonicalAddress,
  type FetchOptions,
  type ResolveHost,
} from "./fetch.js";
import { loadInputs } from "./load.js";
import { readSource } from "./read-source.js";
import { errorOf } from "../../test/helpers.js";

let server: Server;
let base = "";
let seenAgent = "";
let hits = 0;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAgent = req.headers["user-agent"] ?? "";
    hits++;
    const url = req.url ?? "/";
    if (url === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        "<html><body><article><p>Cities should plant more trees, because shade lowers summer heat.</p></article></body></html>",
      );
    } else if (url === "/slow") {
      const t = setTimeout(() => res.end("late"), 5_000);
      timers.add(t);
    } else if (url === "/huge") {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 2_000 && res.write(chunk)) sent++;
        if (sent < 2_000) res.once("drain", pump);
        else res.end();
      };
      res.on("error", () => undefined);
      pump();
    } else if (url.startsWith("/hop/")) {
      const n = Number(url.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : "/page" });
      res.end();
    } else if (url.startsWith("/redirect?to=")) {
      res.writeHead(302, { location: decodeURIComponent(url.slice("/redirect?to=".length)) });
      res.end();
    } else if (url === "/to-file") {
      res.writeHead(301, { location: "file:///etc/passwd" });
      res.end();
    } else if (url === "/bomb") {
      // A gzip bomb sent as plain text: argmap asks for identity encoding and reads the bytes as they are.
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      res.end(gzipSync(Buffer.alloc(1 << 20)));
    } else if (url === "/versioned") {
      const fresh = req.headers["if-none-match"] !== '"v1"' && req.headers["if-modified-since"] === undefined;
      res.writeHead(fresh ? 200 : 304, {
        "content-type": "text/plain",
        etag: '"v1"',
        "last-modified": "Thu, 01 Jan 2026 10:00:00 GMT",
      });
      res.end(fresh ? "Parks cool cities." : undefined);
    } else if (url === "/busy") {
      res.writeHead(429, { "retry-after": "7" });
      res.end("slow down");
    } else if (url === "/image") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end("png");
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("fetchUrl", () => {
  it("fetches a page with the argmap User-Agent and names it by its host", async () => {
    const raw = await fetchUrl(`${base}/page`, { maxBytes: 1 << 20 });
    expect(new TextDecoder().decode(raw.bytes)).toContain("plant more trees");
    expect(raw.name).toBe("127.0.0.1");
    expect(raw.uri).toBe(`${base}/page`);
    expect(seenAgent).toBe(USER_AGENT);
  });

  it("reports a 404 as INPUT_UNREADABLE naming the URL", async () => {
    const error = await errorOf(fetchUrl(`${base}/missing`, { maxBytes: 1 << 20 }));
    expect(error.code).toBe("INPUT_UNREADABLE");
    expect(error.message).toContain("404");
    expect(error.message).toContain(`${base}/missing`);
  });

  it("times out a slow response", async () => {
    const error = await errorOf(fetchUrl(`${base}/slow`, { maxBytes: 1 << 20, timeoutMs: 200 }));
    expect(error.code).toBe("INPUT_UNREADABLE");
    expect(error.message).toContain("timed out");
  });

  it("stops reading an oversized body at the cap with an error", async () => {
    const error = await errorOf(fetchUrl(`${base}/huge`, { maxBytes: 64 * 1024 }));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.message).toContain("--max-size");
  });

  it("follows up to five redirects and refuses a sixth", async () => {
    const ok = await fetchUrl(`${base}/hop/4`, { maxBytes: 1 << 20 });
    expect(new TextDecoder().decode(ok.bytes)).toContain("trees");
    const error = await errorOf(fetchUrl(`${base}/hop/5`, { maxBytes: 1 << 20 }));
    expect(error.message).toContain("redirects");
  });

  it("refuses a redirect to a file: URL", async () => {
    const error = await errorOf(fetchUrl(`${base}/to-file`, { maxBytes: 1 << 20 }));
    expect(error.code).toBe("INPUT_UNREADABLE");
    expect(error.message).toContain("file:");
  });

  it("refuses a private address when noPrivateNetwork is set", async () => {
    const error = await errorOf(fetchUrl(`${base}/page`, { maxBytes: 1 << 20, noPrivateNetwork: true }));
    expect(error.message).toContain("private or local address");
  });

  it("refuses a content type that is not text", async () => {
    const error = await errorOf(fetchUrl(`${base}/image`, { maxBytes: 1 << 20 }));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("image/png");
  });

  it("names the URL, not its host or 'the file', when a fetched page turns out to be binary", async () => {
    const [raw] = await loadInputs([`${base}/bomb`]);
    let message = "";
    try {
      readSource(raw!);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${base.replace(/[.]/g, "\\.")}/bomb: the page contains NUL bytes`));
    expect(message).not.toMatch(/the file/);
  });

  it("is used by loadInputs for http URLs", async () => {
    const [raw] = await loadInputs([`${base}/page`]);
    expect(raw?.uri).toBe(`${base}/page`);
  });
});

describe("fetchUrl with noPrivateNetwork", () => {
  const port = () => (server.address() as AddressInfo).port;
  const guarded = { maxBytes: 1 << 20, noPrivateNetwork: true } as const;

  async function expectRefused(url: string, options: FetchOptions = guarded): Promise<void> {
    const before = hits;
    const error = await errorOf(fetchUrl(url, options));
    expect(error.code).toBe("INPUT_UNREADABLE");
    expect(error.message).toContain("private or local address");
    expect(error.message).toContain(url);
    expect(hits).toBe(before); // the local server never saw the request
  }

  it("refuses every spelling of a loopback or metadata address, IPv4 and IPv6", async () => {
    for (const host of [
      "127.0.0.1",
      "2130706433",
      "0x7f000001",
      "0x7f.1",
      "0177.0.0.1",
      "127.1",
      "[::ffff:127.0.0.1]",
      "[::ffff:7f00:1]",
      "[0:0:0:0:0:ffff:127.0.0.1]",
      "[::127.0.0.1]",
      "[::ffff:0:127.0.0.1]",
      "[64:ff9b::127.0.0.1]",
      "[2002:7f00:1::1]",
      "[::1]",
      "[::ffff:a9fe:a9fe]",
      "[::ffff:169.254.169.254]",
    ])
      await expectRefused(`http://${host}:${port()}/page`);
  });

  it("checks every redirect target in canonical form, not only the first address", async () => {
    // Allow exactly the test server's dotted address and refuse every other private one: the
    // first hop passes, a redirect to the same server spelled another way must not.
    const refuseAddress = (a: CanonicalAddress) => a.address !== "127.0.0.1" && isPrivateAddress(a.address);
    const ok = await fetchUrl(`${base}/redirect?to=${encodeURIComponent(`${base}/page`)}`, {
      maxBytes: 1 << 20,
      refuseAddress,
    });
    expect(new TextDecoder().decode(ok.bytes)).toContain("trees");
    for (const host of [
      "[::ffff:7f00:1]",
      "[::ffff:127.0.0.1]",
      "[0:0:0:0:0:ffff:127.0.0.1]",
      "[::ffff:a9fe:a9fe]",
      "[::1]",
    ]) {
      const first = `${base}/redirect?to=${encodeURIComponent(`http://${host}:${port()}/page`)}`;
      const before = hits;
      const error = await errorOf(fetchUrl(first, { maxBytes: 1 << 20, refuseAddress }));
      expect(error.message).toContain("refused");
      expect(hits).toBe(before + 1); // the redirect was answered, its target never reached
    }
  });

  it("refuses a host name whose DNS answer includes a private address in any form", async () => {
    for (const answer of ["127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "64:ff9b::a00:1", "fe80::1"]) {
      const resolve: ResolveHost = async () => [
        { address: "93.184.216.34", family: 4 },
        { address: answer, family: answer.includes(":") ? 6 : 4 },
      ];
      await expectRefused(`http://rebind.test:${port()}/page`, { ...guarded, resolve });
    }
  });

  it("connects to the address it checked, resolving each host once (no second DNS answer)", async () => {
    let calls = 0;
    // A rebinding resolver: the first answer is the local test server, later ones an unroutable
    // documentation address. A fetch that asked DNS again at connect time would not arrive.
    const resolve: ResolveHost = async () =>
      calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "192.0.2.1", family: 4 }];
    const raw = await fetchUrl(`http://pinned.test:${port()}/page`, {
      maxBytes: 1 << 20,
      resolve,
      timeoutMs: 5_000,
    });
    expect(new TextDecoder().decode(raw.bytes)).toContain("trees");
    expect(calls).toBe(1);
  });

  it("still fetches when the guard is off, through the same canonical addresses", async () => {
    const raw = await fetchUrl(`http://0x7f.1:${port()}/page`, { maxBytes: 1 << 20 });
    expect(new TextDecoder().decode(raw.bytes)).toContain("trees");
  });

  it("refuses an IPv6 loopback server (when this machine has IPv6)", async (context) => {
    const v6 = createServer((_req, res) => {
      hits++;
      res.end("v6");
    });
    const listening = await new Promise<boolean>((resolve) => {
      v6.once("error", () => resolve(false));
      v6.listen(0, "::1", () => resolve(true));
    });
    if (!listening) {
      context.skip("no IPv6 loopback on this machine");
      return;
    }
    try {
      const p = (v6.address() as AddressInfo).port;
      const open = await fetchUrl(`http://[::1]:${p}/`, { maxBytes: 1 << 20 });
      expect(new TextDecoder().decode(open.bytes)).toBe("v6");
      for (const host of ["[::1]", "[0:0:0:0:0:0:0:1]", "[::0:1]"])
        await expectRefused(`http://${host}:${p}/`);
    } finally {
      await new Promise<void>((resolve) => v6.close(() => resolve()));
    }
  });
});

describe("isPrivateAddress", () => {
  it("flags loopback, private, link-local and unique-local addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "::7f00:1",
      "::ffff:0:7f00:1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::1",
      "2002:a00:1::1",
      "2001:0:4136:e378::1",
      "2001:db8::1",
      "::",
      "fec0::1",
      "2130706433",
      "0177.0.0.1",
      "0x7f.1",
      "127.1",
      "192.0.2.1",
      "224.0.0.1",
      "255.255.255.255",
      "not-an-address",
    ])
      expect(isPrivateAddress(a)).toBe(true);
  });

  it("lets public addresses through", () => {
    for (const a of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "2606:4700::1111",
      "::ffff:808:808",
      "64:ff9b::808:808",
      "2002:808:808::1",
      "2a00:1450:4001::200e",
    ])
      expect(isPrivateAddress(a)).toBe(false);
  });
});

describe("apiUrlFor", () => {
  it("turns HN item pages into Algolia item calls and Reddit threads into .json", () => {
    expect(apiUrlFor("https://news.ycombinator.com/item?id=8863")).toBe(
      "https://hn.algolia.com/api/v1/items/8863",
    );
    expect(apiUrlFor("https://www.reddit.com/r/cmv/comments/abc12/some_title/")).toBe(
      "https://www.reddit.com/r/cmv/comments/abc12/some_title.json",
    );
    expect(apiUrlFor("https://example.org/post")).toBe("https://example.org/post");
  });
});

describe("fetchIfChanged", () => {
  it("sends the validators of the copy it holds and reports an unchanged page as not modified", async () => {
    const first = await fetchIfChanged(`${base}/versioned`, { maxBytes: 1000 });
    expect(new TextDecoder().decode(first.raw!.bytes)).toBe("Parks cool cities.");
    expect(first.validators).toEqual({ etag: '"v1"', lastModified: "Thu, 01 Jan 2026 10:00:00 GMT" });
    const again = await fetchIfChanged(`${base}/versioned`, { maxBytes: 1000, validators: first.validators });
    expect(again.raw).toBeUndefined();
    expect(again.validators).toEqual(first.validators);
    const byDate = await fetchIfChanged(`${base}/versioned`, {
      maxBytes: 1000,
      validators: { lastModified: first.validators.lastModified! },
    });
    expect(byDate.raw).toBeUndefined();
  });

  it("reports an error answer's status and Retry-After, with the one-line message fetchUrl gives", async () => {
    const error = await errorOf(fetchIfChanged(`${base}/busy`, { maxBytes: 1000 }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(429);
    expect((error as HttpStatusError).retryAfterMs).toBe(7000);
    expect(error.message).toBe(`${base}/busy: the server answered 429 Too Many Requests.`);
    expect(retryAfterMs("Thu, 01 Jan 2026 10:00:30 GMT", Date.parse("2026-01-01T10:00:00Z"))).toBe(30_000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
