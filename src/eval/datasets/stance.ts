/**
 * Reader for the support/attack pair corpora in `../shared/data` (`perspectrum/`,
 * `nixon-kennedy/`, `ibm-claim-stance/`): one `pairs.jsonl` per folder with at least
 * `{id, parent_text, text, label}`; `label` is support / attack (/ none). Each corpus gets its
 * held-out protocol here so the eval task and the training script agree on it:
 * - perspectrum: official claim-level split; train + dev → test.
 * - ibm-claim-stance: official topic split; train → test.
 * - nixon-kennedy: no official split; leave-one-topic-out over its five topics (folds pooled).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../../model/index.js";
import { describeIssues, readDataFile, requireDir } from "./io.js";

export type StanceLabel = "support" | "attack" | "none";
export const STANCE_LABELS: readonly StanceLabel[] = ["support", "attack", "none"];

export interface StancePair {
  id: string;
  corpus: string;
  parent: string;
  text: string;
  label: StanceLabel;
  /** Fold key: the official split ("train", "dev", "test") or, without one, the topic. */
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

/** The corpora `argmap eval stance` and `npm run train` use, in this order. */
export const STANCE_CORPORA = ["perspectrum", "nixon-kennedy", "ibm-claim-stance"] as const;

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
      group: r.split ?? r.topic ?? "all",
    });
  }
  return out;
}

function foldsOf(name: string, pairs: readonly StancePair[]): Pick<StanceCorpus, "folds" | "protocol"> {
  const idx = (pred: (p: StancePair) => boolean) => pairs.flatMap((p, i) => (pred(p) ? [i] : []));
  const groups = [...new Set(pairs.map((p) => p.group))].sort();
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
    const file = join(dir, name, "pairs.jsonl");
    if (!existsSync(file)) continue;
    const pairs = readStancePairs(file, name);
    const labels = STANCE_LABELS.filter((l) => pairs.some((p) => p.label === l));
    out.push({ name, pairs, labels, ...foldsOf(name, pairs) });
  }
  if (out.length === 0)
    throw new ArgmapError(
      "DATA_NOT_FOUND",
      `No stance corpus in ${dir}: expected ${STANCE_CORPORA.map((c) => `${c}/pairs.jsonl`).join(", ")}.`,
      { input: dir },
    );
  return out;
}
