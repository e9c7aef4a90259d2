export * from "./analyse.js";
