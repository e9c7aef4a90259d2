export * from "./schema.js";
export * from "./errors.js";
export * from "./span.js";
export * from "./stage.js";
export * from "./formats.js";
export * from "./tokens.js";
export * from "./analysis.js";
