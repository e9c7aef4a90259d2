/**
 * The response cache of the LLM engines: a small key → JSON value interface, keyed by
 * model + prompt id + input hash (see `cacheKey`), so a re-run costs nothing. `fileCache` keeps
 * it in a JSON-lines file (one `{"key","value"}` per line, appended as answers arrive); a corpus
 * store can implement the same interface.
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";

export interface LlmCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** The cache key of one call: what would change the answer, and nothing else. */
export function cacheKey(model: string, promptId: string, prompt: string, schema: unknown): string {
  const input = createHash("sha256")
    .update(prompt)
    .update("\u0000")
    .update(JSON.stringify(schema))
    .digest("hex");
  return createHash("sha256").update(`${model}\u0000${promptId}\u0000${input}`).digest("hex");
}

/** A cache in memory, for one process. */
export function memoryCache(): LlmCache & { size(): number } {
  const entries = new Map<string, unknown>();
  return {
    get: (key) => Promise.resolve(entries.get(key)),
    set: (key, value) => {
      entries.set(key, value);
      return Promise.resolve();
    },
    size: () => entries.size,
  };
}

const Line = z.object({ key: z.string(), value: z.unknown() });

/**
 * A cache in a JSON-lines file, loaded on first use. Lines that do not parse (a run killed
 * mid-write) are skipped; the later of two lines with one key wins.
 * @example const cache = fileCache(".argmap-cache/llm.jsonl")
 */
export function fileCache(path: string): LlmCache {
  let loaded: Promise<Map<string, unknown>> | undefined;
  const load = async () => {
    const entries = new Map<string, unknown>();
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue; // a torn last line: that answer is asked again
      }
      const entry = Line.safeParse(json);
      if (entry.success) entries.set(entry.data.key, entry.data.value);
    }
    return entries;
  };
  let writes = Promise.resolve();
  return {
    async get(key) {
      loaded ??= load();
      return (await loaded).get(key);
    },
    async set(key, value) {
      loaded ??= load();
      (await loaded).set(key, value);
      writes = writes.then(async () => {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, JSON.stringify({ key, value }) + "\n");
      });
      await writes;
    },
  };
}
