/** Word helpers moved to `src/util/words.ts`; kept here for the classic engine's own imports. */
export * from "../../../util/words.js";
