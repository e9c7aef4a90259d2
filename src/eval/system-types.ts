/**
 * The shapes of evaluation systems: `{ name, description, needsTraining, fit(trainData) → predictor }`
 * per task. The baseline systems are in `systems.ts`, the classic engine's in `classic-systems.ts`.
 */
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { CdcpDoc, CdcpType } from "../datasets/cdcp.js";
import type { WdDoc } from "../datasets/web-discourse.js";
import type { KpScores } from "./metrics/argkp-map.js";

export interface EvalSystem<Train, Predictor> {
  name: string;
  description: string;
  /** False when `fit` ignores its data (the harness then does not need a train split). */
  needsTraining: boolean;
  fit(train: Train): Predictor | Promise<Predictor>;
}

/** Scores every (argument, key point) pair of the same topic and stance in `split` (labels unused). */
export interface ArgKpPredictor {
  score(split: ArgKpSplit): KpScores | Promise<KpScores>;
}

export type ArgKpSystem = EvalSystem<ArgKpSplit, ArgKpPredictor>;

/** What a CDCP system sees: the comment and its gold proposition spans (no types, no links). */
export interface CdcpInput {
  id: string;
  text: string;
  props: { span: [number, number] }[];
}

export interface CdcpPrediction {
  types: CdcpType[];
  /** Reason links as proposition indices, from → to (the supporting proposition first). */
  reasons: { from: number; to: number }[];
}

export interface CdcpPredictor {
  predict(doc: CdcpInput): CdcpPrediction | Promise<CdcpPrediction>;
}

export type CdcpSystem = EvalSystem<CdcpDoc[], CdcpPredictor>;

export type WdLabel = "Claim" | "Premise";

export interface WdPredictor {
  /** Typed spans predicted from the raw text alone. */
  predict(doc: {
    id: string;
    text: string;
  }): { type: WdLabel; span: [number, number] }[] | Promise<{ type: WdLabel; span: [number, number] }[]>;
}

export type WdSystem = EvalSystem<WdDoc[], WdPredictor>;
