/**
 * Gold argument maps for end-to-end relation scoring (`argmap eval relations`), one per document:
 * - a folder of annotated files: brat `.ann` + `.txt`, AIF JSON (`.json`, with a `.txt` beside it
 *   or an xAIF `text`), or argmap JSON maps (`"format": "argmap"`);
 * - CDCP (a folder of `NNNNN.txt` + `NNNNN.ann.json`): propositions become units (policy, value →
 *   claim; fact, testimony → premise; reference → evidence), reason and evidence links support;
 * - web discourse (`gold_toulmin.jsonl`, or the folder holding it): Claim → claim, Premise and
 *   Backing → premise, Rebuttal and Refutation → premise; Premise/Backing → Claim support,
 *   Rebuttal → Claim attack, Refutation → the Rebuttal it answers (the nearest Rebuttal before it,
 *   else the one after it) attack. Posts are the documents' paragraphs.
 * - argmap-dev threads (a folder of `threadNN.jsonl` + `threadNN.gold.json`): the JSONL is read
 *   as `argmap map` reads it, gold units are placed at their post's offset in that text, and the
 *   gold reply stances are kept for the reply-stance confusion.
 * - argmap-dev essays are brat; a Claim's Stance (For/Against) becomes its support/attack of the
 *   essay's first MajorClaim (`claimStanceRelations`), as AAEC encodes claim → thesis links.
 * Nothing is copied: the corpora are read in place.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { buildImportedMap, type ImportedRelation, type ImportedUnit } from "../import/build.js";
import { importAif, importBrat } from "../import/index.js";
import { ArgmapError, ArgumentMap, type Relation, type UnitKind } from "../model/index.js";
import { readCdcp, type CdcpDoc, type CdcpType } from "../datasets/cdcp.js";
import { readDataFile, requireDir } from "../datasets/io.js";
import { readWebDiscourse, type WdDoc } from "../datasets/web-discourse.js";
import { isDevThreadDir, readDevThreads, type DevStance, type DevThread } from "../datasets/argmap-dev.js";
import { readSource } from "../ingest/index.js";

export interface GoldDoc {
  name: string;
  /** The annotated text (what the engine reads). */
  text: string;
  /** A single-source gold map over `text`. */
  map: ArgumentMap;
  /** The file the engine reads, when it is not `text` itself (a thread's JSONL). */
  file?: { name: string; content: string };
  /** Gold stance of every reply toward its direct parent, by post index in the source. */
  replies?: { post: number; parent: number; stance: DevStance }[];
}

export type GoldKind = "cdcp" | "web-discourse" | "maps" | "threads";

const CDCP_KIND: Record<CdcpType, UnitKind> = {
  policy: "claim",
  value: "claim",
  fact: "premise",
  testimony: "premise",
  reference: "evidence",
};

/** A CDCP comment as a gold map (reasons and evidences → support). */
export function cdcpGoldMap(doc: CdcpDoc): ArgumentMap {
  const units: ImportedUnit[] = doc.props.map((p, i) => ({
    key: `p${i}`,
    span: p.span,
    kind: CDCP_KIND[p.type],
  }));
  const relations: ImportedRelation[] = [...doc.reasons, ...doc.evidences].map((l) => ({
    kind: "support",
    from: `p${l.from}`,
    to: `p${l.to}`,
  }));
  return buildImportedMap({
    stage: "eval/cdcp",
    name: doc.id,
    text: doc.text,
    units,
    relations,
    diagnostics: [],
  });
}

