/** `argmap serve` as a user runs it (built CLI): it listens, answers, and stops on SIGTERM with exit 0. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers.js";
import { request } from "./http.js";

describe("argmap serve", () => {
  it("maps the files, prints its address, serves them and stops cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [
        `${repoRoot}bin/argmap.js`,
        "serve",
        "--port",
        "0",
        `${repoRoot}examples/thread-car-free-downtowns.txt`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString("utf8");
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
    });
    const res = await request(url, "/api/maps");
    expect(res.status).toBe(200);
    expect(res.json<{ maps: { name: string }[] }>().maps[0]!.name).toBe("thread-car-free-downtowns.txt");
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(stderr).toContain("stopped");
  });

  it("refuses to start with nothing to serve, a short token or a bad port (exit 2, one line)", () => {
    for (const args of [
      ["serve"],
      ["serve", "x.txt", "--host", "0.0.0.0", "--token", "short"],
      ["serve", "x.txt", "--port", "http"],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^argmap: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
