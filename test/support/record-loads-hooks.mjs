// Module hooks of record-loads.mjs (they run on the loader thread).
import { appendFileSync } from "node:fs";

const seen = new Set();

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const log = process.env.ARGMAP_LOAD_LOG;
  if (log && !seen.has(result.url)) {
    seen.add(result.url);
    appendFileSync(log, `module ${result.url}\n`);
  }
  return result;
}