/** A web-discourse document as a gold map (see the module comment for the mapping). */
export function webDiscourseGoldMap(doc: WdDoc, paragraphs?: readonly [number, number][]): ArgumentMap {
  const units: ImportedUnit[] = doc.components.map((c) => ({
    key: c.id,
    span: c.span,
    kind: c.type === "Claim" ? "claim" : "premise",
    signals: [`toulmin:${c.type}`],
  }));
  const typeOf = new Map(doc.components.map((c) => [c.id, c.type] as const));
  const rebuttals = doc.components.filter((c) => c.type === "Rebuttal").sort((a, b) => a.span[0] - b.span[0]);
  const relations: ImportedRelation[] = [];
  for (const r of doc.relations) {
    const type = typeOf.get(r.from);
    if (type === "Refutation") {
      const at = doc.components.find((c) => c.id === r.from)!.span[0];
      const before = rebuttals.filter((b) => b.span[0] < at);
      const target = before[before.length - 1] ?? rebuttals[0];
      relations.push({ kind: "attack", from: r.from, to: target?.id ?? r.to });
    } else relations.push({ kind: type === "Rebuttal" ? "attack" : "support", from: r.from, to: r.to });
  }
  return buildImportedMap({
    stage: "eval/web-discourse",
    name: doc.id,
    text: doc.text,
    ...(paragraphs && paragraphs.length > 0
      ? { posts: paragraphs.map((span) => ({ span: [span[0], span[1]] })) }
      : {}),
    units,
    relations,
    diagnostics: [],
  });
}

/** What kind of gold data a path holds. */
export function goldKindOf(path: string): GoldKind {
  if (!existsSync(path))
    throw new ArgmapError("DATA_NOT_FOUND", `Gold data not found: ${path}.`, { input: path });
  if (!statSync(path).isDirectory()) {
    if (path.endsWith(".jsonl")) return "web-discourse";
    throw new ArgmapError(
      "USAGE",
      `--data must be a folder of gold maps (brat, AIF or argmap JSON), a CDCP folder or web discourse's gold_toulmin.jsonl; got the file ${path}.`,
      { input: path },
    );
  }
  const files = readdirSync(path);
  if (files.some((f) => f.endsWith(".ann.json"))) return "cdcp";
  if (isDevThreadDir(files)) return "threads";
  if (files.includes("gold_toulmin.jsonl")) return "web-discourse";
  return "maps";
}

/** Read a folder of gold map files (brat `.ann`+`.txt`, AIF `.json`, argmap `.json`), sorted by name. */
export function readGoldFolder(dir: string): GoldDoc[] {
  requireDir(dir, "gold maps: brat .ann + .txt, AIF .json or argmap .json files");
  const out: GoldDoc[] = [];
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    const ext = extname(file).toLowerCase();
    const stem = basename(file, extname(file));
    const besideTxt = join(dir, `${stem}.txt`);
    let map: ArgumentMap;
    if (ext === ".ann") {
      map = importBrat(readDataFile(besideTxt, `text of ${file}`), readDataFile(path, "brat annotations"), {
        name: stem,
      });
    } else if (ext === ".json") {
      const raw = readDataFile(path, "gold map");
      if (/"format"\s*:\s*"argmap"/.test(raw.slice(0, 4096))) {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch (error) {
          throw new ArgmapError("INPUT_MALFORMED", `${path} is not JSON: ${(error as Error).message}`, {
            input: path,
            cause: error,
          });
        }
        const parsed = ArgumentMap.safeParse(json);
        if (!parsed.success)
          throw new ArgmapError(
            "INPUT_MALFORMED",
            `${path} is not a valid argmap map: ${parsed.error.issues[0]?.message ?? ""}`,
            { input: path },
          );
        map = parsed.data;
      } else {
        const text = existsSync(besideTxt) ? readDataFile(besideTxt, `text of ${file}`) : undefined;
        map = importAif(raw, { name: stem, ...(text !== undefined ? { text } : {}) });
      }
    } else continue;
    for (const source of map.sources) {
      const sub: ArgumentMap = {
        ...map,
        sources: [source],
        segments: map.segments.filter((s) => s.sourceId === source.id),
        units: map.units.filter((u) => u.sourceId === source.id),
        relations: map.relations.filter((r) => r.sourceId === source.id),
      };
      out.push({
        name: map.sources.length > 1 ? `${stem}/${source.name}` : stem,
        text: source.text,
        map: sub,
      });
    }
  }
  if (out.length === 0)
    throw new ArgmapError(
      "DATA_NOT_FOUND",
      `No gold maps in ${dir}: expected brat .ann + .txt pairs, AIF .json or argmap .json files.`,
      { input: dir },
    );
  return out;
}

