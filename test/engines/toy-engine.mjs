// A minimal engine written against argmap's engine port (see src/engines/engine.ts): every
// segment is a claim, and each claim supports the one before it in its post. Loaded by the tests
// both through registerEngine() and as a plugin module (`argmap map --engine ./toy-engine.mjs`).
const by = { stage: "extract", version: "1.0.0", engine: "toy" };

export const toyEngine = {
  name: "toy",
  version: "1.0.0",
  models: {},
  async extract({ segments }) {
    return segments.map((s) => ({
      id: `toy:${s.id}`,
      segmentId: s.id,
      sourceId: s.sourceId,
      postId: s.postId,
      kind: "claim",
      confidence: 0.9,
      span: s.span,
      text: s.text,
      signals: ["toy"],
      by,
    }));
  },
  async relate({ units }) {
    return units.slice(1).flatMap((u, i) =>
      units[i].postId === u.postId
        ? [
            {
              id: `toy-support:${u.id}`,
              kind: "support",
              level: "unit",
              from: u.id,
              to: units[i].id,
              confidence: 0.5,
              sourceId: u.sourceId,
              span: u.span,
              signals: ["toy:previous"],
              by: { ...by, stage: "relate" },
            },
          ]
        : [],
    );
  },
};

export default {
  name: "toy",
  summary: "Every sentence a claim supporting the one before it (a test engine).",
  capabilities: { network: false, abstractive: false },
  create: () => toyEngine,
};
