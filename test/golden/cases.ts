/**
 * Golden outputs of `argmap map`: every shipped example in full, the seed thread as a hash (its
 * text stays in ../shared). A change to extraction that is meant shows up here as a diff to
 * review; regenerate with `npm run golden`.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { mapSources } from "../../src/api.js";
import { renderMap, type OutputFormat } from "../../src/cli/commands/map.js";
import { hasSeed, repoRoot, seedThread, sharedDir } from "../helpers.js";

export const GOLDEN_DIR = `${repoRoot}test/golden/`;
export const GOLDEN_FORMATS: readonly OutputFormat[] = ["cards", "json", "md"];
const EXTENSION: Partial<Record<OutputFormat, string>> = { cards: "txt", json: "json", md: "md" };

export interface GoldenCase {
  name: string;
  /** Path relative to the repository root, as a user types it. */
  input: string;
  /** Store only a hash of each output (inputs whose text must not be copied into the repository). */
  hashOnly: boolean;
}

export function goldenCases(): GoldenCase[] {
  const examples = readdirSync(`${repoRoot}examples`)
    .sort()
    .map((f) => ({ name: f.replace(/\.[^.]+$/, ""), input: `examples/${f}`, hashOnly: false }));
  const seed = hasSeed ? [{ name: "seed-000", input: relative(repoRoot, seedThread), hashOnly: true }] : [];
  return [...examples, ...seed];
}

export const goldenFile = (c: GoldenCase, format: OutputFormat): string =>
  `${GOLDEN_DIR}${c.name}.${format}.${c.hashOnly ? "sha256" : EXTENSION[format]}`;

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex") + "\n";

/** Every format of one case, as the golden files hold them. */
export async function renderCase(c: GoldenCase): Promise<Map<OutputFormat, string>> {
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const map = await mapSources([c.input]);
    const out = new Map<OutputFormat, string>();
    // File URIs hold the checkout's absolute path: record them relative to the repository.
    const root = pathToFileURL(repoRoot).href;
    const shared = pathToFileURL(sharedDir).href;
    for (const format of GOLDEN_FORMATS) {
      const text = renderMap(map, format, { color: false, limit: 10 })
        .replaceAll(root, "file:///<repo>/")
        .replaceAll(shared, "file:///<shared>/");
      out.set(format, c.hashOnly ? sha256(text) : text);
    }
    return out;
  } finally {
    process.chdir(cwd);
  }
}
