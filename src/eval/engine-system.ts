/**
 * Any engine (classic, hybrid, llm, a plugin module) as a system of every eval task, so
 * `argmap eval <task> --engine <name>` measures what `argmap map --engine <name>` does. Each
 * document goes through the same pipeline (ingest → segment → engine.extract → relate); nothing
 * is trained per fold.
 */
import { batchScorer, lexicalScorer } from "../cluster/index.js";
import type { ArgKpSplit } from "../datasets/argkp.js";
import type { CdcpType } from "../datasets/cdcp.js";
import type { StanceLabel } from "../datasets/stance.js";
import type { WdDoc } from "../datasets/web-discourse.js";
import type { Engine, KeyPointScorer, NameKeyPointsInput, ScorePair } from "../engines/engine.js";
import { readSource } from "../ingest/index.js";
import { collectingContext, type SourceDoc, type Unit } from "../model/index.js";
import { analyseSource } from "../pipeline/analyse.js";
import { groupKey } from "./metrics/argkp-map.js";
import type { ArgKpSystem, CdcpSystem, WdLabel, WdSystem } from "./system-types.js";

/** Typed spans of a text as the whole `argmap map` pipeline (ingest → segment → engine) sees them. */
export async function engineSpans(
  engine: Engine,
  doc: Pick<WdDoc, "id" | "text">,
): Promise<{ type: WdLabel; span: [number, number] }[]> {
  // Ingest may strip a BOM or normalise nothing else: spans index the same text.
  return (await analyseSource(textSource(doc.id, doc.text), { engine })).units.flatMap((u) => {
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

/**
 * CDCP end to end: the comment goes through the engine as `argmap map` runs it; each gold
 * proposition takes the engine unit that overlaps it most, and a unit support relation between
 * two propositions' units is a reason link (supporting proposition first). The engine has no CDCP
 * types, so its unit kinds map to the nearest type: major claim → policy, claim → value, premise
 * → fact, evidence → reference when it carries a link, else testimony; no unit → value (the
 * commonest type).
 */
export function engineCdcpSystem(engine: Engine): CdcpSystem {
  return {
    name: `engine:${engine.name}`,
    description: `argmap's ${engine.name} engine end to end (unit kinds mapped to CDCP types; unit support relations as reason links)`,
    needsTraining: false,
    fit: () => ({
      async predict(doc) {
        const analysis = await analyseSource(textSource(doc.id, doc.text), { engine });
        const unitOf = doc.props.map((p) => mostOverlapping(analysis.units, p.span));
        const propsOf = new Map<string, number[]>();
        unitOf.forEach((u, i) => {
          if (u) propsOf.set(u.id, [...(propsOf.get(u.id) ?? []), i]);
        });
        const reasons: { from: number; to: number }[] = [];
        for (const r of analysis.relations) {
          if (r.level !== "unit" || r.kind !== "support") continue;
          for (const from of propsOf.get(r.from) ?? [])
            for (const to of propsOf.get(r.to) ?? []) if (from !== to) reasons.push({ from, to });
        }
        return { types: unitOf.map((u) => cdcpTypeOf(u, doc.text)), reasons };
      },
    }),
  };
}

function textSource(id: string, text: string): SourceDoc {
  return readSource({ name: `${id}.txt`, bytes: new TextEncoder().encode(text) }, { format: "text" }).doc;
}

function mostOverlapping(units: readonly Unit[], span: readonly [number, number]): Unit | undefined {
  let best: Unit | undefined;
  let bestOverlap = 0;
  for (const u of units) {
    if (u.kind === "none") continue;
    const overlap = Math.min(u.span[1], span[1]) - Math.max(u.span[0], span[0]);
    if (overlap > bestOverlap) [best, bestOverlap] = [u, overlap];
  }
  return best;
}

const LINK = /https?:\/\/|www\./i;
function cdcpTypeOf(unit: Unit | undefined, text: string): CdcpType {
  switch (unit?.kind) {
    case "major-claim":
      return "policy";
    case "premise":
      return "fact";
    case "evidence":
      return LINK.test(text.slice(unit.span[0], unit.span[1])) ? "reference" : "testimony";
    default:
      return "value";
  }
}

/**
 * ArgKP with the engine's key point scorer (`Engine.keyPointScorer`, lexical overlap when the
 * engine has none): the matcher's mAP on the gold key points, and in `argkp-pipeline` the key
 * points the engine's scorer forms, named by the engine when it names key points (LLM engines).
 */
export function engineArgKpSystem(engine: Engine): ArgKpSystem & {
  pipelineScorer(topic: string): Promise<KeyPointScorer>;
  nameKeyPoints?: (input: NameKeyPointsInput) => Promise<ReadonlyMap<string, string>>;
} {
  const scorer = (): KeyPointScorer => engine.keyPointScorer?.() ?? batchScorer(lexicalScorer());
  const name = engine.nameKeyPoints?.bind(engine);
  return {
    name: `engine:${engine.name}`,
    description: `argmap's ${engine.name} engine: its key point scorer${name ? " and its key point names" : ""}`,
    needsTraining: false,
    fit: () => ({
      async score(split) {
        const kpsOf = new Map<string, ArgKpSplit["keyPoints"]>();
        for (const kp of split.keyPoints) {
          const k = groupKey(kp.topic, kp.stance);
          kpsOf.set(k, [...(kpsOf.get(k) ?? []), kp]);
        }
        const pairs: ScorePair[] = [];
        const ids: [string, string][] = [];
        for (const a of split.arguments)
          for (const kp of kpsOf.get(groupKey(a.topic, a.stance)) ?? []) {
            pairs.push([a.text, kp.text]);
            ids.push([a.id, kp.id]);
          }
        const scores = await scorer().scoreBatch(pairs);
        const out = new Map<string, Map<string, number>>();
        ids.forEach(([a, kp], i) => {
          const row = out.get(a) ?? new Map<string, number>();
          row.set(kp, scores[i]!);
          out.set(a, row);
        });
        return out;
      },
    }),
    pipelineScorer: async () => scorer(),
    ...(name ? { nameKeyPoints: (input: NameKeyPointsInput) => name(input, collectingContext()) } : {}),
  };
}

/**
 * Reply stance end to end: each held-out (parent, reply) pair becomes a two-post thread, pairs
 * batched as separate threads of one source so an LLM engine labels many per call; the engine's
 * post-level support/attack relation from the reply to its parent is the prediction, and no
 * relation is `none` (or, on corpora without `none`, the training part's majority label).
 */
export async function engineStances(
  engine: Engine,
  pairs: readonly { parent: string; text: string }[],
  fallback: StanceLabel,
  batch = 20,
): Promise<StanceLabel[]> {
  const out: StanceLabel[] = [];
  for (let start = 0; start < pairs.length; start += batch) {
    const chunk = pairs.slice(start, start + batch);
    const rows = chunk.flatMap((p, i) => [
      { id: `p${i}`, text: p.parent },
      { id: `r${i}`, parent: `p${i}`, text: p.text },
    ]);
    const jsonl = rows.map((r) => JSON.stringify(r)).join("\n");
    const { doc } = readSource(
      { name: `stance-${start}.jsonl`, bytes: new TextEncoder().encode(jsonl) },
      { format: "jsonl" },
    );
    const analysis = await analyseSource(doc, { engine });
    const stanceOf = new Map<string, StanceLabel>();
    for (const r of analysis.relations)
      if (r.level === "post" && (r.kind === "support" || r.kind === "attack") && !stanceOf.has(r.from))
        stanceOf.set(r.from, r.kind);
    chunk.forEach((_, i) => out.push(stanceOf.get(doc.posts[2 * i + 1]!.id) ?? fallback));
  }
  return out;
}
