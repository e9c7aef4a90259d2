/**
 * PostgreSQL's errors turned into argmap's user errors: an unreachable server or refused login,
 * a lock that stayed taken, a read-only role or a full disk. Every message names the target with
 * its password redacted (`redactUrl`), never the password itself.
 */
import { ArgmapError } from "../../model/index.js";

/** The target with any password (and user name) replaced, for messages. */
export function redactUrl(target: string): string {
  return target
    .replace(/^([a-z][a-z0-9+.-]+:\/\/)[^@/?#]*@/i, "$1***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/** The `code` of a pg or Node error: a SQLSTATE (`40P01`) or a system code (`ECONNREFUSED`). */
export function pgCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string")
    return error.code;
  return undefined;
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 0 ? text : (pgCode(error) ?? "unknown error");
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "28000", // invalid authorization
  "28P01", // wrong password
  "3D000", // no such database
  "57P01", // admin shutdown
  "57P02", // crash shutdown
  "57P03", // cannot connect now (starting up)
  "53300", // too many connections
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** The server could not be reached, refused the login, or went away. */
export function isConnectionFailure(error: unknown): boolean {
  const code = pgCode(error);
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  const text = error instanceof Error ? error.message : "";
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|password authentication/i.test(
    text,
  );
}

/** Deadlock or serialisation failure: the whole transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = pgCode(error);
  return code === "40P01" || code === "40001";
}

/** `lock_timeout` ran out while waiting for another writer. */
export function isLockTimeout(error: unknown): boolean {
  return pgCode(error) === "55P03";
}

/** A write the server refused: read-only transaction or role, no privilege, full disk. */
export function isWriteRefused(error: unknown): boolean {
  const code = pgCode(error);
  return code === "25006" || code === "42501" || code === "53100" || code === "53200";
}

const HOWTO: Record<string, string> = {
  "28P01": "check the user name and password in --db",
  "28000": "check the user name and the server's pg_hba.conf",
  "3D000": "create the database first (createdb) or fix its name in --db",
};

export function unreachableError(target: string, cause: unknown): ArgmapError {
  const code = pgCode(cause) ?? (cause instanceof AggregateError ? pgCode(cause.errors[0]) : undefined);
  const what = `${messageOf(cause)}${code && !messageOf(cause).includes(code) ? ` (${code})` : ""}`;
  const howto = (code && HOWTO[code]) ?? "check that PostgreSQL runs there and that --db names it";
  return new ArgmapError(
    "STORE_UNREACHABLE",
    `${redactUrl(target)}: cannot connect to this PostgreSQL corpus: ${what.replace(/\s+/g, " ")}. Nothing was written; ${howto}.`,
    { input: redactUrl(target), cause },
  );
}

export function unreadable(target: string, why: string, cause?: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNREADABLE",
    `cannot use '${redactUrl(target)}' as an argmap corpus: ${why}. Nothing was changed; pass another --db.`,
    { input: redactUrl(target), cause },
  );
}

export function busyError(target: string, cause: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_BUSY",
    `the corpus '${redactUrl(target)}' stayed locked by another writer; nothing was written. Try again.`,
    { input: redactUrl(target), cause },
  );
}

export function writeRefusedError(target: string, cause: unknown): ArgmapError {
  return new ArgmapError(
    "STORE_UNWRITABLE",
    `cannot write to the corpus '${redactUrl(target)}': the server refused the write (${messageOf(cause)}). ` +
      `This change was rolled back; everything stored before is intact.`,
    { input: redactUrl(target), cause },
  );
}

/** Text PostgreSQL cannot hold (a NUL character) or malformed Unicode. */
export function isBadText(error: unknown): boolean {
  const code = pgCode(error);
  return code === "22021" || code === "22P05";
}

export function badTextError(target: string, cause: unknown): ArgmapError {
  return new ArgmapError(
    "INPUT_MALFORMED",
    `the corpus '${redactUrl(target)}' cannot store this text: ${messageOf(cause)} (PostgreSQL text holds no NUL characters). Nothing was written.`,
    { input: redactUrl(target), cause },
  );
}

/**
 * The server gave up on a statement or the connection mid-transaction: a statement timeout or
 * cancel (57014), a terminated backend or shutdown (57P0x), a dropped connection. The server
 * rolled the transaction back, so running it again is safe.
 */
export function isInterrupted(error: unknown): boolean {
  const code = pgCode(error);
  if (code === "57014" || code === "57P01" || code === "57P02" || code === "ECONNRESET" || code === "08006")
    return true;
  const text = error instanceof Error ? error.message : "";
  return /Connection terminated|connection ended|Client has encountered a connection error/i.test(text);
}

/** SQLSTATE classes of the environment, not of argmap's SQL: resources, operator, system, server. */
const ENVIRONMENT_CLASSES = /^(08|53|54|57|58|XX)/;

/** A failure of the server or its environment (not a bug in a statement). */
export function isServerFailure(error: unknown): boolean {
  const code = pgCode(error);
  return (
    (code !== undefined && /^[0-9A-Z]{5}$/.test(code) && ENVIRONMENT_CLASSES.test(code)) ||
    isInterrupted(error)
  );
}

/** A transaction that failed on the server side, after its retries: rolled back, older data kept. */
export function storeFailedError(target: string, cause: unknown): ArgmapError {
  const code = pgCode(cause);
  const lost = isInterrupted(cause) && !(code === "57014");
  const what = `${messageOf(cause).replace(/\s+/g, " ")}${code && /^[0-9A-Z]{5}$/.test(code) ? ` (${code})` : ""}`;
  return new ArgmapError(
    "STORE_FAILED",
    `${redactUrl(target)}: ${lost ? "lost the connection to this PostgreSQL corpus" : "the PostgreSQL corpus failed a statement"}: ${what}. ` +
      `This change was rolled back; everything stored before it is kept. Try again${lost ? " once the server is back" : ""}.`,
    { input: redactUrl(target), cause },
  );
}

/** `sslmode` values pg treats as `verify-full` (and warns about, at length, on every process). */
const VERIFY_FULL_ALIASES = new Set(["prefer", "require", "verify-ca"]);

/**
 * The connection string with `sslmode=prefer|require|verify-ca` spelt as the `verify-full` pg
 * applies to them, and one line saying so; pg would print a multi-line SECURITY WARNING instead.
 * `uselibpqcompat=true` (libpq's meanings) is left as given.
 */
export function normaliseSslMode(target: string): { target: string; note?: string } {
  const m = /([?&])sslmode=([^&#]*)/i.exec(target);
  if (!m || /[?&]uselibpqcompat=true/i.test(target)) return { target };
  const mode = decodeURIComponent(m[2]!).toLowerCase();
  if (!VERIFY_FULL_ALIASES.has(mode)) return { target };
  return {
    target: target.replace(m[0], `${m[1]}sslmode=verify-full`),
    note: `${redactUrl(target)}: sslmode=${mode} is applied as verify-full by the pg driver (add uselibpqcompat=true for libpq's meaning).`,
  };
}
