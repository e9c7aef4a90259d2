/**
 * Analyse sources and store each analysis as it comes back: the loop of `argmap add`, shared with
 * `argmap map --spill`, which stores into a temporary corpus. Analyses are not kept: once stored,
 * a source's analysis is garbage, so memory stays bounded by the sources in flight.
 */
import type { Diagnostic, ProgressEvent, SourceDoc } from "../model/index.js";
import { analyseMany, type AnalyseManyOptions, type AnalysedSource } from "../pipeline/index.js";
import type { CorpusStore, RunInfo } from "../store/index.js";
import { engineKeyOf } from "../store/index.js";

export interface StoreSourcesOptions extends AnalyseManyOptions {
  run: RunInfo;
  /** Diagnostics of reading the sources (filled in as the stream is read); each source's are stored with it. */
  readDiagnostics: Diagnostic[];
  /** Called with a source's read diagnostics once they are stored with it. */
  onStored?: (diagnostics: readonly Diagnostic[]) => void;
  /** One line per source: added, replaced or unchanged. */
  say?: (line: string) => void;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Analyse the sources not stored yet (same content, same engine key) and store them, in order.
 * @example await storeSources(sources, store, { engine, run, readDiagnostics: [] });
 */
export async function storeSources(
  sources: AsyncIterable<SourceDoc>,
  store: CorpusStore,
  options: StoreSourcesOptions,
): Promise<void> {
  const { run, readDiagnostics, say = () => undefined } = options;
  const engineKey = engineKeyOf(run);
  // Sources in input order, each stored or not; a source given twice is analysed once.
  const order: { doc: SourceDoc; unchanged: boolean }[] = [];
  const seen = new Set<string>();
  async function* fresh(): AsyncGenerator<SourceDoc> {
    for await (const doc of sources) {
      const unchanged = seen.has(doc.id) || (await store.hasSource(doc.id, engineKey));
      seen.add(doc.id);
      order.push({ doc, unchanged });
      if (!unchanged) yield doc;
    }
  }
  const reportUnchanged = () => {
    while (order[0]?.unchanged) {
      const { doc } = order.shift()!;
      say(`unchanged ${doc.name} (${doc.id})`);
    }
  };
  const { run: _run, readDiagnostics: _read, say: _say, onStored: _stored, ...analyseOptions } = options;
  // New sources are analysed on worker threads (in order) and stored as they come back.
  const analysed: AsyncGenerator<AnalysedSource> = analyseMany(fresh(), analyseOptions as AnalyseManyOptions);
  try {
    for await (const { analysis, ms } of analysed) {
      reportUnchanged();
      const { doc } = order.shift()!;
      // A source's read diagnostics go with it, and leave the shared list (which would otherwise
      // grow with every part of a long stream, and be searched for every part).
      const own: Diagnostic[] = [];
      for (let i = readDiagnostics.length - 1; i >= 0; i--)
        if (readDiagnostics[i]!.sourceId === doc.id) own.unshift(...readDiagnostics.splice(i, 1));
      const result = await store.putAnalysis(
        { ...analysis, diagnostics: [...own, ...analysis.diagnostics] },
        { ...run, timings: { analyse: Math.round(ms) }, diagnostics: analysis.diagnostics },
      );
      options.onStored?.(own);
      const verb = result.replaced.length > 0 ? "replaced" : "added";
      const argumentative = analysis.units.filter((u) => u.kind !== "none").length;
      say(`${verb} ${doc.name} (${doc.id}): ${doc.posts.length} posts, ${argumentative} argumentative units`);
    }
    reportUnchanged();
  } finally {
    await analysed.return(undefined); // stops the workers, also when storing failed
  }
}
