/** The lexicons moved to `src/lexicons/` (shared with segment and cluster); kept for the engine's own imports. */
export * from "../../lexicons/index.js";
