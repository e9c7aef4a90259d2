/**
 * The fuzz oracle and input stream, shared by `fuzz.test.ts` (short, deterministic) and `run.ts`
 * (`npm run fuzz`, long runs). An input passes when its target returns a result that satisfies
 * the invariants, or throws an `ArgmapError` that is a user error; anything else is a crash.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { isArgmapError } from "../../src/model/index.js";
import type { Rng } from "./mutate.js";
import { bytesOf, mutate } from "./mutate.js";
import type { FuzzTarget } from "./targets.js";

export type Outcome =
  | { kind: "ok" }
  | { kind: "user-error"; code: string }
  | { kind: "skipped"; reason: string }
  | { kind: "crash"; message: string };

/** Run one input through a target and classify what happened. */
export function runInput(target: FuzzTarget, input: Uint8Array): Outcome {
  const reason = target.skip?.(input);
  if (reason !== undefined) return { kind: "skipped", reason };
  let violations: string[];
  try {
    violations = target.run(input);
  } catch (error) {
    if (isArgmapError(error) && error.isUserError) return { kind: "user-error", code: error.code };
    const e = error as Error;
    const where = e?.stack?.split("\n").find((l) => l.includes("/src/")) ?? "";
    return {
      kind: "crash",
      message: `${e?.name ?? typeof error}: ${e?.message ?? String(error)} ${where.trim()}`,
    };
  }
  if (violations.length > 0)
    return { kind: "crash", message: `invariant: ${violations.slice(0, 3).join("; ")}` };
  return { kind: "ok" };
}

/**
 * Time allowed for one input: 50 ms + 20 µs per byte, or the target's own per-byte rate
 * (measured by `npm run fuzz` only).
 */
export function budgetMs(bytes: number, usPerByte = 20): number {
  return 50 + (bytes * usPerByte) / 1000;
}

/**
 * The `i`-th input of a target's stream for a seed: a third are fast-check structured inputs, the
 * rest mutations of a fixture seed or of a structured input. Deterministic in (seed, i).
 */
export class InputStream {
  private readonly pool: Uint8Array[];
  private readonly generated: Uint8Array[] = [];
  private batch = 0;

  constructor(
    private readonly target: FuzzTarget,
    private readonly seed: number,
  ) {
    this.pool = target.seeds();
  }

  private nextGenerated(): Uint8Array {
    if (this.generated.length === 0) {
      const samples = fc.sample(this.target.arbitrary, {
        seed: this.seed + 7919 * this.batch++,
        numRuns: 50,
      });
      // Some inputs as UTF-16 with a BOM, so lone surrogates reach the readers undamaged.
      this.generated.push(...samples.map((s, k) => (k % 7 === 3 ? utf16(s) : bytesOf(s))).reverse());
    }
    return this.generated.pop()!;
  }

  next(rng: Rng): { input: Uint8Array; how: "generated" | "mutated" } {
    if (rng.chance(1 / 3)) return { input: this.nextGenerated(), how: "generated" };
    const base = this.pool.length > 0 && rng.chance(0.7) ? this.pickSeed(rng) : this.nextGenerated();
    return { input: mutate(base, rng, this.pool.length > 0 ? this.pool : [base]), how: "mutated" };
  }

  /** Seeds listed first are the target's own format: pick those more often. */
  private pickSeed(rng: Rng): Uint8Array {
    const own = Math.min(this.pool.length, 4);
    return rng.chance(0.6) ? this.pool[rng.int(own)]! : rng.pick(this.pool);
  }
}

function utf16(s: string): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i] = c & 0xff;
    out[3 + 2 * i] = c >> 8;
  }
  return out;
}

export const CRASH_DIR = new URL("../fixtures/fuzz/", import.meta.url).pathname;

/** Save a crashing input as `test/fixtures/fuzz/<target>-<hash>`; returns the path. */
export function saveCrash(target: FuzzTarget, input: Uint8Array): string {
  mkdirSync(CRASH_DIR, { recursive: true });
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 12);
  const path = join(CRASH_DIR, `${target.name}-${hash}`);
  if (!existsSync(path)) writeFileSync(path, input);
  return path;
}

/** Save an input over the time budget under the OS temp folder (not a regression fixture); returns the path. */
export function saveSlow(target: FuzzTarget, input: Uint8Array): string {
  const dir = join(tmpdir(), "argmap-fuzz-slow");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${target.name}-${createHash("sha256").update(input).digest("hex").slice(0, 12)}`);
  writeFileSync(path, input);
  return path;
}

/** Saved crash inputs for the given targets: `{ target, file, input }`. */
export function savedCrashes(
  targets: readonly FuzzTarget[],
): { target: FuzzTarget; file: string; input: Uint8Array }[] {
  if (!existsSync(CRASH_DIR)) return [];
  const out: { target: FuzzTarget; file: string; input: Uint8Array }[] = [];
  for (const file of readdirSync(CRASH_DIR).sort()) {
    const target = targets.find((t) => new RegExp(`^${t.name}-[0-9a-f]{12}$`).test(file));
    if (target) out.push({ target, file, input: new Uint8Array(readFileSync(join(CRASH_DIR, file))) });
  }
  return out;
}
