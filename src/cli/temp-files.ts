/**
 * Temporary files and folders of a CLI run (the `-o` file being written, the spill folder): removed
 * when the run is interrupted (SIGINT, SIGTERM), and, after a SIGKILL that left them behind, by the
 * next run of the same command. Their names carry the owner's process id, so a later run removes
 * exactly the ones whose owner is gone and never those of a run still going.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const owned = new Set<string>();
let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const path of owned) rmSync(path, { recursive: true, force: true });
  owned.clear();
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/**
 * Remove `path` (file or folder) if this process is stopped by SIGINT or SIGTERM before the
 * returned function is called; the process then exits 130 or 143.
 * @example const release = removeOnSignal(temp); try { write(temp) } finally { release() }
 */
export function removeOnSignal(path: string): () => void {
  owned.add(path);
  if (!listening) {
    listening = true;
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  return () => {
    owned.delete(path);
    if (owned.size === 0 && listening) {
      listening = false;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };
}

/** Whether a process with this id runs (one we may not signal still runs). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove the entries of `dir` that `pattern` matches (its first group the owner's process id)
 * and whose owner no longer runs: what a killed run of the same command left behind.
 * @returns the paths removed
 * @example removeStale(tmpdir(), /^argmap-map-(\d+)-/)
 */
export function removeStale(dir: string, pattern: RegExp, alive = processAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // an unreadable folder: writing there reports it
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    const path = join(dir, name);
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      continue; // another run removes it, or it is not ours to remove: leave it
    }
  }
  return removed;
}

/** A regular expression matching `text` literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
