import { describe, expect, it } from "vitest";
import { ArgmapError } from "../model/index.js";
import { decodeText } from "./decode.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ArgmapError) {
      expect(error.input).toBe("in.txt");
      expect(error.message).toContain("in.txt");
      return error.code;
    }
    throw error;
  }
  return undefined;
}

describe("decodeText", () => {
  it("rejects an empty input", () => {
    expect(codeOf(() => decodeText(new Uint8Array(), "in.txt"))).toBe("INPUT_EMPTY");
  });

  it("rejects whitespace-only input", () => {
    expect(codeOf(() => decodeText(enc(" \n\t\r\n  \n"), "in.txt"))).toBe("INPUT_EMPTY");
  });

  it("rejects binary input with NUL bytes", () => {
    expect(
      codeOf(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]), "in.txt")),
    ).toBe("INPUT_BINARY");
  });

  it("strips a UTF-8 byte order mark", () => {
    const { text } = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc("Café.")]), "in.txt");
    expect(text).toBe("Café.");
  });

  it("decodes UTF-16 LE and BE with a byte order mark", () => {
    const le = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0xe9, 0x00, 0x21, 0x00]);
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x48, 0x00, 0xe9, 0x00, 0x21]);
    expect(decodeText(le, "in.txt").text).toBe("Hé!");
    expect(decodeText(be, "in.txt").text).toBe("Hé!");
  });

  it("falls back to windows-1252 for invalid UTF-8 and warns", () => {
    // "“Caf\xe9” costs 5€" in windows-1252
    const bytes = new Uint8Array([
      0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x63, 0x6f, 0x73, 0x74, 0x73, 0x20, 0x35, 0x80,
    ]);
    const { text, diagnostics } = decodeText(bytes, "in.txt");
    expect(text).toBe("“Café” costs 5€");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.severity).toBe("warning");
    expect(diagnostics[0]?.rule).toBe("ingest/encoding-fallback");
  });

  it("rejects bytes that are neither UTF-8 nor plausible windows-1252", () => {
    const junk = new Uint8Array(200).map((_, i) => (i % 2 === 0 ? 0x81 : 0x8d));
    expect(codeOf(() => decodeText(junk, "in.txt"))).toBe("INPUT_ENCODING");
  });

  it("keeps CRLF and lone CR line endings as they are", () => {
    const { text } = decodeText(enc("One.\r\n\r\nTwo.\rThree.\n"), "in.txt");
    expect(text).toBe("One.\r\n\r\nTwo.\rThree.\n");
  });
});
