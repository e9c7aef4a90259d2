/**
 * A worker thread of the server's mapping pool (see `map-pool.ts`): maps one posted text on the
 * classic engine, off the server's event loop. A user error travels back as its code and message
 * (an `ArgmapError` does not survive the thread boundary as itself).
 */
import { mapSources } from "../api.js";
import type { ArgumentMap, SourceFormat } from "../model/index.js";
import { isArgmapError } from "../model/index.js";

export interface MapTask {
  name: string;
  text: string;
  format?: SourceFormat;
  maxBytes: number;
}

export type MapTaskResult = { map: ArgumentMap } | { error: { code: string; message: string } };

export default async function mapInWorker(task: MapTask): Promise<MapTaskResult> {
  try {
    const input = { name: task.name, text: task.text, ...(task.format ? { format: task.format } : {}) };
    return { map: await mapSources([input], { engine: "classic", maxBytes: task.maxBytes }) };
  } catch (error) {
    if (isArgmapError(error) && error.isUserError)
      return { error: { code: error.code, message: error.message } };
    throw error;
  }
}
