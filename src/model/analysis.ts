import type { Diagnostic, Relation, Segment, SourceDoc, Unit } from "./schema.js";

/** Everything argmap derives from one source on its own; the unit of caching and storage. */
export interface SourceAnalysis {
  source: SourceDoc;
  segments: Segment[];
  units: Unit[];
  relations: Relation[];
  diagnostics: Diagnostic[];
}
