import { describe, expect, it } from "vitest";
import { MODELS_DIR, readModelManifest } from "../engines/classic/models-files.js";
import { modelHashes } from "./manifest.js";

describe("models/manifest.json", () => {
  it("holds the content hash of every shipped model file (run npm run train after changing one)", () => {
    const hashes = modelHashes(MODELS_DIR);
    expect(Object.keys(hashes)).toEqual(
      expect.arrayContaining(["segment-classifier.json", "reply-stance.json", "embeddings.i8.bin"]),
    );
    expect(readModelManifest()).toEqual(hashes);
  });
});
