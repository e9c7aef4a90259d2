/**
 * A map over more text than memory holds, built from stored analyses (a corpus store) one batch
 * of sources at a time, with what must be counted or sorted across sources kept in scratch tables
 * on disk (`SpillTables`). Three passes over the store:
 *
 * 1. per source: arguments (assembled per source, as a source's arguments never span sources;
 *    their ranking key spilled), thesis stances, and a seeded reservoir sample of at most
 *    `sampleUnits` argumentative units (each with its post, its support/attack relations and the
 *    sentence around it, so the sample clusters as the whole would);
 * 2. key points: the key point stage on the sample (candidates, selection, sides, cruxes);
 * 3. only when the sample missed units: every unit outside it is matched against the chosen key
 *    points (shortlisted by vector cosine, then scored by the engine's matcher) and joins the best
 *    at or above the assignment threshold; members, authors and stances go to the scratch tables,
 *    and each key point's counts are taken over all of them.
 *
 * A reservoir sample rather than the first N units: a corpus streamed in time order would
 * otherwise draw its key points from its first days only; the seed keeps it deterministic. When
 * the sample holds every unit the key points are those of the in-memory map (`buildMap`), unit
 * for unit. Output then reads the store again: JSON element by element (`streamedJsonChunks`), or
 * a small map of the best-ranked arguments for cards and Markdown (`summaryMap`).
 */
import type { Engine } from "../engines/engine.js";
import type {
  Argument,
  ArgumentMap,
  Crux,
  Diagnostic,
  KeyPoint,
  KeyPointSummary,
  Post,
  ProgressEvent,
  Relation,
  SourceAnalysis,
  SourceDoc,
  Stance,
  StageContext,
  Unit,
} from "../model/index.js";
import type { z } from "zod";
import {
  ArgmapError,
  Argument as ArgumentSchema,
  Crux as CruxSchema,
  Diagnostic as DiagnosticSchema,
  KeyPoint as KeyPointSchema,
  KeyPointSummary as KeyPointSummarySchema,
  MAP_FORMAT_VERSION,
  Relation as RelationSchema,
  Segment as SegmentSchema,
  SourceDoc as SourceDocSchema,
  Unit as UnitSchema,
  UnitStance as UnitStanceSchema,
} from "../model/index.js";
import { nearestByDot } from "./nearest.js";
import { assembleArguments } from "../assemble/index.js";
import {
  clusterKeyPoints,
  contentStems,
  enclosingSentence,
  evidenceCheck,
  hashedVector,
  lexicalScorer,
  thesisStances,
  type ThesisStances,
} from "../cluster/index.js";
import { renderJsonEntries, type JsonEntry } from "../export/index.js";
import type { CorpusStore, SpilledUnit, SpillTables, StoredSource } from "../store/index.js";
import { seededRandom } from "../util/random.js";

/** Units the key point stage sees at most (the in-memory map's cost at about 3 MB of comments). */
export const DEFAULT_SAMPLE_UNITS = 20_000;

/** Characters of source text loaded from the store at once (several small sources, or one part). */
const BATCH_CHARS = 2_000_000;

/** Units matched against the key points per scorer call in pass 3. */
const MATCH_BATCH = 5000;

/** Key points shortlisted per unit by cosine before the matcher scores them (as `matchUnits`). */
const SHORTLIST = 10;

/** As the key point stage's defaults (`ClusterOptions`): which units it considers, when one joins. */
const MIN_CONFIDENCE = 0.3;
const ASSIGN_THRESHOLD = 0.4;

export interface StreamMapOptions {
  engine: Engine;
  spill: SpillTables;
  /** Most units clustered for key points (default `DEFAULT_SAMPLE_UNITS`). */
  sampleUnits?: number;
  /** Seed of the reservoir sample (default 1). */
  seed?: number;
  /** Only these stored sources (ids), in store order; all when absent. */
  sourceIds?: readonly string[];
  previousKeyPoints?: readonly KeyPoint[];
  onProgress?: (event: ProgressEvent) => void;
}

/** The corpus operations a streamed build reads through. */
export type AnalysisReader = Pick<CorpusStore, "listSources" | "loadAnalyses">;

