/**
 * `npm run fuzz -- [--runs N] [--seed S] [--target name|group ...] [--no-save]`: run N inputs
 * round-robin over the targets (all, or those named: a target name such as `reader-hn`, or a
 * group `readers`, `segment`, `importers`, `parseMap`), then report per target how many inputs
 * ran, passed, were user errors, were skipped (known issues), crashed, and went over the time
 * budget (50 ms + 20 µs/byte, the better of two tries). Crashing inputs are saved under
 * `test/fixtures/fuzz/` (replayed by `fuzz.test.ts`); slow ones under the OS temp folder. Exit 1 when anything crashed or went over budget.
 */
import { parseArgs } from "node:util";
import { budgetMs, InputStream, runInput, saveCrash, saveSlow } from "./harness.js";
import { Rng } from "./mutate.js";
import { selectTargets, type FuzzTarget } from "./targets.js";

interface Tally {
  runs: number;
  ok: number;
  userErrors: number;
  skipped: number;
  crashes: number;
  overBudget: number;
  bytes: number;
  maxMs: number;
  skipReasons: Map<string, number>;
}

const { values, positionals } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    target: { type: "string", multiple: true, default: [] },
    "no-save": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const runs = Number(values.runs);
const seed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write("usage: npm run fuzz -- --runs N --seed S [--target name|group ...]\n");
  process.exit(2);
}
const targets = selectTargets([...values.target, ...positionals]);
const tallies = new Map<FuzzTarget, Tally>(
  targets.map((t) => [
    t,
    {
      runs: 0,
      ok: 0,
      userErrors: 0,
      skipped: 0,
      crashes: 0,
      overBudget: 0,
      bytes: 0,
      maxMs: 0,
      skipReasons: new Map(),
    },
  ]),
);
const streams = new Map(targets.map((t, k) => [t, new InputStream(t, seed * 1000 + k)]));
const rng = new Rng(seed);
const crashes: string[] = [];
const slow: string[] = [];
// Warm-up, untimed: the first input of a target loads its parsers and JIT-compiles its code.
for (const target of targets) runInput(target, target.seeds()[0] ?? new Uint8Array(0));
const started = performance.now();

for (let i = 0; i < runs; i++) {
  const target = targets[i % targets.length]!;
  const tally = tallies.get(target)!;
  const { input, how } = streams.get(target)!.next(rng);
  let t0 = performance.now();
  const outcome = runInput(target, input);
  let ms = performance.now() - t0;
  if (ms > budgetMs(input.length, target.usPerByte)) {
    // Once more before calling it slow: a GC pause or a neighbour on the shared CPU is not the input.
    t0 = performance.now();
    runInput(target, input);
    ms = Math.min(ms, performance.now() - t0);
  }
  tally.runs++;
  tally.bytes += input.length;
  if (outcome.kind !== "skipped") tally.maxMs = Math.max(tally.maxMs, ms);
  if (outcome.kind === "ok") tally.ok++;
  else if (outcome.kind === "user-error") tally.userErrors++;
  else if (outcome.kind === "skipped") {
    tally.skipped++;
    tally.skipReasons.set(outcome.reason, (tally.skipReasons.get(outcome.reason) ?? 0) + 1);
  } else {
    tally.crashes++;
    const file = values["no-save"] ? "(not saved)" : saveCrash(target, input);
    crashes.push(`${target.name} (${how}, ${input.length} B) ${file}\n    ${outcome.message.slice(0, 300)}`);
  }
  if (outcome.kind !== "skipped" && ms > budgetMs(input.length, target.usPerByte)) {
    tally.overBudget++;
    const file = saveSlow(target, input);
    slow.push(
      `${target.name} (${how}, ${input.length} B): ${ms.toFixed(0)} ms > ${budgetMs(input.length).toFixed(0)} ms ${file}`,
    );
  }
  if ((i + 1) % 5000 === 0)
    process.stderr.write(`${i + 1}/${runs} inputs, ${crashes.length} crashes, ${slow.length} over budget\n`);
}

const seconds = (performance.now() - started) / 1000;
const pad = (s: string | number, n: number): string => String(s).padStart(n);
const lines = [
  `fuzz: ${runs} inputs, seed ${seed}, ${seconds.toFixed(1)} s`,
  `${"target".padEnd(16)}${pad("runs", 8)}${pad("ok", 8)}${pad("user-err", 10)}${pad("skipped", 9)}${pad("crashes", 9)}${pad("over-budget", 13)}${pad("avg KiB", 9)}${pad("max ms", 8)}`,
];
const total = { runs: 0, ok: 0, userErrors: 0, skipped: 0, crashes: 0, overBudget: 0 };
for (const [target, t] of tallies) {
  lines.push(
    `${target.name.padEnd(16)}${pad(t.runs, 8)}${pad(t.ok, 8)}${pad(t.userErrors, 10)}${pad(t.skipped, 9)}${pad(t.crashes, 9)}${pad(t.overBudget, 13)}${pad((t.bytes / Math.max(1, t.runs) / 1024).toFixed(1), 9)}${pad(t.maxMs.toFixed(0), 8)}`,
  );
  for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += t[key];
}
lines.push(
  `${"total".padEnd(16)}${pad(total.runs, 8)}${pad(total.ok, 8)}${pad(total.userErrors, 10)}${pad(total.skipped, 9)}${pad(total.crashes, 9)}${pad(total.overBudget, 13)}`,
);
for (const [target, t] of tallies)
  for (const [reason, n] of t.skipReasons) lines.push(`skipped ${target.name}: ${n} × ${reason}`);
if (crashes.length > 0) lines.push(`crashes:`, ...crashes.slice(0, 50).map((c) => `  ${c}`));
if (slow.length > 0) lines.push(`over budget:`, ...slow.slice(0, 50).map((s) => `  ${s}`));
process.stdout.write(`${lines.join("\n")}\n`);
process.exitCode = crashes.length > 0 || slow.length > 0 ? 1 : 0;
