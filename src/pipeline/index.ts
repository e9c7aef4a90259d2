export * from "./analyse.js";
export * from "./pool.js";
