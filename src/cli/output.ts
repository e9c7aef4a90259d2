/**
 * Writing the CLI's output where the user asked, without losing anything already there:
 * - `-o file` is written to a temporary file in the same folder, flushed to disk (fsync) and then
 *   renamed over the target, so a killed process or a full disk leaves the old file whole;
 * - stdout errors are handled: a reader that went away (`EPIPE`, e.g. `| head -c 10`) ends the run
 *   quietly with exit 0, as for tools killed by SIGPIPE under a shell that only reports the last
 *   command; any other refusal (`ENOSPC` for `> /dev/full`) is one clear line and exit 2.
 */
import { randomBytes } from "node:crypto";
import { open, rename, stat, unlink, realpath, type FileHandle } from "node:fs/promises";
import { escapeRegExp, removeOnSignal, removeStale } from "./temp-files.js";
import { basename, dirname, join, resolve } from "node:path";
import { ArgmapError } from "../model/errors.js";
import type { CliIO } from "./command.js";

/**
 * A real stream (events, write callbacks) rather than a minimal `{ write }` object such as tests
 * and embedders pass as `io.stdout`; the latter is written to and trusted.
 */
function isStream(stream: NodeJS.WritableStream): boolean {
  return typeof stream.on === "function" && typeof stream.once === "function";
}

/** Thrown when the reader of stdout has gone away: the run ends quietly with exit 0. */
export class OutputClosed extends Error {
  constructor(cause?: unknown) {
    super("the reader of the output went away", { cause });
    this.name = "OutputClosed";
  }
}

function errnoOf(error: unknown): string | undefined {
  return error && typeof error === "object" && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** The error to raise for a failed write to `what` (stdout or a file). */
export function outputError(error: unknown, what: string): Error {
  if (errnoOf(error) === "EPIPE") return new OutputClosed(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new ArgmapError("OUTPUT_UNWRITABLE", `cannot write the output to ${what} (${reason}).`, {
    ...(what === "stdout" ? {} : { input: what }),
    cause: error,
  });
}

/**
 * Write `text` to a stream and wait until it is handed to the system; a write error (given to
 * the callback or emitted) rejects with `outputError`.
 */
export function writeToStream(stream: NodeJS.WritableStream, text: string, what = "stdout"): Promise<void> {
  if (!isStream(stream)) {
    stream.write(text);
    return Promise.resolve();
  }
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const onError = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(outputError(error, what));
    };
    stream.once("error", onError);
    stream.write(text, (error?: Error | null) => {
      stream.removeListener("error", onError);
      if (error) onError(error);
      else if (!settled) {
        settled = true;
        resolvePromise();
      }
    });
  });
}

/** Test hook: called after this many bytes of a file write (to play a crash mid-write). */
export interface AtomicWriteOptions {
  chunkBytes?: number;
  afterChunk?: (written: number) => void | Promise<void>;
}

/** Output text whole, or in pieces (a map too big for one string; a streamed map's arrive async). */
export type OutputText = string | Iterable<string> | AsyncIterable<string>;

/** Pieces joined into strings of about `bytes` UTF-16 units: few writes, bounded memory. */
async function* batched(text: OutputText, bytes = 1 << 20): AsyncGenerator<string> {
  if (typeof text === "string") {
    yield text;
    return;
  }
  let batch = "";
  for await (const piece of text) {
    batch += piece;
    if (batch.length >= bytes) {
      yield batch;
      batch = "";
    }
  }
  if (batch !== "") yield batch;
}

/** Write `text` through an open file handle, in chunks of `options.chunkBytes`. */
async function writePieces(handle: FileHandle, text: OutputText, options: AtomicWriteOptions): Promise<void> {
  const chunk = options.chunkBytes ?? 1 << 20;
  let written = 0;
  for await (const piece of batched(text)) {
    const bytes = Buffer.from(piece, "utf8");
    for (let at = 0; at < bytes.length; at += chunk) {
      const end = Math.min(bytes.length, at + chunk);
      let done = at;
      while (done < end) done += (await handle.write(bytes, done, end - done)).bytesWritten;
      await options.afterChunk?.(written + end);
    }
    written += bytes.length;
  }
}

