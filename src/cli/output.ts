/**
 * Writing the CLI's output where the user asked, without losing anything already there:
 * - `-o file` is written to a temporary file in the same folder, flushed to disk (fsync) and then
 *   renamed over the target, so a killed process or a full disk leaves the old file whole;
 * - stdout errors are handled: a reader that went away (`EPIPE`, e.g. `| head -c 10`) ends the run
 *   quietly with exit 0, as for tools killed by SIGPIPE under a shell that only reports the last
 *   command; any other refusal (`ENOSPC` for `> /dev/full`) is one clear line and exit 2.
 */
import { randomBytes } from "node:crypto";
import { open, rename, stat, unlink, realpath } from "node:fs/promises";
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

/**
 * Replace `path` with `text` atomically: temporary file in the same folder, fsync, rename. On any
 * failure the temporary file is removed and `path` keeps its old content.
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
    mode = (await stat(target)).mode & 0o7777;
  } catch (error) {
    if (errnoOf(error) !== "ENOENT") throw outputError(error, path);
  }
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  const chunk = options.chunkBytes ?? 1 << 20;
  // A run killed while writing this target left its temporary file: this run removes it.
  removeStale(
    dirname(target),
    new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`),
  );
  let handle;
  try {
    handle = await open(temp, "wx", mode);
  } catch (error) {
    throw outputError(error, path);
  }
  const release = removeOnSignal(temp);
  try {
    let written = 0;
    for await (const piece of batched(text)) {
      const bytes = Buffer.from(piece, "utf8");
      for (let at = 0; at < bytes.length; at += chunk) {
        const end = Math.min(bytes.length, at + chunk);
        let done = at;
        while (done < end) done += (await handle.write(bytes, done, end - done, written + done)).bytesWritten;
        await options.afterChunk?.(written + end);
      }
      written += bytes.length;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    // A failing renderer (the text's pieces) is not a write error: only system errors are reworded.
    throw error instanceof ArgmapError || error instanceof OutputClosed || errnoOf(error) === undefined
      ? error
      : outputError(error, path);
  } finally {
    release();
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
