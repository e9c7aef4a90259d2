/**
 * A map holds every source's analysis until its key points and arguments are built, so a big
 * enough input exhausts the JavaScript heap and V8 aborts the process after minutes of work.
 * `argmap map` asks `mapFitsInMemory` up front and maps inputs that do not fit in bounded memory
 * instead (`../spill.ts`), one source at a time; `checkMapMemory` refuses a single source (a file
 * read whole) that cannot fit even alone.
 *
 * The estimate is 90 bytes per input byte plus 10 kB per JSON object (a post of an HN, Reddit or
 * JSONL thread; counted in each file) plus the engine. Measured peaks over the engine's ~200 MB
 * (`bench/big.ts`, `bench/scale.ts`): a 1 and a 4 MiB essay 140 and 400 MB (≈ 95 per byte), an
 * HN story with 20,000 direct replies (6.5 MB) 640 MB and with 200,000 (36 MB) 4.9 GB (136 per
 * byte: the per-post cost, not the bytes, dominates short replies), an HN chain 10,000 deep
 * (3.4 MB) 250 MB, synthetic JSONL threads 59–79 per byte. The old 25 per byte let a wide story
 * take the in-memory path at 136×.
 */
import { closeSync, lstatSync, openSync, readSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { ArgmapError } from "../model/index.js";

/** Bytes of memory a map takes per byte of input (see the measurements above). */
export const MAP_BYTES_PER_INPUT_BYTE = 90;

/** Bytes of memory a map takes per JSON object of its input: a post's analysis beyond its text. */
export const MAP_BYTES_PER_JSON_ITEM = 10_000;

/** Files over this many bytes are not scanned for JSON objects (their bytes alone decide). */
const MAX_SCANNED_BYTES = 256 << 20;

/** Heap in use once the classic engine and wink are loaded (measured: 29 MB after a two-sentence map). */
export const ENGINE_HEAP_BYTES = 30e6;

/** Most directory entries looked at; past it the total is a lower bound (the check only refuses). */
const MAX_ENTRIES = 100_000;

/** Bytes of the local files and folders among `inputs` (URLs and `-` count as 0). */
export function localInputBytes(inputs: readonly string[]): number {
  return inputFootprint(inputs).bytes;
}

/** Occurrences of `{` in a file: an upper bound on its JSON objects (posts), read in 1 MiB blocks. */
export function countJsonObjects(path: string): number {
  const block = Buffer.allocUnsafe(1 << 20);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return 0; // reading reports it, naming the input
  }
  let count = 0;
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block))
      for (let at = block.indexOf(0x7b); at >= 0 && at < n; at = block.indexOf(0x7b, at + 1)) count++;
  } finally {
    closeSync(fd);
  }
  return count;
}

/**
 * Bytes and JSON objects of the local files and folders among `inputs` (URLs and `-` count as 0):
 * what `mapMemoryNeeded` estimates from.
 */
export function inputFootprint(inputs: readonly string[]): { bytes: number; items: number } {
  let total = 0;
  let items = 0;
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
    if (stat.isFile()) {
      total += stat.size;
      if (stat.size <= MAX_SCANNED_BYTES) items += countJsonObjects(path);
    } else if (stat.isDirectory()) {
      try {
        for (const name of readdirSync(path)) stack.push(join(path, name));
      } catch {
        continue;
      }
    }
  }
  return { bytes: total, items };
}

/**
 * Bytes of heap the in-memory map of this much input needs, by the measurements above.
 * @example mapMemoryNeeded({ bytes: 36e6, items: 200_001 }) // ≈ 5.3e9
 */
export function mapMemoryNeeded({ bytes, items }: { bytes: number; items: number }): number {
  return ENGINE_HEAP_BYTES + bytes * MAP_BYTES_PER_INPUT_BYTE + items * MAP_BYTES_PER_JSON_ITEM;
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
  return mapMemoryNeeded(inputFootprint(inputs)) <= heapLimit;
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
  const footprint = inputFootprint(inputs);
  const bytes = footprint.bytes;
  const need = mapMemoryNeeded(footprint);
  if (need <= heapLimit) return;
  const mb = (n: number) => `${Math.ceil(n / 1e6).toLocaleString("en")} MB`;
  throw new ArgmapError(
    "INPUT_TOO_LARGE",
    `mapping ${mb(bytes)} of input needs about ${mb(need)} of memory (a map keeps every analysis until its key points are built), more than this process may use (${mb(heapLimit)}). Store it part by part with 'argmap add --db corpus.db …' and search the corpus, or raise the limit: NODE_OPTIONS=--max-old-space-size=${Math.ceil((need * 1.5) / 1e6)}.`,
    { input: inputs.length === 1 ? inputs[0]! : `${inputs.length} inputs` },
  );
}
