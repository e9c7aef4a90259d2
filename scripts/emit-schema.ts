/** Writes schema/argmap.schema.json from the zod model (the single source of truth). */
import { writeFileSync } from "node:fs";
import { mapJsonSchema } from "../src/model/json-schema.js";

writeFileSync(
  new URL("../schema/argmap.schema.json", import.meta.url),
  JSON.stringify(mapJsonSchema(), null, 2) + "\n",
);
