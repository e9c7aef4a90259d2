import { z } from "zod";
import { ArgumentMap, MAP_FORMAT_VERSION } from "./schema.js";

/** The JSON Schema of the serialised map, derived from the zod model. */
export function mapJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ArgumentMap, { target: "draft-2020-12" }),
    $id: `https://argmap.dev/schema/argmap-${MAP_FORMAT_VERSION}.schema.json`,
    title: "argmap ArgumentMap",
  };
}