/**
 * Gold maps from any supported path: a CDCP folder, web discourse, or a folder of gold maps.
 * @example readGoldMaps("../shared/data/cdcp/train").length // 581
 */
export function readGoldMaps(path: string): { kind: GoldKind; docs: GoldDoc[] } {
  const kind = goldKindOf(path);
  if (kind === "cdcp")
    return { kind, docs: readCdcp(path).map((d) => ({ name: d.id, text: d.text, map: cdcpGoldMap(d) })) };
  if (kind === "web-discourse")
    return {
      kind,
      docs: readWebDiscourse(path).map((d) => ({ name: d.id, text: d.text, map: webDiscourseGoldMap(d) })),
    };
  if (kind === "threads") return { kind, docs: readDevThreads(path).map(devThreadGoldDoc) };
  return { kind, docs: readGoldFolder(path).map((d) => ({ ...d, map: claimStanceRelations(d.map) })) };
}

/**
 * A gold thread as the engine reads it: the JSONL through `readSource`, each gold unit at its
 * post's start in that text, posts with their reply links.
 */
export function devThreadGoldDoc(thread: DevThread): GoldDoc {
  const name = `${thread.name}.jsonl`;
  const { doc } = readSource({ name, bytes: new TextEncoder().encode(thread.jsonl) });
  const ids = [...thread.postText.keys()];
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const start = (postId: string): number => {
    const post = doc.posts[index.get(postId) ?? -1];
    const text = thread.postText.get(postId) ?? "";
    if (!post || doc.text.slice(post.span[0], post.span[0] + text.length) !== text)
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${name}: post ${postId} is not read back verbatim as post ${index.get(postId) ?? "?"}, so its gold offsets cannot be placed.`,
        { input: name },
      );
    return post.span[0];
  };
  const units: ImportedUnit[] = thread.gold.units.map((u) => ({
    key: u.id,
    span: [start(u.post) + u.start, start(u.post) + u.end],
    kind: u.kind,
  }));
  const map = buildImportedMap({
    stage: "eval/argmap-dev",
    name,
    text: doc.text,
    format: "jsonl",
    posts: doc.posts.map((p) => ({
      span: p.span,
      ...(p.parentId !== undefined ? { parentIndex: doc.posts.findIndex((q) => q.id === p.parentId) } : {}),
    })),
    units,
    relations: thread.gold.relations.map((r) => ({ kind: r.kind, from: r.from, to: r.to })),
    diagnostics: [],
  });
  return {
    name: thread.name,
    text: doc.text,
    map,
    file: { name, content: thread.jsonl },
    replies: thread.gold.replies.map((r) => ({
      post: index.get(r.post) ?? -1,
      parent: index.get(r.parent) ?? -1,
      stance: r.stance,
    })),
  };
}

/**
 * AAEC gives claims no relation: a Claim's Stance says how it relates to the major claim. Each
 * claim with a stance (`stance:pro` / `stance:con`) and no outgoing relation supports / attacks
 * the first major claim, so that the thesis links a map draws are scored. Maps without stances
 * are returned as they are.
 */
export function claimStanceRelations(map: ArgumentMap): ArgumentMap {
  const major = map.units.find((u) => u.kind === "major-claim");
  if (!major) return map;
  const linked = new Set(map.relations.map((r) => r.from));
  const added: Relation[] = [];
  for (const u of map.units) {
    if (u.kind !== "claim" || linked.has(u.id)) continue;
    const kind = u.signals.includes("stance:pro")
      ? "support"
      : u.signals.includes("stance:con")
        ? "attack"
        : "";
    if (kind === "") continue;
    added.push({
      id: `${u.id}:stance`,
      kind,
      level: "unit",
      from: u.id,
      to: major.id,
      confidence: 1,
      sourceId: u.sourceId,
      span: u.span,
      signals: ["gold:claim-stance"],
      by: u.by,
    });
  }
  if (added.length === 0) return map;
  return { ...map, relations: [...map.relations, ...added] };
}
