/**
 * A map holds every source's analysis until its key points and arguments are built, so a big
 * enough input exhausts the JavaScript heap and V8 aborts the process after minutes of work.
 * `argmap map` asks `mapFitsInMemory` up front and maps inputs that do not fit in bounded memory
 * instead (`../spill.ts`), one source at a time; `checkMapMemory` refuses a single source (a file
 * read whole) that cannot fit even alone.
 *
 * Measured (`bench/scale.ts --posts N`): a map's process peaks at 59–79 MB of RSS per MB of
 * input at 10k–100k posts and 37 at 1M posts (218 MB of input, 8.1 GB peak). The check counts
 * 25 per MB plus the engine, below every measurement, so it does not refuse an input that could
 * fit; inputs just under the line may still run out of memory.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { ArgmapError } from "../model/index.js";

/** Bytes of memory a map takes per byte of input, at least (see the measurements above). */
export const MAP_BYTES_PER_INPUT_BYTE = 25;

/** Heap in use once the classic engine and wink are loaded (measured: 29 MB after a two-sentence map). */
export const ENGINE_HEAP_BYTES = 30e6;

/** Most directory entries looked at; past it the total is a lower bound (the check only refuses). */
const MAX_ENTRIES = 100_000;

/** Bytes of the local files and folders among `inputs` (URLs and `-` count as 0). */
export function localInputBytes(inputs: readonly string[]): number {
  let total = 0;
  let seen = 0;
  const stack = inputs.filter((p) => p !== "-" && !/^https?:\/\//i.test(p));
  while (stack.length > 0 && seen < MAX_ENTRIES) {
    const path = stack.pop()!;
    seen++;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // reading reports it, naming the input
    }
    if (stat.isFile()) total += stat.size;
    else if (stat.isDirectory()) {
      try {
        for (const name of readdirSync(path)) stack.push(join(path, name));
      } catch {
        continue;
      }
    }
  }
  return total;
}

/**
 * Whether the in-memory map of `inputs` may fit in this process's heap (see `checkMapMemory`);
 * `argmap map` builds a streamed map instead when it cannot.
 * @example mapFitsInMemory(["big.jsonl"]) // false for a 2 GB file
 */
export function mapFitsInMemory(
  inputs: readonly string[],
  heapLimit = getHeapStatistics().heap_size_limit,
): boolean {
  return textFitsInMemory(localInputBytes(inputs), heapLimit);
}

/**
 * Whether the in-memory map of this much input (bytes, or characters of stored text) may fit.
 * @example textFitsInMemory(2e9) // false
 */
export function textFitsInMemory(bytes: number, heapLimit = getHeapStatistics().heap_size_limit): boolean {
  return ENGINE_HEAP_BYTES + bytes * MAP_BYTES_PER_INPUT_BYTE <= heapLimit;
}

/**
 * Refuse to map inputs whose map cannot fit in this process's heap.
 * @example checkMapMemory(["big.jsonl"]) // throws INPUT_TOO_LARGE for a 2 GB file
 */
export function checkMapMemory(
  inputs: readonly string[],
  heapLimit = getHeapStatistics().heap_size_limit,
): void {
  const bytes = localInputBytes(inputs);
  const need = ENGINE_HEAP_BYTES + bytes * MAP_BYTES_PER_INPUT_BYTE;
  if (need <= heapLimit) return;
  const mb = (n: number) => `${Math.ceil(n / 1e6).toLocaleString("en")} MB`;
  throw new ArgmapError(
    "INPUT_TOO_LARGE",
    `mapping ${mb(bytes)} of input needs at least ${mb(need)} of memory (a map keeps every analysis until its key points are built), more than this process may use (${mb(heapLimit)}). Store it part by part with 'argmap add --db corpus.db …' and search the corpus, or raise the limit: NODE_OPTIONS=--max-old-space-size=${Math.ceil((need * 1.5) / 1e6)}.`,
    { input: inputs.length === 1 ? inputs[0]! : `${inputs.length} inputs` },
  );
}
