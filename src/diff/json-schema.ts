import { z } from "zod";
import { DIFF_FORMAT_VERSION, MapDiff } from "./schema.js";

/** The JSON Schema of the serialised diff (`schema/argmap-diff.schema.json`), from the zod model. */
export function diffJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(MapDiff, { target: "draft-2020-12" }),
    $id: `https://argmap.dev/schema/argmap-diff-${DIFF_FORMAT_VERSION}.schema.json`,
    title: "argmap MapDiff",
  };
}
