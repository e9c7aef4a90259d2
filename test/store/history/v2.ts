/**
 * Frozen copy of the schema as released at version 2 (never edit): version 1 plus the maps'
 * history column. Its sample rows are version 1's (the new column is empty in them).
 */
import { V1_DDL, V1_SAMPLE } from "./v1.js";

export const V2_DDL = `${V1_DDL}
ALTER TABLE maps ADD COLUMN history_of TEXT;
CREATE INDEX maps_history ON maps(history_of, row);
`;

export const V2_SAMPLE = V1_SAMPLE;
