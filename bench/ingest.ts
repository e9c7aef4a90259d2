/**
 * Ingest speed: posts/s for the largest shared Reddit thread and a synthetic 100,000-comment
 * Hacker News Algolia tree (fixed shape: 1,000 top-level comments, each with a 99-reply chain
 * split into branches of depth ≤ 10). Prints one JSON line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readSource } from "../src/ingest/index.js";

function time(fn: () => number): { posts: number; ms: number } {
  const t0 = performance.now();
  const posts = fn();
  return { posts, ms: performance.now() - t0 };
}

function syntheticHn(comments: number): string {
  let id = 1;
  const node = (depth: number, budget: { left: number }): Record<string, unknown> => {
    const me = id++;
    budget.left--;
    const children: Record<string, unknown>[] = [];
    while (depth < 10 && budget.left > 0 && children.length < 3) children.push(node(depth + 1, budget));
    return {
      id: me,
      author: `user${me % 997}`,
      created_at_i: 1_700_000_000 + me,
      type: "comment",
      text: `&gt; quoting something earlier<p>Comment ${me} argues that parking revenue funds city services, so removing cars means raising taxes elsewhere.`,
      children,
    };
  };
  const top: Record<string, unknown>[] = [];
  const per = Math.floor(comments / 1000);
  for (let i = 0; i < 1000; i++) top.push(node(0, { left: per }));
  return JSON.stringify({
    id: 0,
    type: "story",
    author: "op",
    title: "Synthetic story",
    created_at_i: 1_700_000_000,
    text: null,
    children: top,
  });
}

const result: Record<string, number | string> = {};
const redditDir = fileURLToPath(new URL("../../shared/data/raw-threads/reddit/", import.meta.url));
if (existsSync(redditDir)) {
  const largest = readdirSync(redditDir)
    .map((f) => redditDir + f)
    .sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
  const bytes = readFileSync(largest);
  readSource({ name: "warm.json", bytes });
  const r = time(() => readSource({ name: "reddit.json", bytes }).doc.posts.length);
  result.reddit_posts = r.posts;
  result.reddit_ms = r.ms;
  result.reddit_posts_per_s = (r.posts / r.ms) * 1000;
}
const hn = new TextEncoder().encode(syntheticHn(100_000));
const heapBefore = process.memoryUsage().heapUsed;
const h = time(() => readSource({ name: "hn.json", bytes: hn }).doc.posts.length);
result.hn_input_mib = hn.length / 2 ** 20;
result.hn_posts = h.posts;
result.hn_ms = h.ms;
result.hn_posts_per_s = (h.posts / h.ms) * 1000;
result.hn_heap_growth_mib = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
result.peak_rss_mib = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify(result));
