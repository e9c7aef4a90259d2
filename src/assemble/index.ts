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
export {
  toCards,
  keyPointCounts,
  authorsKnownIn,
  whoCount,
  morePointsLine,
  OBJECTION_PREFIX,
  type Card,
  type CardCrux,
  type CardDeck,
  type CardKeyPoint,
  type CardObjection,
  type CardOptions,
} from "./cards.js";
export { cardCruxes, realDispute, type CruxSide, type ShownCrux } from "./cruxes.js";
export { readEssay, statesOtherSide, type EssayReading } from "./essay.js";
