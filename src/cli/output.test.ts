import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { writeOutput } from "./output.js";

function io(cwd: string): { io: CliIO; out: () => string } {
  let text = "";
  const stdout = new PassThrough();
  stdout.on("data", (c: Buffer) => (text += c.toString()));
  return {
    io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd },
    out: () => text,
  };
}

describe("writeOutput with text in pieces", () => {
  const pieces = () => ["{\n", '  "a": 1,\n', '  "b": "é"\n', "}"];

  it("writes the pieces in order to stdout and to a file, ending with one newline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-out-"));
    const std = io(dir);
    await writeOutput(pieces(), undefined, std.io);
    expect(std.out()).toBe('{\n  "a": 1,\n  "b": "é"\n}\n');
    await writeOutput(pieces(), "map.json", std.io);
    expect(readFileSync(join(dir, "map.json"), "utf8")).toBe('{\n  "a": 1,\n  "b": "é"\n}\n');
  });

  it("keeps the old file whole when the pieces fail midway", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-out-"));
    writeFileSync(join(dir, "map.json"), "old\n");
    function* failing() {
      yield "x".repeat(3 << 20); // more than one write batch reaches the temporary file first
      throw new Error("renderer failed");
    }
    await expect(writeOutput(failing(), "map.json", io(dir).io)).rejects.toThrow(/renderer failed/);
    expect(readFileSync(join(dir, "map.json"), "utf8")).toBe("old\n");
  });
});
