/**
 * The server under hostile clients (issue 26): an upload aborted half-way is not an internal
 * error, and a request with two Host headers is refused with 400.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog, startServer, type RunningServer } from "../../src/serve/index.js";
import { request } from "./http.js";

let server: RunningServer;
const logged: string[] = [];

beforeAll(async () => {
  server = await startServer({ catalog: new Catalog(), log: (line) => logged.push(line) });
});

afterAll(async () => {
  await server?.close();
});

/** Send raw bytes, then read what comes back until the server closes or `ms` pass. */
function rawExchange(
  bytes: string,
  options: { abortAfterSend?: boolean; ms?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host);
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
    socket.write(bytes, () => {
      if (options.abortAfterSend) setTimeout(() => socket.destroy(), 50);
    });
    setTimeout(() => socket.destroy(), options.ms ?? 2000);
  });
}

describe("hostile clients", () => {
  it("treats a client that disconnects in the middle of a POST body as a normal event, with nothing logged", async () => {
    const head =
      "POST /api/map HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    for (let i = 0; i < 3; i++) await rawExchange(`${head}{"text": "half a body`, { abortAfterSend: true });
    // The server still answers, and logged no internal error for the aborted uploads.
    const res = await request(server.url, "/api/maps");
    expect(res.status).toBe(200);
    expect(logged.filter((l) => /internal error|aborted|\n\s+at /.test(l))).toEqual([]);
  });

  it("refuses a request with two Host headers with 400, whichever comes first", async () => {
    const twice = await rawExchange(
      "GET /api/maps HTTP/1.1\r\nHost: localhost\r\nHost: evil.com\r\nConnection: close\r\n\r\n",
    );
    expect(twice).toMatch(/^HTTP\/1\.1 400 /);
    expect(twice).toMatch(/more than one Host header/);
    const once = await rawExchange("GET /api/maps HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect(once).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe("POST /api/map off the event loop", () => {
  const paragraph =
    "Cities should build protected bike lanes, because separated lanes cut injuries. Critics say lanes slow buses, but the data from Paris shows the opposite. ";
  const text = Array.from({ length: 400 }, (_, i) => `${paragraph}Point ${i}.`).join("\n\n");
  const post = (url: string) =>
    request(url, "/api/map", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, name: "big essay" }),
    });

  it("turns posts beyond the waiting bound away with 503 and Retry-After", async () => {
    const own = await startServer({ catalog: new Catalog(), maxBodyBytes: 4 << 20 });
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(own.url)));
      const busy = answers.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThanOrEqual(3); // 1 mapping + 4 waiting at most
      for (const r of busy) expect(r.headers["retry-after"]).toBe("5");
      expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    } finally {
      await own.close();
    }
  }, 120_000);
});