/** What a streamed build holds in memory: key points, cruxes, counts; the rest is on disk. */
export interface StreamedMap {
  engine: ArgumentMap["engine"];
  /** Stored sources mapped, in order. */
  sources: readonly Pick<StoredSource, "id" | "chars">[];
  /** Key points, most argued first; `unitIds` are complete only when `complete`. */
  keyPoints: KeyPoint[];
  /** `same-as` relations of the key point stage (over the sample). */
  keyPointRelations: Relation[];
  keyPointSummary?: KeyPointSummary;
  cruxes: Crux[];
  /** Argumentative units in the corpus and in the sample. */
  units: number;
  sampled: number;
  /** The sample held every unit: the key points are those of the in-memory map. */
  complete: boolean;
}

interface Sampled {
  seq: number;
  sourceIndex: number;
  unit: Unit;
  post: Post;
  thesis: Stance;
  thesisPost?: string;
  /** Support/attack relations touching the unit or its post, with their order in the corpus. */
  relations: { order: number; relation: Relation }[];
  sentence?: { text: string; span: [number, number] };
}

/** The units the key point stage considers (`startRun`'s filter at the default confidence). */
function clusterable(u: Unit): boolean {
  return u.kind !== "none" && u.confidence >= MIN_CONFIDENCE && contentStems(u.text).length > 0;
}

function authorKey(post: Pick<Post, "author" | "id"> | undefined, postId: string): string {
  return post?.author !== undefined ? `a:${post.author}` : `p:${postId}`;
}

function contextOf(engine: Engine, diagnostics: Diagnostic[]): StageContext {
  return { engine: engine.name, report: (d) => diagnostics.push(d) };
}

/** Stored sources in batches of about `BATCH_CHARS` characters, then each batch's analyses. */
async function* analysesOf(
  store: AnalysisReader,
  sources: readonly Pick<StoredSource, "id" | "chars">[],
): AsyncGenerator<{ analysis: SourceAnalysis; sourceIndex: number }> {
  let at = 0;
  while (at < sources.length) {
    const batch: string[] = [];
    let chars = 0;
    while (at < sources.length && (batch.length === 0 || chars + sources[at]!.chars <= BATCH_CHARS)) {
      chars += sources[at]!.chars;
      batch.push(sources[at++]!.id);
    }
    const first = at - batch.length;
    // A turn of the event loop per batch: reading and the passes over it are synchronous work,
    // and a signal (Ctrl-C) is handled only between turns.
    await nextTurn();
    const loaded = await store.loadAnalyses({ sourceIds: batch });
    const byId = new Map(loaded.map((a) => [a.source.id, a]));
    for (const [i, id] of batch.entries()) {
      const analysis = byId.get(id);
      byId.delete(id);
      if (analysis) yield { analysis, sourceIndex: first + i };
    }
  }
}

/** Resolve on the event loop's next turn (timers, I/O and signal handlers run before it). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Anyone engaged with the argument: a reply, or a quote from a post outside it (as `assembleArguments`). */
function engagedArgument(argument: Argument, relations: readonly Relation[]): boolean {
  if (argument.postIds.length > 1) return true;
  const inside = new Set(argument.postIds);
  return relations.some(
    (r) => r.kind === "quote" && r.level === "post" && inside.has(r.to) && !inside.has(r.from),
  );
}

