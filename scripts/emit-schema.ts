/** Writes schema/argmap.schema.json and schema/argmap-diff.schema.json from the zod models (the single source of truth). */
import { writeFileSync } from "node:fs";
import { diffJsonSchema } from "../src/diff/json-schema.js";
import { mapJsonSchema } from "../src/model/json-schema.js";

writeFileSync(
  new URL("../schema/argmap.schema.json", import.meta.url),
  JSON.stringify(mapJsonSchema(), null, 2) + "\n",
);
writeFileSync(
  new URL("../schema/argmap-diff.schema.json", import.meta.url),
  JSON.stringify(diffJsonSchema(), null, 2) + "\n",
);
