/**
 * Synthetic comment threads built from real corpus text, for the scale benchmarks: the ArgKP-2021
 * arguments (5,583 real arguments on 24 topics, ../shared/data) recombined with a seeded PRNG —
 * each comment one to three arguments of one topic, sometimes with a conversational opener, and a
 * reply to a recent comment of the same topic with probability 0.6. Written as JSONL
 * (`{ id, parent?, author, text }`), the shape of a consultation or forum export. Falls back to
 * the shipped example thread's sentences when ../shared is absent.
 */
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { readArgKp } from "../src/datasets/argkp.js";
import { seededRandom } from "../src/util/random.js";

const ARGKP = fileURLToPath(new URL("../../shared/data/argkp-2021", import.meta.url));
const EXAMPLE = new URL("../examples/thread-car-free-downtowns.txt", import.meta.url);

/** Argument texts grouped by topic. */
export function corpusTopics(): { corpus: string; topics: string[][] } {
  if (!existsSync(ARGKP)) {
    process.stderr.write("bench/synthetic: ../shared/data/argkp-2021 not found; using the example thread\n");
    const sentences = readFileSync(EXAMPLE, "utf8")
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 20 && !s.startsWith(">"));
    return { corpus: "example thread", topics: [sentences] };
  }
  const byTopic = new Map<string, string[]>();
  for (const split of ["train", "dev"])
    for (const { text, topic } of readArgKp(ARGKP, split).arguments) {
      const list = byTopic.get(topic) ?? [];
      if (text.trim() !== "") list.push(text.trim());
      byTopic.set(topic, list);
    }
  return { corpus: "ArgKP-2021 arguments", topics: [...byTopic.values()] };
}

const OPENERS = [
  "",
  "",
  "",
  "I think ",
  "Honestly, ",
  "I disagree. ",
  "Good point, but ",
  "Exactly. ",
  "In my experience, ",
  "That's true, but ",
];

/**
 * Write `posts` synthetic comments (or until `bytes` are written) as JSONL to `path`.
 * @returns posts and bytes written
 */
export async function writeSyntheticJsonl(
  path: string,
  limit: { posts?: number; bytes?: number },
  seed = 17,
): Promise<{ posts: number; bytes: number; corpus: string }> {
  const { corpus, topics } = corpusTopics();
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const recent: number[][] = topics.map(() => []);
  const out = createWriteStream(path);
  let posts = 0;
  let bytes = 0;
  const maxPosts = limit.posts ?? Infinity;
  const maxBytes = limit.bytes ?? Infinity;
  while (posts < maxPosts && bytes < maxBytes) {
    const t = Math.floor(random() * topics.length);
    const args = topics[t]!;
    const n = 1 + Math.floor(random() * random() * 3);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(pick(args));
    const opener = pick(OPENERS);
    const first = parts[0]!;
    parts[0] = opener && first ? opener + first[0]!.toLowerCase() + first.slice(1) : first;
    const mine = recent[t]!;
    const parent = mine.length > 0 && random() < 0.6 ? mine[Math.floor(random() * mine.length)] : undefined;
    const row = {
      id: `c${posts}`,
      ...(parent !== undefined ? { parent: `c${parent}` } : {}),
      author: `user${Math.floor(random() * 5000)}`,
      text: parts.join(" "),
    };
    mine.push(posts);
    if (mine.length > 50) mine.shift();
    const line = `${JSON.stringify(row)}\n`;
    bytes += Buffer.byteLength(line);
    posts++;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { posts, bytes, corpus };
}
