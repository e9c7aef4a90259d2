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

/**
 * A synthetic essay of about `bytes` UTF-8 bytes: a title, then paragraphs of two to six
 * arguments of one topic each (the argument texts of `corpusTopics`), with discourse openers so
 * the essay reader sees an essay's shape. Deterministic for a seed.
 * @example syntheticEssay(1 << 20).length // ≈ 1 MiB
 */
export function syntheticEssay(bytes: number, seed = 23): string {
  const { topics } = corpusTopics();
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const paragraphs: string[] = ["Why this matters more than it seems"];
  let size = paragraphs[0]!.length;
  const openers = [
    "",
    "",
    "First, ",
    "Moreover, ",
    "However, ",
    "In fact, ",
    "Therefore, ",
    "Critics say that ",
  ];
  while (size < bytes) {
    const args = pick(topics);
    const n = 2 + Math.floor(random() * 5);
    const sentences: string[] = [];
    for (let k = 0; k < n; k++) {
      const text = pick(args).replace(/[.!?]*$/, ".");
      const opener = pick(openers);
      sentences.push(opener ? opener + text[0]!.toLowerCase() + text.slice(1) : text);
    }
    const paragraph = sentences.join(" ");
    paragraphs.push(paragraph);
    size += Buffer.byteLength(paragraph) + 2;
  }
  return `${paragraphs.join("\n\n")}\n`;
}

/**
 * A Hacker News thread as Firebase JSONL: a story, then `comments` comments, each replying to the
 * one before (`shape: "chain"`, a reply chain `comments` deep) or all replying to the story
 * (`shape: "wide"`). `nearIdentical` makes every comment one sentence with only a number changed.
 * @example hnThread(10_000, "chain").split("\n").length // 10,002 (story, comments, final newline)
 */
export function hnThread(
  comments: number,
  shape: "chain" | "wide",
  options: { nearIdentical?: boolean; seed?: number } = {},
): string {
  const { topics } = corpusTopics();
  const random = seededRandom(options.seed ?? 29);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const args = topics[0]!;
  const lines: string[] = [];
  const kidsOf = (id: number): number[] =>
    shape === "chain" ? (id < comments ? [id + 1] : []) : id === 0 ? range(1, comments) : [];
  const story = {
    by: "op",
    id: 0,
    kids: kidsOf(0),
    time: 1.7e9,
    type: "story",
    title: "Ask HN: is this a good idea?",
    text: pick(args),
  };
  lines.push(JSON.stringify(story));
  for (let id = 1; id <= comments; id++) {
    const text = options.nearIdentical
      ? `I think the plan is a mistake because it costs ${id % 97} dollars more than it saves.`
      : `${pick(args)} ${pick(args)}`;
    const parent = shape === "chain" ? id - 1 : 0;
    const kids = kidsOf(id);
    lines.push(
      JSON.stringify({
        by: `user${id % 500}`,
        id,
        ...(kids.length ? { kids } : {}),
        parent,
        text,
        time: 1.7e9 + id,
        type: "comment",
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
