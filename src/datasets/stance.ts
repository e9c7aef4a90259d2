/**
 * Reader for the support/attack pair corpora in `../shared/data` (`perspectrum/`,
 * `nixon-kennedy/`, `ibm-claim-stance/`, `ibm-argq-30k/`, `argmap-dev/threads/`): one
 * `pairs.jsonl` per folder with at least `{id, parent_text, text, label}`; `label` is support /
 * attack (/ none). Each corpus gets its held-out protocol here so the eval task and the training
 * script agree on it:
 * - perspectrum: official claim-level split; train + dev → test.
 * - ibm-claim-stance, ibm-argq-30k: official topic split; train (+ dev) → test.
 * - nixon-kennedy: no official split; leave-one-topic-out over its five topics (folds pooled).
 * - argmap-dev-threads: 5-fold cross-validation by thread (folds pooled).
 * ibm-argq-30k drops the arguments that ArgKP-2021 also has (6,433 of them, with other splits),
 * so the key point data and the stance data never share a text.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../model/index.js";
import { readArgKp } from "./argkp.js";
import { describeIssues, readDataFile, requireDir } from "./io.js";

export type StanceLabel = "support" | "attack" | "none";
export const STANCE_LABELS: readonly StanceLabel[] = ["support", "attack", "none"];

export interface StancePair {
  id: string;
  corpus: string;
  parent: string;
  text: string;
  label: StanceLabel;
  /** Fold key: the official split ("train", "dev", "test") or, without one, the topic or thread. */
  group: string;
}

/** A corpus with its held-out protocol: each fold tests `test` after training on `train`. */
export interface StanceCorpus {
  name: string;
  pairs: StancePair[];
  /** Labels the corpus uses (its scores are macro-averaged over these). */
  labels: StanceLabel[];
  /** Held-out folds: indices into `pairs`. Every test index appears in exactly one fold. */
  folds: { train: number[]; test: number[] }[];
  protocol: string;
}

const Row = z
  .object({
    id: z.string().min(1),
    parent_text: z.string(),
    text: z.string(),
    label: z.enum(["support", "attack", "none"]),
    split: z.string().optional(),
    topic: z.string().optional(),
  })
  .passthrough();

/** The corpora `argmap eval stance` and `npm run train` use, in this order, with their folders. */
export const STANCE_CORPUS_PATHS = {
  perspectrum: "perspectrum",
  "nixon-kennedy": "nixon-kennedy",
  "ibm-claim-stance": "ibm-claim-stance",
  "ibm-argq-30k": "ibm-argq-30k",
  "argmap-dev-threads": "argmap-dev/threads",
} as const;
export type StanceCorpusName = keyof typeof STANCE_CORPUS_PATHS;
export const STANCE_CORPORA = Object.keys(STANCE_CORPUS_PATHS) as StanceCorpusName[];
/** The corpora the shipped (features v1) reply-stance model is trained on. */
export const V1_STANCE_CORPORA: readonly string[] = ["perspectrum", "nixon-kennedy", "ibm-claim-stance"];

/** Folds of the in-genre dev threads: cross-validation by thread (a thread's replies share a writer and topic). */
const THREAD_FOLDS = 5;

/**
 * Read one `pairs.jsonl`; malformed lines are `INPUT_MALFORMED` naming the file and line.
 * @example readStancePairs("../shared/data/ibm-claim-stance/pairs.jsonl", "ibm-claim-stance").length // 2394
 */
export function readStancePairs(path: string, corpus: string): StancePair[] {
  const text = readDataFile(path, `${corpus} pairs (pairs.jsonl)`);
  const out: StancePair[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `${path}:${i + 1}: not valid JSON (${(cause as Error).message}).`,
        {
          input: path,
          cause,
        },
      );
    }
    const row = Row.safeParse(json);
    if (!row.success)
      throw new ArgmapError("INPUT_MALFORMED", `${path}:${i + 1}: ${describeIssues(row.error.issues)}.`, {
        input: path,
      });
    const r = row.data;
    if (r.parent_text.trim() === "" || r.text.trim() === "") continue;
    out.push({
      id: r.id,
      corpus,
      parent: r.parent_text,
      text: r.text,
      label: r.label,
      group: r.split ?? r.topic ?? threadOf(r.id) ?? "all",
    });
  }
  return out;
}

