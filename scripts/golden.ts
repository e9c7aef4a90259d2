/** Regenerate the golden map outputs in test/golden/ (see test/golden/cases.ts). */
import { writeFileSync } from "node:fs";
import { goldenCases, goldenFile, renderCase } from "../test/golden/cases.js";

for (const c of goldenCases()) {
  for (const [format, text] of await renderCase(c)) {
    writeFileSync(goldenFile(c, format), text);
    console.log(`wrote ${goldenFile(c, format)}`);
  }
}
