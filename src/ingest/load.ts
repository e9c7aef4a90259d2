/**
 * The only file of ingest that touches the file system or stdin: turns paths (or `-`) into raw
 * bytes. Everything after this is pure.
 */
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ArgmapError } from "../model/index.js";
import { fetchUrl, isUrl } from "./fetch.js";
import type { RawInput } from "./readers/reader.js";
import { SUPPORTED_EXTENSIONS } from "./registry.js";

export type { RawInput };

export interface LoadOptions {
  /** Stream read for the path `-` (defaults to `process.stdin`). */
  stdin?: NodeJS.ReadableStream;
  /** Largest input accepted, in bytes (default 32 MiB); URLs are cut at this size with an error. */
  maxBytes?: number;
  /** For URLs: refuse hosts on loopback, private or link-local addresses (CLI `--no-private-network`). */
  noPrivateNetwork?: boolean;
  /** For URLs: time allowed per fetch, redirects included (default 20 s). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export { SUPPORTED_EXTENSIONS };

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export function tooLarge(name: string, size: number | undefined, maxBytes: number): ArgmapError {
  const what = size === undefined ? "more than" : `${formatBytes(size)}, more than`;
  return new ArgmapError(
    "INPUT_TOO_LARGE",
    `${name}: the input is ${what} the limit of ${formatBytes(maxBytes)}. Split it, or raise the limit with --max-size <MiB>.`,
    { input: name },
  );
}

function unreadable(name: string, cause: unknown): ArgmapError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ArgmapError("INPUT_UNREADABLE", `${name}: cannot read the input (${reason}).`, {
    input: name,
    cause,
  });
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk as Uint8Array);
    total += bytes.length;
    if (total > maxBytes) throw tooLarge("stdin", undefined, maxBytes);
    chunks.push(bytes);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

async function listSupported(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && SUPPORTED_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
        found.push(full);
    }
  };
  await walk(dir);
  return found;
}

async function readFileBounded(file: string, name: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (cause) {
    throw unreadable(name, cause);
  }
  try {
    const info = await handle.stat();
    if (info.size > maxBytes) throw tooLarge(name, info.size, maxBytes);
    const buffer = await handle.readFile();
    if (buffer.length > maxBytes) throw tooLarge(name, buffer.length, maxBytes);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  } catch (cause) {
    if (cause instanceof ArgmapError) throw cause;
    throw unreadable(name, cause);
  } finally {
    await handle.close();
  }
}

/**
 * Read inputs: files, directories (their files with a supported extension, recursively, sorted),
 * `http(s)://` URLs (fetched; see `fetchUrl`) and `-` for stdin.
 *
 * @throws ArgmapError INPUT_NOT_FOUND, INPUT_IS_DIRECTORY (no supported files inside),
 *   INPUT_TOO_LARGE, INPUT_UNREADABLE.
 * @example
 * const inputs = await loadInputs(["examples/essay-cars.md"], { maxBytes: 1 << 20 });
 */
export async function loadInputs(paths: string[], options: LoadOptions = {}): Promise<RawInput[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const out: RawInput[] = [];
  for (const p of paths) {
    if (p === "-") {
      const stream = options.stdin ?? process.stdin;
      try {
        out.push({ name: "stdin", bytes: await readStream(stream, maxBytes) });
      } catch (cause) {
        if (cause instanceof ArgmapError) throw cause;
        throw unreadable("stdin", cause);
      }
      continue;
    }
    if (isUrl(p)) {
      out.push(
        await fetchUrl(p, {
          maxBytes,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.noPrivateNetwork ? { noPrivateNetwork: true } : {}),
        }),
      );
      continue;
    }
    let info;
    try {
      info = await stat(p);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException | undefined)?.code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        throw new ArgmapError("INPUT_NOT_FOUND", `${p}: no such file or directory.`, { input: p, cause });
      }
      throw unreadable(p, cause);
    }
    if (info.isDirectory()) {
      let files: string[];
      try {
        files = await listSupported(p);
      } catch (cause) {
        throw unreadable(p, cause);
      }
      if (files.length === 0) {
        throw new ArgmapError(
          "INPUT_IS_DIRECTORY",
          `${p}: is a directory with no ${SUPPORTED_EXTENSIONS.join(", ")} files in it. Give a file, or a directory that holds some.`,
          { input: p },
        );
      }
      for (const f of files) {
        out.push({
          name: path.basename(f),
          uri: pathToFileURL(path.resolve(f)).href,
          bytes: await readFileBounded(f, path.basename(f), maxBytes),
        });
      }
      continue;
    }
    if (!info.isFile()) {
      throw new ArgmapError("INPUT_UNREADABLE", `${p}: is not a regular file.`, { input: p });
    }
    out.push({
      name: path.basename(p),
      uri: pathToFileURL(path.resolve(p)).href,
      bytes: await readFileBounded(p, path.basename(p), maxBytes),
    });
  }
  return out;
}
