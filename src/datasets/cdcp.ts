/**
 * Reader for the Cornell eRulemaking corpus (CDCP, Park & Cardie 2018): a directory of
 * `NNNNN.txt` + `NNNNN.ann.json` pairs. Link ranges `[[a, b], t]` (propositions a..b all point to
 * t) are expanded into single `from → to` pairs.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../model/index.js";
import { describeIssues, readDataFile, requireDir } from "./io.js";

export type CdcpType = "fact" | "testimony" | "value" | "policy" | "reference";
export const CDCP_TYPES: readonly CdcpType[] = ["fact", "testimony", "value", "policy", "reference"];

export interface CdcpDoc {
  id: string;
  text: string;
  props: { span: [number, number]; type: CdcpType }[];
  reasons: { from: number; to: number }[];
  evidences: { from: number; to: number }[];
}

const index = z.number().int().nonnegative();
const Link = z.tuple([z.tuple([index, index]), index]);
const Annotation = z.object({
  prop_offsets: z.array(z.tuple([index, index])),
  prop_labels: z.array(z.enum(["fact", "testimony", "value", "policy", "reference"])),
  reasons: z.array(Link).nullable().optional(),
  evidences: z.array(Link).nullable().optional(),
});

function expand(links: z.infer<typeof Link>[] | null | undefined): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const [[a, b], to] of links ?? []) {
    for (let from = Math.min(a, b); from <= Math.max(a, b); from++) out.push({ from, to });
  }
  return out;
}

/**
 * Read every annotated comment in `dir`, sorted by id.
 * @example readCdcp("../shared/data/cdcp/train").length // 581
 */
export function readCdcp(dir: string): CdcpDoc[] {
  requireDir(dir, "CDCP comments as NNNNN.txt + NNNNN.ann.json");
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith(".ann.json"))
    .map((f) => f.slice(0, -".ann.json".length))
    .sort();
  if (ids.length === 0) {
    throw new ArgmapError("DATA_NOT_FOUND", `No CDCP annotations (*.ann.json) in ${dir}.`, { input: dir });
  }
  return ids.map((id) => {
    const annPath = join(dir, `${id}.ann.json`);
    const text = readDataFile(join(dir, `${id}.txt`), `CDCP comment text for ${id}`);
    let raw: unknown;
    try {
      raw = JSON.parse(readDataFile(annPath, `CDCP annotation ${id}`));
    } catch (error) {
      throw new ArgmapError("INPUT_MALFORMED", `Not valid JSON: ${(error as Error).message}`, {
        input: annPath,
        cause: error,
      });
    }
    const parsed = Annotation.safeParse(raw);
    if (!parsed.success) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `Expected {prop_offsets, prop_labels, reasons, evidences}: ${describeIssues(parsed.error.issues)}.`,
        { input: annPath },
      );
    }
    const a = parsed.data;
    if (a.prop_offsets.length !== a.prop_labels.length) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `prop_offsets has ${a.prop_offsets.length} entries but prop_labels has ${a.prop_labels.length}.`,
        { input: annPath },
      );
    }
    const n = a.prop_offsets.length;
    const reasons = expand(a.reasons);
    const evidences = expand(a.evidences);
    for (const l of [...reasons, ...evidences]) {
      if (l.from >= n || l.to >= n) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `Link ${l.from}→${l.to} refers to a proposition beyond ${n - 1}.`,
          {
            input: annPath,
          },
        );
      }
    }
    for (const [s, e] of a.prop_offsets) {
      if (s > e || e > text.length) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `Proposition span [${s}, ${e}] is outside the text (length ${text.length}).`,
          {
            input: annPath,
          },
        );
      }
    }
    return {
      id,
      text,
      props: a.prop_offsets.map((span, i) => ({
        span: [span[0], span[1]] as [number, number],
        type: a.prop_labels[i]!,
      })),
      reasons,
      evidences,
    };
  });
}
