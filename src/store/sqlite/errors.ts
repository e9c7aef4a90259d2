/**
 * SQLite's error codes turned into argmap's user errors: busy, read-only, full disk, unreadable.
 */
import { ArgmapError } from "../../model/index.js";

export function sqliteCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string")
    return error.code;
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** The file system refused a write: read-only file, folder or mount. */
export function isReadOnly(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN");
}

/** The disk refused a write: full (`SQLITE_FULL`) or an I/O error such as a file-size limit. */
export function isDiskFailure(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR"));
}

export function unreadable(path: string, why: string, cause?: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNREADABLE",
    `cannot use '${path}' as an argmap corpus: ${why}. The file was not changed; pass another --db path.`,
    { input: path, cause },
  );
}

export function readOnlyError(path: string, why: string, cause?: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNWRITABLE",
    `cannot write to the corpus '${path}': ${why}. Nothing was changed; make it writable or pass another --db path.`,
    { input: path, cause },
  );
}

export function busyError(path: string, cause: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_BUSY",
    `the corpus '${path}' stayed locked by another process; nothing was written. Try again.`,
    { input: path, cause },
  );
}

export function diskError(path: string, cause: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNWRITABLE",
    `cannot write to the corpus '${path}': the disk refused the write (${messageOf(cause)}). ` +
      `This change was rolled back; everything stored before is intact. Free some space (or raise the file size limit) and run again.`,
    { input: path, cause },
  );
}
