/**
 * JSON helpers of the LLM port: the JSON Schema sent for structured output (derived from the zod
 * schema, the single source of truth) and a tolerant parse for servers without constrained
 * decoding (code fences stripped, the first complete JSON value taken).
 */
import { z } from "zod";

/** The JSON Schema of a zod schema, without the `$schema` line servers do not want. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

/**
 * The first JSON object or array in a model's reply, or `undefined`. Iterative scan with a depth
 * counter (strings and escapes honoured), then `JSON.parse` of that slice only.
 * @example parseTolerant('Sure!\n```json\n{"a":1}\n```') // → { a: 1 }
 */
export function parseTolerant(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    // not plain JSON: look for the first value inside
  }
  for (let start = 0; start < text.length; start++) {
    const c = text[start];
    if (c !== "{" && c !== "[") continue;
    const end = matchingEnd(text, start);
    if (end < 0) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      // braces balanced but not JSON (prose with braces): keep looking after this opener
    }
  }
  return undefined;
}

function matchingEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
