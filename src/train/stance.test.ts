import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEmbeddings } from "../engines/classic/models.js";
import { MODELS_DIR } from "../engines/classic/models-files.js";
import { serializeLogReg } from "../engines/classic/learn/logreg.js";
import { StanceFeaturizer, trainReplyStance, type LabelledPair } from "./stance.js";

const hasVectors = existsSync(MODELS_DIR + "embeddings.json");

// A small sample in the three shapes the trainer mixes (claim-level pairs, replies with none).
const sample: LabelledPair[] = [
  { parent: "Ban cars downtown.", text: "The air would be cleaner.", label: "support", corpus: "a" },
  { parent: "Ban cars downtown.", text: "Shops would lose their customers.", label: "attack", corpus: "a" },
  { parent: "Tax sugar.", text: "Obesity costs the health service billions.", label: "support", corpus: "a" },
  { parent: "Tax sugar.", text: "It hits poor families hardest.", label: "attack", corpus: "a" },
  {
    parent: "Remote work is here to stay.",
    text: "Exactly, nobody wants the commute back.",
    label: "support",
    corpus: "argmap-dev-threads",
  },
  {
    parent: "Remote work is here to stay.",
    text: "Three of the big banks just ordered everyone back.",
    label: "attack",
    corpus: "argmap-dev-threads",
  },
  {
    parent: "Remote work is here to stay.",
    text: "Which banks? Link?",
    label: "none",
    corpus: "argmap-dev-threads",
  },
  { parent: "Offices kill focus.", text: "lol my cat agrees", label: "none", corpus: "argmap-dev-threads" },
];

describe.skipIf(!hasVectors)("reply-stance training", () => {
  it("gives the same weights twice on the same sample", () => {
    const emb = loadEmbeddings();
    const a = serializeLogReg(trainReplyStance(sample, new StanceFeaturizer(emb), { epochs: 3 }));
    const b = serializeLogReg(trainReplyStance(sample, new StanceFeaturizer(emb), { epochs: 3 }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // The seed matters (so the comparison above could fail).
    const c = serializeLogReg(trainReplyStance(sample, new StanceFeaturizer(emb), { epochs: 3, seed: 5 }));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });
});
