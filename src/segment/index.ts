export * from "./long-tokens.js";
export * from "./segment.js";
export * from "./segmenter.js";
export * from "./tokens.js";
export { INVISIBLE_ONLY, winkSegmenter, splitBlocks } from "./wink-segmenter.js";
