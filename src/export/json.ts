/**
 * The map as JSON: keys in schema order, pretty-printed, with short number arrays (spans) on one
 * line; and the way back, validated against the zod schema.
 */
import { ArgmapError, ArgumentMap, MAP_FORMAT_VERSION } from "../model/index.js";
import type { ArgumentMap as ArgumentMapType } from "../model/index.js";

function isNumberTuple(value: unknown): value is number[] {
  return Array.isArray(value) && value.length <= 4 && value.every((v) => typeof v === "number");
}

function stringify(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (isNumberTuple(value)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(",\n")}\n${indent}}`;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path
        .map((p, k) => (typeof p === "number" ? `[${p}]` : `${k === 0 ? "" : "."}${String(p)}`))
        .join("");
      return `${path === "" ? "(root)" : path}: ${i.message}`;
    })
    .join("; ");
}

/**
 * Serialise a map in pieces (one per element of its top-level arrays), so a map bigger than a
 * JavaScript string can hold still reaches a file or stdout; joined, the pieces are `renderJson`.
 * The map is validated first; an invalid map is a bug (`INTERNAL`).
 */
export function* renderJsonChunks(map: ArgumentMapType): Generator<string> {
  const result = ArgumentMap.safeParse(map);
  if (!result.success) {
    throw new ArgmapError(
      "INTERNAL",
      `The argument map does not match its schema: ${describeIssues(result.error.issues)}.`,
      {
        cause: result.error,
      },
    );
  }
  const entries = Object.entries(result.data).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{\n";
  for (const [i, [key, value]] of entries.entries()) {
    const sep = i < entries.length - 1 ? ",\n" : "\n";
    if (Array.isArray(value) && value.length > 0 && !isNumberTuple(value)) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [j, item] of value.entries())
        yield `    ${stringify(item, "    ")}${j < value.length - 1 ? ",\n" : "\n"}`;
      yield `  ]${sep}`;
    } else yield `  ${JSON.stringify(key)}: ${stringify(value, "  ")}${sep}`;
  }
  yield "}\n";
}

/** One top-level entry of a map written piece by piece: a value, or the items of an array. */
export type JsonEntry =
  [key: string, value: unknown] | [key: string, items: AsyncIterable<unknown> | Iterable<unknown>, "items"];

/**
 * A map's JSON from its entries, in the layout of `renderJsonChunks`, with arrays given as
 * (async) iterables of their items: a map read back from a store element by element is written
 * without being held (a streamed map, `src/pipeline/stream-map.ts`). Entries go in schema order;
 * the caller checks the items (they come from stored, validated analyses).
 */
export async function* renderJsonEntries(entries: readonly JsonEntry[]): AsyncGenerator<string> {
  yield "{\n";
  for (const [i, entry] of entries.entries()) {
    const sep = i < entries.length - 1 ? ",\n" : "\n";
    const key = JSON.stringify(entry[0]);
    if (entry.length === 3) {
      let n = 0;
      for await (const item of entry[1])
        yield `${n++ === 0 ? `  ${key}: [\n` : ",\n"}    ${stringify(item, "    ")}`;
      yield n === 0 ? `  ${key}: []${sep}` : `\n  ]${sep}`;
    } else yield `  ${key}: ${stringify(entry[1], "  ")}${sep}`;
  }
  yield "}\n";
}

/**
 * Serialise a map. The map is validated first; an invalid map is a bug (`INTERNAL`).
 *
 * @example
 * await writeFile("map.json", renderJson(map));
 */
export function renderJson(map: ArgumentMapType): string {
  let out = "";
  for (const chunk of renderJsonChunks(map)) out += chunk;
  return out;
}

/**
 * Read a map serialised by `renderJson`. Throws `ArgmapError` `INPUT_MALFORMED` naming the
 * offending path when the text is not JSON or not a valid map.
 *
 * @example
 * const map = parseMap(await readFile("map.json", "utf8"));
 */
export function parseMap(json: string, input?: string): ArgumentMapType {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (cause) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `Not valid JSON (${(cause as Error).message}); expected an argmap map.`,
      {
        cause,
        ...(input !== undefined ? { input } : {}),
      },
    );
  }
  const opts = input !== undefined ? { input } : {};
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    const { format, version } = data as { format?: unknown; version?: unknown };
    if (format === "argmap" && typeof version === "string" && version !== MAP_FORMAT_VERSION) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `Map format version ${version} is not supported (this argmap reads ${MAP_FORMAT_VERSION}); re-create the map with this version.`,
        opts,
      );
    }
  }
  const result = ArgumentMap.safeParse(data);
  if (!result.success) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `Not a valid argmap map: ${describeIssues(result.error.issues)}.`,
      {
        ...opts,
        cause: result.error,
      },
    );
  }
  const problem = referenceProblem(result.data);
  if (problem !== undefined)
    throw new ArgmapError("INPUT_MALFORMED", `Not a consistent argmap map: ${problem}.`, opts);
  return result.data;
}

/**
 * The first broken reference of a schema-valid map: a segment or unit whose span is outside its
 * source or whose text is not that span, a repeated id, or a relation to an unknown post or unit.
 */
function referenceProblem(map: ArgumentMapType): string | undefined {
  const texts = new Map(map.sources.map((s) => [s.id, s.text]));
  const posts = new Set(map.sources.flatMap((s) => s.posts.map((p) => p.id)));
  const units = new Set<string>();
  const segments = new Set<string>();
  for (const [what, items, ids] of [
    ["segments", map.segments, segments],
    ["units", map.units, units],
  ] as const) {
    for (const [i, item] of items.entries()) {
      const text = texts.get(item.sourceId);
      if (text === undefined) return `${what}[${i}].sourceId: unknown source ${item.sourceId}`;
      const [start, end] = item.span;
      if (start > end || end > text.length || text.slice(start, end) !== item.text)
        return `${what}[${i}].text is not the text at its span [${start}, ${end}]`;
      if (ids.has(item.id)) return `${what}[${i}].id ${item.id} is used twice`;
      ids.add(item.id);
    }
  }
  for (const [i, r] of map.relations.entries()) {
    if ((texts.get(r.sourceId)?.length ?? -1) < r.span[1])
      return `relations[${i}].span [${r.span[0]}, ${r.span[1]}] is outside source ${r.sourceId}`;
    for (const end of [r.from, r.to])
      if (!posts.has(end) && !units.has(end))
        return `relations[${i}] points at an unknown post or unit ${end}`;
  }
  return undefined;
}
