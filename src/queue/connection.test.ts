import { describe, expect, it } from "vitest";
import { errorOfSync } from "../../test/helpers.js";
import { cliConnection, parseRedisUrl, redactRedisUrl } from "./connection.js";

describe("Redis queue URLs", () => {
  it("reads host, port, database, user and password, with defaults for what is left out", () => {
    expect(parseRedisUrl("redis://127.0.0.1")).toMatchObject({
      host: "127.0.0.1",
      port: 6379,
      db: 0,
      tls: false,
    });
    const full = parseRedisUrl("rediss://ops:p%40ss@cache.example:6380/3");
    expect(full).toEqual({
      shown: "rediss://***@cache.example:6380/3",
      host: "cache.example",
      port: 6380,
      db: 3,
      username: "ops",
      password: "p@ss",
      tls: true,
    });
    expect(parseRedisUrl("redis://[::1]:7000").host).toBe("::1");
  });

  it("never shows the password in what it reports", () => {
    expect(redactRedisUrl("redis://:hunter2@h:1/0")).toBe("redis://***@h:1/0");
    expect(redactRedisUrl("redis://h:1")).toBe("redis://h:1");
    const error = errorOfSync(() => parseRedisUrl("http://u:hunter2@h:1"));
    expect(error.code).toBe("USAGE");
    expect(error.message).toContain("http://***@h:1");
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses what is not a Redis URL, saying why", () => {
    expect(errorOfSync(() => parseRedisUrl("localhost:6379")).message).toMatch(/scheme is 'localhost'/);
    expect(errorOfSync(() => parseRedisUrl("not a url")).message).toMatch(/does not parse/);
    expect(errorOfSync(() => parseRedisUrl("redis://h:1/queue")).message).toMatch(
      /'\/queue' is not a database/,
    );
  });

  it("gives CLI clients a connection that fails fast instead of retrying forever", () => {
    const options = cliConnection(parseRedisUrl("redis://h:1")) as {
      retryStrategy: (n: number) => number | null;
      enableOfflineQueue: boolean;
      connectTimeout: number;
    };
    expect(options.retryStrategy(1)).toBeNull();
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.connectTimeout).toBeGreaterThan(0);
  });
});
