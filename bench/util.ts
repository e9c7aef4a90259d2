/** Helpers shared by the benchmarks: medians, growth exponents, child runs, tables. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Least-squares slope of log(y) over log(x): the exponent k in y ≈ c·x^k (1 linear, 2 quadratic;
 * n log n from 10k to 1M fits ≈ 1.2).
 * @example fitExponent([1, 10], [2, 20]) // 1
 */
export function fitExponent(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/** Run a bench file (TypeScript, via tsx) in its own process; its last stdout line, parsed. */
export function runBench<T>(file: string, args: string[] = [], nodeArgs: string[] = []): T {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const out = execFileSync(process.execPath, [...nodeArgs, "--import", "tsx", path, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as T;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A plain text table: header row, then rows, columns padded (numbers right-aligned). */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells
    .map((r, ri) =>
      r
        .map((c, i) =>
          ri > 0 && typeof rows[ri - 1]![i] === "number" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : a >= 1 ? n.toFixed(2) : n.toFixed(3);
}

/** The number after `--name` on the command line, if given. */
export function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}