/** A failing renderer (the text's pieces) is not a write error: only system errors are reworded. */
function asWriteError(error: unknown, path: string): unknown {
  return error instanceof ArgmapError || error instanceof OutputClosed || errnoOf(error) === undefined
    ? error
    : outputError(error, path);
}

/**
 * Write straight into something that is not a regular file (`/dev/null`, a FIFO, a terminal):
 * a temporary file renamed over it would replace the device node.
 */
async function writeToSpecialFile(target: string, path: string, text: OutputText): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(target, "w");
  } catch (error) {
    throw outputError(error, path);
  }
  try {
    await writePieces(handle, text, {});
  } catch (error) {
    throw asWriteError(error, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Replace `path` with `text` atomically: temporary file in the same folder, fsync, rename. On any
 * failure the temporary file is removed and `path` keeps its old content. A `path` that exists
 * and is not a regular file (a device, a FIFO) is written straight to, never replaced.
 */
export async function writeFileAtomic(
  path: string,
  text: OutputText,
  options: AtomicWriteOptions = {},
): Promise<void> {
  let target = resolve(path);
  let mode = 0o666;
  try {
    target = await realpath(target); // write through a symlink, not over it
    const stats = await stat(target);
    if (!stats.isFile() && !stats.isDirectory()) return await writeToSpecialFile(target, path, text);
    mode = stats.mode & 0o7777;
  } catch (error) {
    if (errnoOf(error) !== "ENOENT") throw asWriteError(error, path);
  }
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  // A run killed while writing this target left its temporary file: this run removes it.
  removeStale(
    dirname(target),
    new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`),
  );
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, "wx", mode);
  } catch (error) {
    throw outputError(error, path);
  }
  const release = removeOnSignal(temp);
  try {
    await writePieces(handle, text, options);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw asWriteError(error, path);
  } finally {
    release();
  }
}

/** The file's identity (device and inode), or undefined when it does not exist or is not a regular file. */
async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    return undefined; // missing or unreadable: it is no input file the output could overwrite
  }
}

/**
 * Refuse `-o` naming one of the command's input files (also through a symlink or a hard link):
 * the run would overwrite what it reads. URLs and `-` are never files.
 */
export async function refuseOutputOverInput(
  output: string | undefined,
  inputs: readonly string[],
  cwd: string,
): Promise<void> {
  if (output === undefined || output === "-") return;
  const out = await fileIdentity(resolve(cwd, output));
  if (out === undefined) return;
  for (const input of inputs) {
    if (input === "-" || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) continue;
    if ((await fileIdentity(resolve(cwd, input))) === out)
      throw new ArgmapError(
        "USAGE",
        `-o ${output} is also an input (${input}); writing there would overwrite it. Choose another output file.`,
        { input: output },
      );
  }
}

/**
 * Keep a stream's later write errors from crashing the process (an unhandled `'error'` event):
 * the first one is remembered and returned by the function this gives back.
 */
export function watchStream(stream: NodeJS.WritableStream): () => unknown {
  let first: unknown;
  if (!isStream(stream)) return () => first;
  stream.on("error", (error: unknown) => {
    first ??= error;
  });
  return () => first;
}

/** Wait until everything written to `stream` so far was handed to the system (or failed). */
export function flushStream(stream: NodeJS.WritableStream): Promise<void> {
  if (!isStream(stream)) return Promise.resolve();
  return new Promise((resolvePromise) => {
    stream.write("", () => setImmediate(resolvePromise));
  });
}

/** `text` ending with a newline. */
async function* endingWithNewline(text: OutputText): AsyncGenerator<string> {
  let last = "";
  for await (const piece of batched(text)) {
    if (piece !== "") last = piece;
    yield piece;
  }
  if (!last.endsWith("\n")) yield "\n";
}

/**
 * Write output to `-o file` (atomically: the old file survives a failed write) or stdout; text in
 * pieces is written piece by piece, so its size is not bounded by a string's.
 */
export async function writeOutput(text: OutputText, output: string | undefined, io: CliIO): Promise<void> {
  const body = endingWithNewline(text);
  if (output === undefined || output === "-") {
    for await (const piece of body) await writeToStream(io.stdout, piece);
  } else await writeFileAtomic(resolve(io.cwd, output), body);
}
