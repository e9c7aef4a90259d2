/**
 * Child process for the store's crash and concurrency tests: adds synthetic sources to a corpus
 * in a loop and prints `ok <name> <sourceId>` after each commit.
 *
 *   node --import tsx test/store/add-driver.ts <db> <prefix> <first> <count> [names]
 *
 * `<db>` is any corpus target `openCorpus` takes: a SQLite file or a `postgres://` URL.
 *
 * Source i is named `<prefix>-<i % names>.txt` (so with `names` set, later adds replace earlier
 * sources of the same name) and has 1–40 posts of 3 sentences, all derived from i.
 * With ARGMAP_DRIVER_WAIT=1 it loads, prints `loaded`, and waits for a line on stdin before
 * opening the corpus (so a test can start the next child while the current one runs).
 */
import { openCorpus } from "../../src/store/index.js";
import { generatedPosts, seededRandom, SYNTHETIC_RUN, syntheticAnalysis } from "./synthetic.js";

const [db, prefix, firstArg, countArg, namesArg] = process.argv.slice(2);
if (!db || !prefix || !firstArg || !countArg) {
  process.stderr.write("usage: add-driver.ts <db> <prefix> <first> <count> [names]\n");
  process.exit(2);
}
const first = Number(firstArg);
const count = Number(countArg);
const names = namesArg ? Number(namesArg) : Number.POSITIVE_INFINITY;

if (process.env.ARGMAP_DRIVER_WAIT === "1") {
  process.stdout.write("loaded\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  process.stdin.pause();
}
const store = await openCorpus(db);
process.stdout.write("ready\n");
for (let i = first; i < first + count; i++) {
  const posts = 1 + Math.floor(seededRandom(i)() * 40);
  const name = `${prefix}-${Number.isFinite(names) ? i % names : i}.txt`;
  const analysis = syntheticAnalysis(name, generatedPosts(i, posts, 3));
  await store.putAnalysis(analysis, SYNTHETIC_RUN);
  process.stdout.write(`ok ${name} ${analysis.source.id}\n`);
}
await store.close();
