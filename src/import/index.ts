/**
 * Importers of the field's formats into the argmap model, and map comparison.
 */
export { importAif, type AifImportOptions } from "./aif.js";
export { importArgdown, type ArgdownImportOptions } from "./argdown.js";
export { importBrat } from "./brat.js";
export { importArgKp } from "./argkp.js";
export { importCommentTable } from "./comment-table.js";
export { alignPassage, TextIndex, type Alignment } from "./align.js";
export { compareMaps, formatComparison, type MapComparison, type Prf } from "./compare.js";
export { IMPORT_FORMATS, type ImportFormat } from "./formats.js";
