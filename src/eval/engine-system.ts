/**
 * Any engine (classic, hybrid, llm, a plugin module) end to end as a web discourse system: each
 * document goes through what `argmap map` runs (ingest → segment → engine.extract → relate) and
 * its claim/premise units are scored against the gold spans. Nothing is trained per fold.
 */
import type { WdDoc } from "../datasets/web-discourse.js";
import type { Engine } from "../engines/engine.js";
import { readSource } from "../ingest/index.js";
import { analyseSource } from "../pipeline/analyse.js";
import type { WdLabel, WdSystem } from "./system-types.js";

/** Typed spans of a text as the whole `argmap map` pipeline (ingest → segment → engine) sees them. */
export async function engineSpans(
  engine: Engine,
  doc: Pick<WdDoc, "id" | "text">,
): Promise<{ type: WdLabel; span: [number, number] }[]> {
  const { doc: source } = readSource(
    { name: `${doc.id}.txt`, bytes: new TextEncoder().encode(doc.text) },
    { format: "text" },
  );
  // Ingest may strip a BOM or normalise nothing else: spans index the same text.
  return (await analyseSource(source, { engine })).units.flatMap((u) => {
    const type: WdLabel | undefined =
      u.kind === "major-claim" || u.kind === "claim"
        ? "Claim"
        : u.kind === "premise" || u.kind === "evidence"
          ? "Premise"
          : undefined;
    return type ? [{ type, span: u.span }] : [];
  });
}

/**
 * The engine passed from the CLI (`--engine`) as a system named `engine:<name>`.
 * @example engineWdSystem(await resolveEngine("hybrid", config)).name // "engine:hybrid"
 */
export function engineWdSystem(engine: Engine): WdSystem {
  return {
    name: `engine:${engine.name}`,
    description: `argmap's ${engine.name} engine end to end, as it ships (what \`argmap map --engine ${engine.name}\` outputs; no per-fold training)`,
    needsTraining: false,
    fit: () => ({ predict: (doc) => engineSpans(engine, doc) }),
  };
}
