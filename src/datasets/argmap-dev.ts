/**
 * Reader for argmap-dev's gold threads (`../shared/data/argmap-dev/threads`): `threadNN.jsonl`
 * (one post per line, `{id, parent?, author, text}`) beside `threadNN.gold.json` (reply stance for
 * every reply, units with offsets into their post's text, support/attack relations between units).
 * The essays of the same set are brat standoff and go through `importBrat`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../model/index.js";
import { describeIssues, readDataFile, requireDir } from "./io.js";

export type DevStance = "support" | "attack" | "none";

const Gold = z.object({
  posts: z.array(z.string()),
  replies: z.array(
    z.object({ post: z.string(), parent: z.string(), stance: z.enum(["support", "attack", "none"]) }),
  ),
  units: z.array(
    z.object({
      id: z.string(),
      post: z.string(),
      start: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
      text: z.string(),
      kind: z.enum(["major-claim", "claim", "premise"]),
    }),
  ),
  relations: z.array(z.object({ from: z.string(), to: z.string(), kind: z.enum(["support", "attack"]) })),
});
export type DevThreadGold = z.infer<typeof Gold>;

const Post = z.object({ id: z.string(), parent: z.string().optional(), text: z.string() });

export interface DevThread {
  /** File stem, e.g. `thread01`. */
  name: string;
  /** The JSONL as it is on disk (what `argmap map` reads). */
  jsonl: string;
  /** The posts' texts by id (the gold offsets are into these). */
  postText: Map<string, string>;
  gold: DevThreadGold;
}

function parseJson(raw: string, path: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new ArgmapError("INPUT_MALFORMED", `${path} is not JSON: ${(error as Error).message}`, {
      input: path,
      cause: error,
    });
  }
}

/** Does a folder hold argmap-dev gold threads (`*.gold.json` beside `*.jsonl`)? */
export function isDevThreadDir(files: readonly string[]): boolean {
  return files.some((f) => f.endsWith(".gold.json")) && files.some((f) => f.endsWith(".jsonl"));
}

/**
 * Read every `<name>.jsonl` + `<name>.gold.json` pair of a folder, sorted by name. A gold unit whose
 * text is not at its offsets in its post, or that names an unknown post, is `INPUT_MALFORMED`.
 *
 * @example readDevThreads("../shared/data/argmap-dev/threads").length // 40
 */
export function readDevThreads(dir: string): DevThread[] {
  requireDir(dir, "argmap-dev threads: threadNN.jsonl + threadNN.gold.json");
  const out: DevThread[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".gold.json")) continue;
    const name = file.slice(0, -".gold.json".length);
    const goldPath = join(dir, file);
    const parsed = Gold.safeParse(parseJson(readDataFile(goldPath, "thread gold"), goldPath));
    if (!parsed.success)
      throw new ArgmapError("INPUT_MALFORMED", `${goldPath}: ${describeIssues(parsed.error.issues)}`, {
        input: goldPath,
      });
    const jsonlPath = join(dir, `${name}.jsonl`);
    const jsonl = readDataFile(jsonlPath, `posts of ${file}`);
    const postText = new Map<string, string>();
    jsonl.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const post = Post.safeParse(parseJson(line, `${jsonlPath} line ${i + 1}`));
      if (!post.success)
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${jsonlPath} line ${i + 1}: ${describeIssues(post.error.issues)}`,
          { input: jsonlPath },
        );
      postText.set(post.data.id, post.data.text);
    });
    for (const u of parsed.data.units) {
      const text = postText.get(u.post);
      if (text === undefined || text.slice(u.start, u.end) !== u.text)
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${goldPath}: unit ${u.id} ${text === undefined ? `names the unknown post ${u.post}` : `is not at ${u.start}–${u.end} of post ${u.post}`}.`,
          { input: goldPath },
        );
    }
    out.push({ name, jsonl, postText, gold: parsed.data });
  }
  if (out.length === 0)
    throw new ArgmapError("DATA_NOT_FOUND", `No threadNN.gold.json files in ${dir}.`, { input: dir });
  return out;
}
