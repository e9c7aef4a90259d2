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
