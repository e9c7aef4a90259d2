import type { Diagnostic, EngineName, Provenance } from "./schema.js";

/** Progress of long work, reported by stages and shown by the CLI (on a TTY only). */
export type ProgressEvent = { stage: string; done: number; total: number };

/**
 * What a stage gets besides its input: a place to put diagnostics and progress. No I/O, clock or
 * environment: stages stay pure and run the same in the CLI, a server, a browser and tests.
 */
export interface StageContext {
  readonly engine: EngineName;
  report(diagnostic: Diagnostic): void;
  progress?(event: ProgressEvent): void;
}

/** A pipeline stage: a name, a version, and a `run` that does not mutate its input. */
export interface Stage<I, O> {
  readonly name: string;
  readonly version: string;
  run(input: I, ctx: StageContext): O;
}

export function provenance(stage: { name: string; version: string }, engine: EngineName): Provenance {
  return { stage: stage.name, version: stage.version, engine };
}

/** A context that collects diagnostics into an array; handy for library use and tests. */
export function collectingContext(
  engine: EngineName = "classic",
  onProgress?: (event: ProgressEvent) => void,
): StageContext & { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return {
    engine,
    diagnostics,
    report: (d) => diagnostics.push(d),
    ...(onProgress ? { progress: onProgress } : {}),
  };
}
