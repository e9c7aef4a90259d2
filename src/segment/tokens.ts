export type { Token, TokenizedSpan } from "../model/index.js";
