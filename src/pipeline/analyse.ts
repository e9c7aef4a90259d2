/**
 * The pipeline, in two halves so a corpus can be incremental:
 * - `analyseSource`: one source → its segments, units and relations (cacheable by content hash
 *   and engine version; this is what the store keeps per source);
 * - `buildMap`: many analyses → one ArgumentMap (key points, cross-source links, arguments).
 */
import type { Engine } from "../engines/engine.js";
import type {
  ArgumentMap,
  Diagnostic,
  KeyPoint,
  ProgressEvent,
  SourceAnalysis,
  SourceDoc,
  StageContext,
} from "../model/index.js";
import { MAP_FORMAT_VERSION } from "../model/index.js";
import type { Segmenter } from "../segment/index.js";
import { segmentSources, winkSegmenter } from "../segment/index.js";
import { relateThread } from "../relate/thread.js";
import { detectLanguage } from "../util/language.js";
import { assembleArguments, type AssembleOptions } from "../assemble/index.js";
import { checkAnalyses, checkPipelineOptions, checkSource } from "./arguments.js";
import { clusterKeyPoints, lexicalScorer, stanceList } from "../cluster/index.js";

export interface PipelineOptions {
  engine: Engine;
  segmenter?: Segmenter;
  onProgress?: (event: ProgressEvent) => void;
  /** Key points of an earlier map of the same corpus: kept with their ids when re-matching. */
  previousKeyPoints?: readonly KeyPoint[];
  /** How arguments are formed (default: one per position; see `AssembleOptions`). */
  assemble?: AssembleOptions;
}

export type { SourceAnalysis };

function contextFor(options: PipelineOptions, diagnostics: Diagnostic[]): StageContext {
  return {
    engine: options.engine.name,
    report: (d) => diagnostics.push(d),
    ...(options.onProgress ? { progress: options.onProgress } : {}),
  };
}

/** Engines whose models know English only: a source in another language gets a warning. */
const ENGLISH_ONLY_ENGINES = new Set(["classic"]);

/**
 * A warning when an English-only engine maps a source in another language (detected offline;
 * LLM engines are told the language in their prompts instead).
 */
export function languageWarning(source: SourceDoc, engine: Pick<Engine, "name">): Diagnostic | undefined {
  if (!ENGLISH_ONLY_ENGINES.has(engine.name)) return undefined;
  const language = detectLanguage(source.text);
  if (!language || language.code === "eng") return undefined;
  return {
    rule: "language/not-english",
    stage: "analyse",
    severity: "warning",
    message: `${source.name} is in ${language.name}: mapped with the English classic engine; use --engine hybrid for ${language.name}.`,
    sourceId: source.id,
  };
}

/** Segment, extract and relate one source. Pure: same input and engine → same output. */
export async function analyseSource(source: SourceDoc, options: PipelineOptions): Promise<SourceAnalysis> {
  checkSource(source, "analyseSource");
  checkPipelineOptions(options, "analyseSource");
  const diagnostics: Diagnostic[] = [];
  const ctx = contextFor(options, diagnostics);
  const language = languageWarning(source, options.engine);
  if (language) diagnostics.push(language);
  const sources = [source];
  const { segments, tokens } = segmentSources(sources, options.segmenter ?? winkSegmenter, ctx);
  const units = await options.engine.extract({ sources, segments, tokens }, ctx);
  const structure = relateThread(sources, ctx);
  const argumentative = await options.engine.relate({ sources, segments, tokens, units, structure }, ctx);
  return { source, segments, units, relations: [...structure, ...argumentative], diagnostics };
}

/**
 * One analysis per source id. Source ids are content hashes, so two inputs with the same text
 * (two copies of a file, or one file given twice) are one source: mapped once, with a warning,
 * never two sources and units under the same ids.
 */
export function mergeDuplicateSources(analyses: readonly SourceAnalysis[]): {
  analyses: SourceAnalysis[];
  diagnostics: Diagnostic[];
} {
  const first = new Map<string, SourceAnalysis>();
  const diagnostics: Diagnostic[] = [];
  for (const analysis of analyses) {
    const earlier = first.get(analysis.source.id);
    if (earlier === undefined) first.set(analysis.source.id, analysis);
    else
      diagnostics.push({
        rule: "map/duplicate-source",
        stage: "assemble",
        severity: "warning",
        sourceId: analysis.source.id,
        message: `${analysis.source.name}: same content as ${earlier.source.name}; mapped once, as one source.`,
      });
  }
  return { analyses: [...first.values()], diagnostics };
}

/** Combine per-source analyses into one map: arguments ranked across all sources. */
export async function buildMap(
  given: readonly SourceAnalysis[],
  options: PipelineOptions,
): Promise<ArgumentMap> {
  checkAnalyses(given, "buildMap");
  checkPipelineOptions(options, "buildMap");
  const { analyses, diagnostics: merged } = mergeDuplicateSources(given);
  const diagnostics: Diagnostic[] = [...analyses.flatMap((a) => a.diagnostics), ...merged];
  const ctx = contextFor(options, diagnostics);
  const sources = analyses.map((a) => a.source);
  const segments = analyses.flatMap((a) => a.segments);
  const units = analyses.flatMap((a) => a.units);
  const relations = analyses.flatMap((a) => a.relations);
  const assembled = assembleArguments({ sources, segments, units, relations }, ctx, options.assemble);
  const abstracts = await options.engine.summarize?.(
    { sources, units, relations, arguments: assembled },
    ctx,
  );
  const args = abstracts
    ? assembled.map((a) => {
        const abstract = abstracts.get(a.id);
        return abstract ? { ...a, abstract } : a;
      })
    : assembled;
  const scorer = options.engine.keyPointScorer?.() ?? lexicalScorer();
  const kp = await clusterKeyPoints(
    { sources, units, relations, arguments: args },
    scorer,
    ctx,
    options.previousKeyPoints ?? [],
  );
  const names = await options.engine.nameKeyPoints?.({ units, keyPoints: kp.keyPoints }, ctx);
  const keyPoints = names
    ? kp.keyPoints.map((k) => {
        const label = names.get(k.id);
        return label === undefined ? k : { ...k, label };
      })
    : kp.keyPoints;
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: {
      name: options.engine.name,
      version: options.engine.version,
      models: { ...options.engine.models },
    },
    sources,
    segments,
    units,
    relations: [...relations, ...kp.relations],
    keyPoints,
    ...(kp.summary ? { keyPointSummary: kp.summary } : {}),
    arguments: args,
    stances: stanceList(kp.stances),
    cruxes: kp.cruxes,
    diagnostics,
  };
}