/** Pass 1 over one source: arguments and diagnostics spilled, units offered to the sample; returns its unit count. */
function readSource(
  { analysis, sourceIndex }: { analysis: SourceAnalysis; sourceIndex: number },
  options: StreamMapOptions,
  offer: (make: () => Omit<Sampled, "seq">) => void,
): number {
  const { source, segments, units, relations } = analysis;
  const diagnostics: Diagnostic[] = [...analysis.diagnostics];
  const ctx = contextOf(options.engine, diagnostics);
  const args = assembleArguments({ sources: [source], segments, units, relations }, ctx);
  // Said once for the whole map (below), not for every source without a claim.
  const own = diagnostics.filter((d) => d.rule !== "assemble/no-arguments");
  options.spill.addDiagnostics(own);
  options.spill.addArguments(
    args.map((argument, i) => ({
      engaged: engagedArgument(argument, relations),
      score: argument.score,
      sourceIndex,
      localRank: i,
      argument,
    })),
  );
  const thesis = thesisStances({ sources: [source], units, relations, arguments: args });
  const posts = new Map(source.posts.map((p) => [p.id, p]));
  const signed = new Map<string, { order: number; relation: Relation }[]>();
  relations.forEach((r, i) => {
    if (r.kind !== "support" && r.kind !== "attack") return;
    const entry = { order: sourceIndex * 2 ** 32 + i, relation: r };
    for (const end of r.from === r.to ? [r.from] : [r.from, r.to]) {
      const list = signed.get(end);
      if (list) list.push(entry);
      else signed.set(end, [entry]);
    }
  });
  for (const unit of units) {
    if (!clusterable(unit)) continue;
    offer(() => {
      const post = posts.get(unit.postId)!;
      const rels = [...(signed.get(unit.id) ?? []), ...(signed.get(unit.postId) ?? [])];
      const body = post.bodySpans.find((b) => b[0] <= unit.span[0] && unit.span[1] <= b[1]);
      const around = enclosingSentence(source.text, unit.span, body);
      // A copy, not a slice: a slice would keep the whole source text alive.
      const sentence =
        around && around.text !== unit.text
          ? { text: Buffer.from(around.text, "utf8").toString("utf8"), span: around.span }
          : undefined;
      const thesisPost = thesis.thesisPost.get(unit.id);
      return {
        sourceIndex,
        unit,
        post,
        thesis: thesis.unit.get(unit.id) ?? "neutral",
        ...(thesisPost !== undefined ? { thesisPost } : {}),
        relations: rels,
        ...(sentence ? { sentence } : {}),
      };
    });
  }
  return units.length;
}

