/**
 * `models/manifest.json`: the content hash of every shipped model file. The classic engine reports
 * these as its model versions (so a stored analysis is redone exactly when a model's bytes
 * change) without reading the weights; `npm run train` and `scripts/build-embeddings.ts` rewrite
 * it, and a test keeps it in step with the files.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const MANIFEST_FILE = "manifest.json";

/** File name → `sha256:` + the first 16 hex digits of its content hash, for every model file. */
export function modelHashes(modelsDir: string): Record<string, string> {
  const files = readdirSync(modelsDir)
    .filter((f) => f !== MANIFEST_FILE && /\.(json|bin)$/.test(f))
    .sort();
  return Object.fromEntries(
    files.map((f) => [
      f,
      `sha256:${createHash("sha256")
        .update(readFileSync(path.join(modelsDir, f)))
        .digest("hex")
        .slice(0, 16)}`,
    ]),
  );
}

export function writeManifest(modelsDir: string): void {
  writeFileSync(path.join(modelsDir, MANIFEST_FILE), JSON.stringify(modelHashes(modelsDir), null, 2) + "\n");
}
