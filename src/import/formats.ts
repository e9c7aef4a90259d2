/** The formats `argmap import` reads (its own module so the CLI lists them without loading the importers). */
export const IMPORT_FORMATS = ["aif", "argdown", "brat", "argkp", "csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