/** The thread of a thread-table pair id ("thread07:c12" → "thread07"). */
function threadOf(id: string): string | undefined {
  return /^(thread[^:]*):/.exec(id)?.[1];
}

/** Whitespace- and case-folded text, to find the same argument in two corpora. */
function foldText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * The argq pairs whose argument is not an ArgKP-2021 argument (any split found in `argkpDir`).
 * @example withoutArgKp(pairs, "../shared/data/argkp-2021").length // 24,064 of 30,497
 */
export function withoutArgKp(pairs: readonly StancePair[], argkpDir: string): StancePair[] {
  const seen = new Set<string>();
  for (const split of ["train", "dev", "test"])
    if (existsSync(join(argkpDir, `arguments_${split}.csv`)))
      for (const a of readArgKp(argkpDir, split).arguments) seen.add(foldText(a.text));
  return pairs.filter((p) => !seen.has(foldText(p.text)));
}

function foldsOf(name: string, pairs: readonly StancePair[]): Pick<StanceCorpus, "folds" | "protocol"> {
  const idx = (pred: (p: StancePair) => boolean) => pairs.flatMap((p, i) => (pred(p) ? [i] : []));
  const groups = [...new Set(pairs.map((p) => p.group))].sort();
  if (name === "argmap-dev-threads") {
    // Threads dealt round-robin in name order: fold k holds threads k, k + 5, … (mixes the styles of 01–20 and 21–40).
    const k = Math.min(THREAD_FOLDS, groups.length);
    const folds = Array.from({ length: k }, (_, f) => new Set(groups.filter((_, i) => i % k === f)));
    return {
      folds: folds.map((f) => ({ train: idx((p) => !f.has(p.group)), test: idx((p) => f.has(p.group)) })),
      protocol: `${name}: ${folds.length}-fold cross-validation by thread over ${groups.length} threads, pooled`,
    };
  }
  if (groups.includes("test")) {
    const train = idx((p) => p.group !== "test");
    const others = groups.filter((g) => g !== "test").join(" + ");
    return {
      folds: [{ train, test: idx((p) => p.group === "test") }],
      protocol: `${name}: official split, ${others} → test`,
    };
  }
  return {
    folds: groups.map((g) => ({ train: idx((p) => p.group !== g), test: idx((p) => p.group === g) })),
    protocol: `${name}: leave-one-topic-out over ${groups.length} topics, pooled`,
  };
}

/**
 * Read the stance corpora found under `dir` (each `<dir>/<corpus>/pairs.jsonl`); a missing folder
 * is skipped, none found at all is `DATA_NOT_FOUND`.
 * @example readStanceCorpora("../shared/data").map((c) => c.name) // ["perspectrum", "nixon-kennedy", "ibm-claim-stance"]
 */
export function readStanceCorpora(dir: string): StanceCorpus[] {
  requireDir(dir, `a data folder with ${STANCE_CORPORA.join("/, ")}/ subfolders holding pairs.jsonl`);
  const out: StanceCorpus[] = [];
  for (const name of STANCE_CORPORA) {
    const file = join(dir, STANCE_CORPUS_PATHS[name], "pairs.jsonl");
    if (!existsSync(file)) continue;
    let pairs = readStancePairs(file, name);
    const argkp = join(dir, "argkp-2021");
    if (name === "ibm-argq-30k" && existsSync(argkp)) pairs = withoutArgKp(pairs, argkp);
    const labels = STANCE_LABELS.filter((l) => pairs.some((p) => p.label === l));
    out.push({ name, pairs, labels, ...foldsOf(name, pairs) });
  }
  if (out.length === 0)
    throw new ArgmapError(
      "DATA_NOT_FOUND",
      `No stance corpus in ${dir}: expected ${STANCE_CORPORA.map((c) => `${STANCE_CORPUS_PATHS[c]}/pairs.jsonl`).join(", ")}.`,
      { input: dir },
    );
  return out;
}
