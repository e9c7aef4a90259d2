/**
 * `npm run bench`: each benchmark runs in its own process (so peak memory is its own) and prints
 * one JSON line; this runner prints a table. Figures are ratios against a baseline measured in
 * the same run wherever a baseline exists.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const benches = [
  { name: "ingest", file: "ingest.ts" },
  { name: "map", file: "map.ts" },
  { name: "keypoints", file: "keypoints.ts" },
  { name: "store", file: "store.ts" },
];

for (const bench of benches) {
  const file = fileURLToPath(new URL(bench.file, import.meta.url));
  if (!existsSync(file)) continue;
  const out = execFileSync(process.execPath, ["--import", "tsx", file], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
  console.log(`\n== ${bench.name}`);
  for (const [k, v] of Object.entries(result))
    console.log(`  ${k.padEnd(22)} ${typeof v === "number" ? +v.toFixed(3) : JSON.stringify(v)}`);
}
