export {
  assembleArguments,
  assembleStage,
  argumentStats,
  indexUnits,
  pickThesis,
  summarizeThesis,
  type ArgumentStats,
  type AssembleInput,
  type AssembleOptions,
  type UnitLookup,
} from "./arguments.js";
export { toCards, OBJECTION_PREFIX, type Card, type CardOptions } from "./cards.js";