/** The key point stage's input from the sample: sources carry only the sampled posts. */
function sampleInput(sample: readonly Sampled[], docs: ReadonlyMap<number, SourceDoc>) {
  const postsOf = new Map<number, Map<string, Post>>();
  const relations = new Map<number, Relation>();
  const thesis: ThesisStances = { unit: new Map(), thesisPost: new Map() };
  const sentences = new Map<string, { text: string; span: [number, number] }>();
  for (const s of sample) {
    const posts = postsOf.get(s.sourceIndex) ?? new Map<string, Post>();
    postsOf.set(s.sourceIndex, posts.set(s.post.id, s.post));
    for (const r of s.relations) relations.set(r.order, r.relation);
    thesis.unit.set(s.unit.id, s.thesis);
    if (s.thesisPost !== undefined) thesis.thesisPost.set(s.unit.id, s.thesisPost);
    if (s.sentence) sentences.set(s.unit.id, s.sentence);
  }
  const sources = [...postsOf.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([i, posts]): SourceDoc => ({ ...docs.get(i)!, text: "", posts: [...posts.values()] }));
  return {
    sources,
    units: sample.map((s) => s.unit),
    relations: [...relations.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    thesis,
    sentenceOf: (u: Unit) => sentences.get(u.id) ?? { text: u.text, span: u.span },
  };
}

/**
 * Build a map over stored analyses in bounded memory (see the module comment).
 *
 * @example
 * const map = await buildStreamedMap(store, { engine, spill: await openSpillTables(file) });
 * await writeOutput(streamedJsonChunks(map, store, spill), "map.json", io);
 */
export async function buildStreamedMap(
  store: AnalysisReader,
  options: StreamMapOptions,
): Promise<StreamedMap> {
  const { engine, spill, onProgress } = options;
  const cap = Math.max(1, Math.floor(options.sampleUnits ?? DEFAULT_SAMPLE_UNITS));
  const wanted = options.sourceIds ? new Set(options.sourceIds) : undefined;
  const sources = (await store.listSources())
    .filter((s) => !wanted || wanted.has(s.id))
    .map(({ id, chars }) => ({ id, chars }));
  const random = seededRandom(options.seed ?? 1);
  const sample: Sampled[] = [];
  const docs = new Map<number, SourceDoc>();
  let total = 0;
  let anyUnits = false;
  const offer = (make: () => Omit<Sampled, "seq">) => {
    const seq = total++;
    if (sample.length < cap) sample.push({ seq, ...make() });
    else {
      const j = Math.floor(random() * (seq + 1));
      if (j < cap) sample[j] = { seq, ...make() };
    }
  };
  let done = 0;
  for await (const item of analysesOf(store, sources)) {
    if (readSource(item, options, offer) > 0) anyUnits = true;
    // Sources keep their metadata only (a sampled post's source, without its text).
    const { text: _text, posts: _posts, citations: _citations, ...meta } = item.analysis.source;
    docs.set(item.sourceIndex, { ...meta, text: "", posts: [] });
    onProgress?.({ stage: "read", done: ++done, total: sources.length });
  }
  sample.sort((a, b) => a.seq - b.seq);
  const complete = total <= cap;
  const diagnostics: Diagnostic[] = [];
  const ctx: StageContext = {
    ...contextOf(engine, diagnostics),
    ...(onProgress ? { progress: onProgress } : {}),
  };
  const input = sampleInput(sample, docs);
  const scorer = engine.keyPointScorer?.() ?? lexicalScorer();
  // Which sources share a topic is judged from their units; a sample holds too few of each source's
  // units to judge it (parts of one file looked unrelated), so a sampled map does not separate them.
  const kp = await clusterKeyPoints(
    input,
    scorer,
    ctx,
    options.previousKeyPoints ?? [],
    complete ? {} : { topicThreshold: 0 },
  );
  const names = await engine.nameKeyPoints?.({ units: input.units, keyPoints: kp.keyPoints }, ctx);
  let keyPoints = names
    ? kp.keyPoints.map((k) => {
        const label = names.get(k.id);
        return label === undefined ? k : { ...k, label };
      })
    : kp.keyPoints;
  const stanceOf = kp.stances;
  const sampledUnits = new Set(sample.map((s) => s.unit.id));
  const rows: SpilledUnit[] = [];
  const flush = () => {
    spill.addUnits(rows);
    rows.length = 0;
  };
  if (complete) {
    // The stage's stances, in its order (the in-memory map lists them so).
    const sampleOf = new Map(sample.map((s) => [s.unit.id, s]));
    for (const [unitId, st] of stanceOf) {
      const s = sampleOf.get(unitId);
      rows.push({
        unitId,
        who: authorKey(s?.post, s?.post.id ?? ""),
        postId: s?.post.id ?? "",
        sourceId: s?.unit.sourceId ?? "",
        thesis: st.thesis,
        ...(st.keyPointId ? { keyPointId: st.keyPointId } : {}),
        keyPoint: st.keyPoint,
      });
      if (rows.length >= MATCH_BATCH) flush();
    }
    flush();
  } else {
    keyPoints = await assignAll(store, sources, options, {
      keyPoints,
      sample,
      sampledUnits,
      stanceOf,
      total,
    });
  }
  // As `assembleArguments` over the whole input: units, none of them a claim.
  if (anyUnits && !spillHasArguments(spill))
    diagnostics.push({
      rule: "assemble/no-arguments",
      stage: "assemble",
      severity: "warning",
      message: "No claim was found in the input, so no argument could be assembled.",
    });
  spill.addDiagnostics(diagnostics);
  return {
    engine: { name: engine.name, version: engine.version, models: { ...engine.models } },
    sources,
    keyPoints,
    keyPointRelations: kp.relations,
    ...(kp.summary ? { keyPointSummary: kp.summary } : {}),
    cruxes: kp.cruxes,
    units: total,
    sampled: sample.length,
    complete,
  };
}

function spillHasArguments(spill: SpillTables): boolean {
  for (const _ of spill.rankedArguments(1)) return true;
  return false;
}

/** Cosine shortlist of key points per text (vectors of the engine's scorer, else hashed words). */
async function vectorsOf(
  texts: readonly string[],
  scorer: ReturnType<NonNullable<Engine["keyPointScorer"]>>,
): Promise<Float32Array[]> {
  if (scorer.embedBatch) {
    const { dims, vectors } = await scorer.embedBatch(texts);
    return texts.map((_, i) => {
      const v = vectors.slice(i * dims, (i + 1) * dims);
      let n = 0;
      for (const x of v) n += x * x;
      n = Math.sqrt(n) || 1;
      for (let k = 0; k < v.length; k++) v[k]! /= n;
      return v;
    });
  }
  return texts.map((t) => hashedVector(t));
}

/**
 * Pass 3: every unit outside the sample joins the key point it matches best (at or above the
 * assignment threshold); the sample's units keep the stage's choice. Returns the key points with
 * their counts over all units (member ids stay in the scratch tables).
 */
async function assignAll(
  store: AnalysisReader,
  sources: readonly Pick<StoredSource, "id" | "chars">[],
  options: StreamMapOptions,
  run: {
    keyPoints: KeyPoint[];
    sample: readonly Sampled[];
    sampledUnits: ReadonlySet<string>;
    stanceOf: ReadonlyMap<string, { thesis: Stance; keyPoint: Stance; keyPointId?: string }>;
    total: number;
  },
): Promise<KeyPoint[]> {
  const { engine, spill, onProgress } = options;
  const { keyPoints, sampledUnits, stanceOf } = run;
  // A point named by the main clause of its unit is matched by the whole unit, as in the stage.
  const sampleOf = new Map(run.sample.map((s) => [s.unit.id, s]));
  const matchText = keyPoints.map((k) => {
    const host = run.sample.find(
      (s) => s.unit.sourceId === k.sourceId && s.unit.span[0] <= k.span[0] && k.span[1] <= s.unit.span[1],
    );
    return host?.unit.text ?? k.text;
  });
  const base = engine.keyPointScorer?.() ?? lexicalScorer();
  const sampleTexts = run.sample.map((s) => s.unit.text);
  const kpVectors = await vectorsOf(matchText, base);
  const rows: SpilledUnit[] = [];
  let done = 0;
  const pending: { unit: Unit; post: Post | undefined; thesis: Stance }[] = [];
  const match = async () => {
    await nextTurn(); // let a signal in: a batch is seconds of synchronous scoring
    // A session per batch: a session keeps the analysis of every text it scored. Given the
    // sample's texts, it discounts the words the whole run talks about, as the stage's run did.
    const scorer = base.session?.(sampleTexts) ?? base;
    const vectors = await vectorsOf(
      pending.map((p) => p.unit.text),
      scorer,
    );
    const shortlists = vectors.map((v) => nearestByDot(kpVectors, v, 0.05, SHORTLIST));
    const pairs = pending.flatMap((p, n) => shortlists[n]!.map((i) => [p.unit.text, matchText[i]!] as const));
    const scores = pairs.length > 0 ? await scorer.scoreBatch(pairs) : new Float64Array(0);
    // As the stage: a unit joins a point only when they share a word that says what they are about.
    const evident = evidenceCheck();
    let at = 0;
    for (const [n, p] of pending.entries()) {
      let best = -1;
      let bestScore = ASSIGN_THRESHOLD;
      for (const i of shortlists[n]!) {
        const s = scores[at++]!;
        if (s >= bestScore && (best < 0 || s > bestScore) && evident(p.unit.text, matchText[i]!, s)) {
          best = i;
          bestScore = s;
        }
      }
      const kp = best >= 0 ? keyPoints[best] : undefined;
      rows.push({
        unitId: p.unit.id,
        who: authorKey(p.post, p.unit.postId),
        postId: p.unit.postId,
        sourceId: p.unit.sourceId,
        thesis: p.thesis,
        ...(kp ? { keyPointId: kp.id } : {}),
        // As the stage: a member of a point's counter side argues against the point.
        keyPoint: kp ? (kp.side === "counter" ? "con" : "pro") : "neutral",
      });
    }
    done += pending.length;
    pending.length = 0;
    spill.addUnits(rows);
    rows.length = 0;
    onProgress?.({ stage: "assign", done, total: run.total });
  };
  for await (const { analysis } of analysesOf(store, sources)) {
    const { source, units, relations } = analysis;
    const posts = new Map(source.posts.map((p) => [p.id, p]));
    // The same per-source stances as pass 1 (a source's arguments are its own).
    const args = assembleArguments(
      { sources: [source], segments: analysis.segments, units, relations },
      contextOf(engine, []),
    );
    const thesis = thesisStances({ sources: [source], units, relations, arguments: args });
    for (const unit of units) {
      if (!clusterable(unit)) continue;
      if (sampledUnits.has(unit.id)) {
        const s = sampleOf.get(unit.id)!;
        const st = stanceOf.get(unit.id);
        rows.push({
          unitId: unit.id,
          who: authorKey(s.post, s.post.id),
          postId: s.post.id,
          sourceId: unit.sourceId,
          thesis: st?.thesis ?? s.thesis,
          ...(st?.keyPointId ? { keyPointId: st.keyPointId } : {}),
          keyPoint: st?.keyPoint ?? "neutral",
        });
        continue;
      }
      pending.push({ unit, post: posts.get(unit.postId), thesis: thesis.unit.get(unit.id) ?? "neutral" });
      if (pending.length >= MATCH_BATCH) await match();
    }
    spill.addUnits(rows);
    rows.length = 0;
  }
  if (pending.length > 0) await match();
  const counts = spill.memberCounts();
  return keyPoints.map((k) => {
    const c = counts.get(k.id);
    if (!c) return k;
    return {
      ...k,
      unitIds: [],
      authorCount: c.authors,
      postCount: c.posts,
      coverage: run.total > 0 ? c.units / run.total : 0,
      sourceIds: c.sourceIds,
      sourceCount: c.sourceIds.length,
      stanceCounts: c.stanceCounts,
    };
  });
}

/** A key point with its member ids (read from the scratch tables when the sample missed units). */
function withMembers(map: StreamedMap, spill: SpillTables, k: KeyPoint): KeyPoint {
  return map.complete ? k : { ...k, unitIds: spill.memberIds(k.id) };
}

/**
 * The map as JSON (`renderJson`'s layout), element by element: sources, segments, units and
 * relations read from the store one batch at a time, arguments, stances and diagnostics from the
 * scratch tables; only one key point's member list is held at a time.
 *
 * @example await writeOutput(streamedJsonChunks(map, store, spill), undefined, io);
 */
export function streamedJsonChunks(
  map: StreamedMap,
  store: AnalysisReader,
  spill: SpillTables,
): AsyncGenerator<string> {
  const each = <T>(schema: z.ZodType<T>, pick: (a: SourceAnalysis) => readonly T[]) =>
    (async function* () {
      for await (const { analysis } of analysesOf(store, map.sources))
        for (const item of pick(analysis)) yield checked(schema, item);
    })();
  const all = function* <T>(schema: z.ZodType<T>, items: Iterable<T>) {
    for (const item of items) yield checked(schema, item);
  };
  const entries: JsonEntry[] = [
    ["format", "argmap"],
    ["version", MAP_FORMAT_VERSION],
    ["engine", map.engine],
    ["sources", each(SourceDocSchema, (a) => [a.source]), "items"],
    ["segments", each(SegmentSchema, (a) => a.segments), "items"],
    ["units", each(UnitSchema, (a) => a.units), "items"],
    [
      "relations",
      (async function* () {
        yield* each(RelationSchema, (a) => a.relations);
        yield* all(RelationSchema, map.keyPointRelations);
      })(),
      "items",
    ],
    [
      "keyPoints",
      (function* () {
        for (const k of map.keyPoints) yield checked(KeyPointSchema, withMembers(map, spill, k));
      })(),
      "items",
    ],
    ...(map.keyPointSummary
      ? [["keyPointSummary", checked(KeyPointSummarySchema, map.keyPointSummary)] as JsonEntry]
      : []),
    ["stances", all(UnitStanceSchema, spill.stances()), "items"],
    ["cruxes", map.cruxes.map((c) => checked(CruxSchema, c))],
    ["arguments", all(ArgumentSchema, spill.rankedArguments()), "items"],
    ["diagnostics", all(DiagnosticSchema, spill.diagnostics()), "items"],
  ];
  return renderJsonEntries(entries);
}

/** An element as its schema has it (keys in schema order); one that does not match is a bug. */
function checked<T>(schema: z.ZodType<T>, item: T): T {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ArgmapError(
    "INTERNAL",
    `A streamed map element does not match its schema: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}.`,
    { cause: result.error },
  );
}

/**
 * A small ArgumentMap of the `limit` best-ranked arguments, for cards and Markdown: their posts
 * (and the posts they answer, and those of the cruxes' quotes) cut from their sources, the key
 * points with their counts over the whole corpus and their members among those posts.
 *
 * @example renderMapChunks(await summaryMap(map, store, spill, 40), "cards", { limit: 10 })
 */
export async function summaryMap(
  map: StreamedMap,
  store: AnalysisReader,
  spill: SpillTables,
  limit: number,
): Promise<ArgumentMap> {
  const args = [...spill.rankedArguments(limit)];
  const wantedPosts = new Set<string>();
  const wantedSources = new Set<string>();
  for (const a of args) {
    for (const p of a.postIds) wantedPosts.add(p);
    for (const s of a.sourceIds) wantedSources.add(s);
  }
  // A crux side counts the authors of its key point's members: their posts come too.
  const cruxPoints = new Set(map.cruxes.flatMap((c) => [c.pro.keyPointId, c.con.keyPointId]));
  const cruxUnits = new Set([
    ...map.cruxes.flatMap((c) => [...c.pro.quotes, ...c.con.quotes].map((q) => q.unitId)),
    ...map.keyPoints.filter((k) => cruxPoints.has(k.id)).flatMap((k) => k.unitIds),
  ]);
  for (const c of map.cruxes)
    for (const q of [...c.pro.quotes, ...c.con.quotes]) wantedSources.add(q.sourceId);
  for (const k of map.keyPoints)
    if (cruxPoints.has(k.id)) for (const s of k.sourceIds ?? []) wantedSources.add(s);
  const order = map.sources.filter((s) => wantedSources.has(s.id));
  const out: Pick<ArgumentMap, "sources" | "segments" | "units" | "relations"> = {
    sources: [],
    segments: [],
    units: [],
    relations: [],
  };
  for await (const { analysis } of analysesOf(store, order)) {
    const { source } = analysis;
    for (const u of analysis.units) if (cruxUnits.has(u.id)) wantedPosts.add(u.postId);
    // The posts they answer too: a card words a reply after its antecedent.
    const byId = new Map(source.posts.map((p) => [p.id, p]));
    for (const id of [...wantedPosts]) {
      const parent = byId.get(id)?.parentId;
      if (parent !== undefined) wantedPosts.add(parent);
    }
    const posts = source.posts.filter((p) => wantedPosts.has(p.id));
    if (posts.length === 0) continue;
    const keep = (postId: string) => wantedPosts.has(postId);
    const units = analysis.units.filter((u) => keep(u.postId));
    const unitIds = new Set(units.map((u) => u.id));
    out.sources.push({ ...source, posts });
    out.segments.push(...analysis.segments.filter((s) => keep(s.postId)));
    out.units.push(...units);
    out.relations.push(
      ...analysis.relations.filter((r) =>
        r.level === "post" ? keep(r.from) && keep(r.to) : unitIds.has(r.from) && unitIds.has(r.to),
      ),
    );
  }
  const shown = out.units.map((u) => u.id);
  const membership = map.complete ? undefined : spill.membershipOf(shown);
  const keyPoints = map.keyPoints.map((k) =>
    membership ? { ...k, unitIds: shown.filter((id) => membership.get(id) === k.id) } : k,
  );
  return {
    format: "argmap",
    version: MAP_FORMAT_VERSION,
    engine: map.engine,
    ...out,
    keyPoints,
    ...(map.keyPointSummary ? { keyPointSummary: map.keyPointSummary } : {}),
    cruxes: map.cruxes,
    arguments: args,
    diagnostics: [],
  };
}
