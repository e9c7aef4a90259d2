/** Key point analysis, stance, cross-source `same-as` links and cruxes. */
export * from "./keypoints.js";
export * from "./scorer.js";
export * from "./stance.js";
export { nearestCandidates, normalise } from "./neighbours.js";
export { sourceFromTexts } from "./texts.js";
export { evidenceCheck } from "./run.js";
