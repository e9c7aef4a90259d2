import { execFileSync } from "node:child_process";
import {
  createReadStream,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./command.js";
import { main } from "./main.js";
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

describe("-o that is not a regular file, or is an input", () => {
  it("writes straight into a FIFO and leaves it a FIFO, never renaming a file over it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-out-"));
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = new Promise<string>((resolve, reject) => {
      let text = "";
      const stream = createReadStream(fifo, { encoding: "utf8" });
      stream.on("data", (c) => (text += String(c)));
      stream.on("end", () => resolve(text));
      stream.on("error", reject);
    });
    const written = writeOutput(["{", '"a": 1', "}"], "pipe", io(dir).io);
    const outcome = await Promise.race([
      Promise.all([written, reader]).then(([, text]) => text),
      new Promise<string>((resolve) => setTimeout(() => resolve("the reader saw no end"), 5000)),
    ]);
    expect(outcome).toBe('{"a": 1}\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["pipe"]);
  });

  it("refuses -o naming an input, also through a symlink, with exit 2 and the input untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "argmap-out-"));
    const input = join(dir, "essay.txt");
    const text = "Cities should build more bike lanes. They are cheap and they save lives.\n";
    writeFileSync(input, text);
    symlinkSync(input, join(dir, "alias.txt"));
    for (const output of ["essay.txt", "alias.txt"]) {
      const run = io(dir);
      let err = "";
      run.io.stderr.on("data", (c: Buffer) => (err += c.toString()));
      expect(await main(["map", "essay.txt", "-o", output], run.io)).toBe(2);
      expect(err).toMatch(new RegExp(`-o ${output} is also an input`));
      expect(readFileSync(input, "utf8")).toBe(text);
    }
    const run = io(dir);
    expect(await main(["map", "essay.txt", "-o", "map.json", "-f", "json"], run.io)).toBe(0);
    expect(readFileSync(join(dir, "map.json"), "utf8")).toMatch(/^\{/);
  });
});
