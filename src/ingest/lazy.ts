/**
 * Third-party parsers that only some formats need (the HTML DOM and Readability, the CSV parser,
 * the HTML entity tables), loaded the first time a reader uses them, so that mapping a text file
 * does not pay for them at start-up (linkedom alone is ≈200 modules, 0.2–0.25 s to load).
 * Loaded synchronously through `require` (each package ships a CommonJS build) so readers stay
 * synchronous; each module is loaded once per process.
 */
import { createRequire } from "node:module";
import type * as Readability from "@mozilla/readability";
import type * as CsvParseSync from "csv-parse/sync";
import type * as Entities from "entities";
import type * as Linkedom from "linkedom";

const requireModule = createRequire(import.meta.url);

function once<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireModule(id) as T);
}

/** linkedom (`parseHTML`). */
export const linkedom = once<typeof Linkedom>("linkedom");
/** Mozilla Readability (`Readability`). */
export const readability = once<typeof Readability>("@mozilla/readability");
/** csv-parse's synchronous parser (`parse`). */
export const csvParseSync = once<typeof CsvParseSync>("csv-parse/sync");
/** HTML entity decoding (`decodeHTML`). */
export const entities = once<typeof Entities>("entities");

/** `entities.decodeHTML`, loading the entity tables on first use. */
export function decodeHTML(text: string): string {
  return entities().decodeHTML(text);
}
