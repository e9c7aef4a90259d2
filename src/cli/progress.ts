import type { ProgressEvent } from "../model/index.js";
import type { CliIO } from "./command.js";

/**
 * A one-line progress display on stderr, only when stderr is a TTY (never in pipes or CI logs).
 * Returns undefined when progress should not be shown.
 */
export function progressReporter(
  io: CliIO,
): { onProgress: (e: ProgressEvent) => void; done: () => void } | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    onProgress(event) {
      const now = Date.now();
      if (now - last < 100 && event.done < event.total) return;
      last = now;
      shown = true;
      const pct = event.total > 0 ? Math.floor((100 * event.done) / event.total) : 0;
      io.stderr.write(`\r\x1b[2K${event.stage}: ${event.done}/${event.total} (${pct}%)`);
    },
    done() {
      if (shown) io.stderr.write("\r\x1b[2K");
    },
  };
}

/** Colour only on a TTY and only when NO_COLOR is unset (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  return (
    Boolean(io.stdout.isTTY) && !("NO_COLOR" in io.env && io.env.NO_COLOR !== "") && io.env.TERM !== "dumb"
  );
}
