/**
 * Bytes → text. Detects byte order marks, refuses empty and binary input, and falls back from
 * UTF-8 to windows-1252 (with a warning) when the bytes are not valid UTF-8. Line endings are kept
 * exactly as they are: every span downstream indexes the decoded text.
 */
import { ArgmapError, type Diagnostic } from "../model/index.js";

export interface DecodedText {
  text: string;
  diagnostics: Diagnostic[];
}

/** windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to themselves as C1 controls). */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, i + CHUNK);
    for (let j = i; j < end; j++) {
      const b = bytes[j] as number;
      codes.push(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

/** Share of characters that are control characters other than tab, line feed, carriage return, form feed. */
function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f)) {
      controls++;
    }
  }
  return controls / text.length;
}

function hasNul(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

/**
 * Decode the bytes of an input file into text. `name` and `noun` name the input in errors (a
 * fetched page: its URL and "the page").
 *
 * @throws ArgmapError INPUT_EMPTY (no bytes or whitespace only), INPUT_BINARY (NUL bytes or mostly
 *   control characters), INPUT_ENCODING (neither UTF-8/16 nor plausible windows-1252 text).
 * @example
 * const { text } = decodeText(new TextEncoder().encode("Hello.\n"), "hello.txt"); // "Hello.\n"
 */
export function decodeText(bytes: Uint8Array, name: string, noun = "the file"): DecodedText {
  const diagnostics: Diagnostic[] = [];
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  } else {
    const body =
      bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
        ? bytes.subarray(3)
        : bytes;
    if (hasNul(body)) {
      throw new ArgmapError(
        "INPUT_BINARY",
        `${name}: ${noun} contains NUL bytes, so it looks like a binary file, not text. Give argmap a text, Markdown or thread file.`,
        { input: name },
      );
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    } catch (cause) {
      text = decodeWindows1252(body);
      if (controlRatio(text) > 0.01) {
        throw new ArgmapError(
          "INPUT_ENCODING",
          `${name}: ${noun} is not valid UTF-8 and does not read as windows-1252 text either. Convert it to UTF-8 and try again.`,
          { input: name, cause },
        );
      }
      diagnostics.push({
        rule: "ingest/encoding-fallback",
        stage: "ingest",
        severity: "warning",
        message: `${name}: not valid UTF-8; decoded as windows-1252. Check accented letters and quotes in the output.`,
      });
    }
  }
  if (text.trim().length === 0) {
    throw new ArgmapError(
      "INPUT_EMPTY",
      `${name}: the input is ${text.length === 0 ? "empty" : "whitespace only"}; there is nothing to map.`,
      { input: name },
    );
  }
  if (controlRatio(text) > 0.1) {
    throw new ArgmapError(
      "INPUT_BINARY",
      `${name}: ${noun} is mostly control characters, so it looks like a binary file, not text.`,
      { input: name },
    );
  }
  return { text, diagnostics };
}
