/**
 * Errors with permanent codes. A user error (bad input, bad usage) prints without a stack; any
 * other error is a bug and prints with one.
 */
export type ErrorCode =
  | "USAGE"
  | "INPUT_NOT_FOUND"
  | "INPUT_IS_DIRECTORY"
  | "INPUT_EMPTY"
  | "INPUT_BINARY"
  | "INPUT_ENCODING"
  | "INPUT_TOO_LARGE"
  | "INPUT_MALFORMED"
  | "INPUT_UNREADABLE"
  | "DATA_NOT_FOUND"
  | "MODEL_MISSING"
  | "ENGINE_UNKNOWN"
  | "ENGINE_INVALID"
  | "LLM_UNAVAILABLE"
  | "QUEUE_UNAVAILABLE"
  | "STORE_UNREADABLE"
  | "STORE_TOO_NEW"
  | "STORE_BUSY"
  | "STORE_UNWRITABLE"
  | "STORE_UNREACHABLE"
  | "STORE_FAILED"
  | "OUTPUT_UNWRITABLE"
  | "INTERNAL";

const USER_ERRORS: ReadonlySet<ErrorCode> = new Set([
  "USAGE",
  "INPUT_NOT_FOUND",
  "INPUT_IS_DIRECTORY",
  "INPUT_EMPTY",
  "INPUT_BINARY",
  "INPUT_ENCODING",
  "INPUT_TOO_LARGE",
  "INPUT_MALFORMED",
  "INPUT_UNREADABLE",
  "DATA_NOT_FOUND",
  "ENGINE_UNKNOWN",
  "ENGINE_INVALID",
  "LLM_UNAVAILABLE",
  // The Redis of `--queue` cannot be reached: the environment, not a bug.
  "QUEUE_UNAVAILABLE",
  "STORE_UNREADABLE",
  "STORE_TOO_NEW",
  // Another writer held the corpus for longer than the retries wait: the environment, not a bug.
  "STORE_BUSY",
  "STORE_UNWRITABLE",
  // A database server that cannot be reached or refuses the login: the environment, not a bug.
  "STORE_UNREACHABLE",
  // The database server cancelled a statement, lost the connection or ran out of resources.
  "STORE_FAILED",
  "OUTPUT_UNWRITABLE",
]);

export class ArgmapError extends Error {
  readonly code: ErrorCode;
  /** The input (file, URL, option) the error is about, when there is one. */
  readonly input: string | undefined;

  constructor(code: ErrorCode, message: string, options: { input?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ArgmapError";
    this.code = code;
    this.input = options.input;
  }

  /** True when the error is the user's to fix (exit 2, no stack trace). */
  get isUserError(): boolean {
    return USER_ERRORS.has(this.code);
  }
}

export function isArgmapError(error: unknown): error is ArgmapError {
  return error instanceof ArgmapError;
}

/** "input: message", without repeating the input when the message already starts with it. */
export function describeError(error: ArgmapError, input = error.input): string {
  return input && !error.message.startsWith(`${input}:`) ? `${input}: ${error.message}` : error.message;
}
