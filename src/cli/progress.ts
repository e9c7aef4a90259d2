import type { ProgressEvent } from "../model/index.js";
import type { CliIO } from "./command.js";

/** What each stage counts, for the rate ("posts/s"). */
const STAGE_UNITS: Readonly<Record<string, string>> = {
  analyse: "posts",
  segment: "posts",
  extract: "segments",
  cluster: "units",
  sides: "key points",
};

export interface ProgressOptions {
  /** No progress at all (`--quiet`). */
  quiet?: boolean;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** A terminal shows the bar once the work has run this long (default 1000 ms). */
  ttyDelayMs?: number;
  /**
   * Elsewhere (pipes, CI logs) the first plain line comes after this long (default 10 000 ms: a
   * log of a short run, or a script reading stderr, stays clean)…
   */
  plainDelayMs?: number;
  /** …and the next ones at most this often (default 10 000 ms). */
  plainIntervalMs?: number;
}

export interface ProgressReporter {
  onProgress: (e: ProgressEvent) => void;
  /** Clear the bar (terminal) once the work is over. */
  done: () => void;
}

/** "4s", "2m05s", "1h02m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function formatRate(perSecond: number): string {
  return perSecond >= 100
    ? perSecond.toFixed(0)
    : perSecond >= 10
      ? perSecond.toFixed(1)
      : perSecond.toFixed(2);
}

const BAR_WIDTH = 24;

/**
 * Progress of long work on stderr: on a terminal a one-line bar with rate and ETA, redrawn at most
 * every 100 ms; in pipes and logs a plain line now and then. Nothing for work that ends before
 * the delays (so quick runs print nothing), nor with `quiet`. Rate and ETA are per stage, from
 * the stage's first event.
 *
 * @example
 * const progress = progressReporter(io, { quiet: values.quiet === true });
 * await mapSources(inputs, { onProgress: progress?.onProgress });
 * progress?.done();
 */
export function progressReporter(io: CliIO, options: ProgressOptions = {}): ProgressReporter | undefined {
  if (options.quiet) return undefined;
  const now = options.now ?? (() => performance.now());
  const tty = Boolean(io.stderr.isTTY);
  const start = now();
  let stage = "";
  let stageStart = start;
  let stageDone = 0;
  let lastDraw = -Infinity;
  let shown = false;
  const delay = tty ? (options.ttyDelayMs ?? 1000) : (options.plainDelayMs ?? 10_000);
  const interval = tty ? 100 : (options.plainIntervalMs ?? 10_000);

  const describe = (event: ProgressEvent, t: number): string => {
    const unit = STAGE_UNITS[event.stage] ?? "items";
    const elapsed = (t - stageStart) / 1000;
    const rate = elapsed > 0 ? (event.done - stageDone) / elapsed : 0;
    const left = event.total - event.done;
    const eta = rate > 0 && left > 0 ? `, ETA ${formatDuration((left / rate) * 1000)}` : "";
    const pct = event.total > 0 ? Math.floor((100 * Math.min(event.done, event.total)) / event.total) : 0;
    const counts = `${event.done}/${event.total} ${unit} (${pct}%)`;
    const speed = rate > 0 ? `, ${formatRate(rate)} ${unit}/s` : "";
    if (!tty) return `${event.stage}: ${counts}${speed}${eta}, ${formatDuration(t - start)} so far`;
    const filled =
      event.total > 0 ? Math.round((BAR_WIDTH * Math.min(event.done, event.total)) / event.total) : 0;
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    return `${event.stage} ${bar} ${counts}${speed}${eta}`;
  };

  return {
    onProgress(event) {
      const t = now();
      if (event.stage !== stage) {
        stage = event.stage;
        stageStart = t;
        stageDone = event.done;
      }
      if (t - start < delay || t - lastDraw < interval) return;
      // A finished or not yet started stage needs no line of its own in a log.
      if (!tty && (event.done >= event.total || event.done === 0)) return;
      lastDraw = t;
      shown = true;
      io.stderr.write(tty ? `\r\x1b[2K${describe(event, t)}` : `argmap: ${describe(event, t)}\n`);
    },
    done() {
      if (shown && tty) io.stderr.write("\r\x1b[2K");
    },
  };
}

/** Colour only on a TTY and only when NO_COLOR is unset (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  return (
    Boolean(io.stdout.isTTY) && !("NO_COLOR" in io.env && io.env.NO_COLOR !== "") && io.env.TERM !== "dumb"
  );
}
