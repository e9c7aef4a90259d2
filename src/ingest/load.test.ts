import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { loadInputs } from "./load.js";
import { errorOf } from "../../test/helpers.js";

const dir = mkdtempSync(path.join(tmpdir(), "argmap-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadInputs", () => {
  it("reads a file and names it by its basename", async () => {
    const file = path.join(dir, "note.txt");
    writeFileSync(file, "Hello there.");
    const [input] = await loadInputs([file]);
    expect(input?.name).toBe("note.txt");
    expect(new TextDecoder().decode(input?.bytes)).toBe("Hello there.");
    expect(input?.uri).toMatch(/^file:\/\/.*note\.txt$/);
  });

  it("reads stdin for the path -", async () => {
    const [input] = await loadInputs(["-"], {
      stdin: Readable.from([Buffer.from("from "), Buffer.from("stdin")]),
    });
    expect(input?.name).toBe("stdin");
    expect(new TextDecoder().decode(input?.bytes)).toBe("from stdin");
  });

  it("reports a missing path as INPUT_NOT_FOUND naming the path", async () => {
    const missing = path.join(dir, "nope.txt");
    const error = await errorOf(loadInputs([missing]));
    expect(error.code).toBe("INPUT_NOT_FOUND");
    expect(error.message).toContain(missing);
  });

  it("expands a directory to its supported files, recursively and sorted", async () => {
    const d = path.join(dir, "corpus");
    mkdirSync(path.join(d, "sub"), { recursive: true });
    writeFileSync(path.join(d, "b.md"), "# B");
    writeFileSync(path.join(d, "a.txt"), "A.");
    writeFileSync(path.join(d, "image.png"), "not text");
    writeFileSync(path.join(d, "sub", "c.markdown"), "C.");
    const inputs = await loadInputs([d]);
    expect(inputs.map((i) => i.name)).toEqual(["a.txt", "b.md", "c.markdown"]);
  });

  it("rejects a directory without supported files", async () => {
    const d = path.join(dir, "empty-dir");
    mkdirSync(d);
    writeFileSync(path.join(d, "data.bin"), "x");
    const error = await errorOf(loadInputs([d]));
    expect(error.code).toBe("INPUT_IS_DIRECTORY");
    expect(error.message).toContain(d);
  });

  it("rejects a file larger than maxBytes and names the option to raise it", async () => {
    const file = path.join(dir, "big.txt");
    writeFileSync(file, "x".repeat(2048));
    const error = await errorOf(loadInputs([file], { maxBytes: 1024 }));
    expect(error.code).toBe("INPUT_TOO_LARGE");
    expect(error.message).toContain("--max-size");
    expect(error.message).toContain("big.txt");
  });

  it("rejects stdin larger than maxBytes without reading it all", async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(512, 0x61));
    const error = await errorOf(loadInputs(["-"], { stdin: Readable.from(chunks), maxBytes: 1000 }));
    expect(error.code).toBe("INPUT_TOO_LARGE");
  });
});
