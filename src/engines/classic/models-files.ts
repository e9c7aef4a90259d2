/**
 * The only file of the classic engine that touches the file system: read the shipped model
 * files from `models/` at the package root (works from `src/` under tsx and from `dist/`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ArgmapError } from "../../model/index.js";

/** Absolute path of the package's `models/` folder. */
export const MODELS_DIR = fileURLToPath(new URL("../../../models/", import.meta.url));

/** Raw contents of the model files, parsed as JSON but not yet validated. */
export interface ModelFiles {
  segment: unknown;
  relation: unknown;
  keypoint: unknown;
  embeddingsMeta: unknown;
  embeddings: Int8Array;
  /** `wordnet-links.json`: word pairs the key point matcher aligns as the same word. */
  wordLinks: unknown;
}

function read(name: string): Buffer {
  try {
    return readFileSync(MODELS_DIR + name);
  } catch (cause) {
    throw new ArgmapError(
      "MODEL_MISSING",
      `Cannot read model file models/${name}. Reinstall argmap or run \`npm run train\`.`,
      { cause },
    );
  }
}

/**
 * Read every classic model file.
 * @example const files = readModelFiles(); createClassicModels(files)
 */
export function readModelFiles(): ModelFiles {
  const json = (name: string): unknown => JSON.parse(read(name).toString("utf8")) as unknown;
  return {
    segment: json("segment-classifier.json"),
    relation: json("relation-classifier.json"),
    keypoint: json("keypoint-matcher.json"),
    ...readEmbeddingFiles(),
  };
}

/**
 * Read the reply-stance classifier (`reply-stance.json`), parsed as JSON but not yet validated.
 * Separate from `readModelFiles` so that it loads only when the relate stage first asks for it.
 * @example createReplyStanceModel(readReplyStanceFile(), loadEmbeddings())
 */
export function readReplyStanceFile(): unknown {
  return JSON.parse(read("reply-stance.json").toString("utf8")) as unknown;
}

/**
 * Model file → content hash, from `models/manifest.json` (written by `npm run train`): the model
 * versions an engine reports, without reading the weights.
 */
export function readModelManifest(): Record<string, string> {
  const parsed = JSON.parse(read("manifest.json").toString("utf8")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ArgmapError(
      "MODEL_MISSING",
      "models/manifest.json is not an object of file hashes. Run `npm run train`.",
    );
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}

/** Read only the word-vector table and its word links (for training and cross-validation). */
export function readEmbeddingFiles(): Pick<ModelFiles, "embeddingsMeta" | "embeddings" | "wordLinks"> {
  const bin = read("embeddings.i8.bin");
  return {
    embeddingsMeta: JSON.parse(read("embeddings.json").toString("utf8")),
    embeddings: new Int8Array(bin.buffer, bin.byteOffset, bin.byteLength),
    wordLinks: JSON.parse(read("wordnet-links.json").toString("utf8")),
  };
}
