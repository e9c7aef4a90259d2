/**
 * Reader for IBM ArgKP-2021 (key point matching): `arguments_<split>.csv`
 * (`arg_id,argument,topic,stance`), `key_points_<split>.csv` (`key_point_id,key_point,topic,stance`)
 * and `labels_<split>.csv` (`arg_id,key_point_id,label`).
 */
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../model/index.js";
import { describeIssues, readCsv, requireDir } from "./io.js";

export interface ArgKpArgument {
  id: string;
  text: string;
  topic: string;
  stance: number;
}
export interface ArgKpKeyPoint {
  id: string;
  text: string;
  topic: string;
  stance: number;
}
export interface ArgKpLabel {
  argId: string;
  kpId: string;
  label: 0 | 1;
}
export interface ArgKpSplit {
  arguments: ArgKpArgument[];
  keyPoints: ArgKpKeyPoint[];
  labels: ArgKpLabel[];
}

const stance = z
  .string()
  .trim()
  .regex(/^[+-]?1(\.0)?$/, "stance must be 1 or -1")
  .transform((s) => (Number(s) > 0 ? 1 : -1));
const nonEmpty = z.string().trim().min(1);
const ArgumentRow = z.object({ arg_id: nonEmpty, argument: z.string(), topic: nonEmpty, stance });
const KeyPointRow = z.object({ key_point_id: nonEmpty, key_point: z.string(), topic: nonEmpty, stance });
const LabelRow = z.object({
  arg_id: nonEmpty,
  key_point_id: nonEmpty,
  label: z
    .string()
    .trim()
    .regex(/^[01](\.0)?$/, "label must be 0 or 1")
    .transform((s) => (Number(s) === 1 ? 1 : 0) as 0 | 1),
});

function validate<T>(rows: Record<string, string>[], schema: z.ZodType<T>, path: string): T[] {
  return rows.map((row, i) => {
    const r = schema.safeParse(row);
    if (!r.success) {
      throw new ArgmapError("INPUT_MALFORMED", `Row ${i + 2}: ${describeIssues(r.error.issues)}.`, {
        input: path,
      });
    }
    return r.data;
  });
}

/**
 * Read one ArgKP split from `dir`.
 * @example readArgKp("../shared/data/argkp-2021", "dev").arguments.length // 932
 */
export function readArgKp(dir: string, split: string): ArgKpSplit {
  requireDir(dir, `arguments_${split}.csv, key_points_${split}.csv and labels_${split}.csv`);
  const argPath = join(dir, `arguments_${split}.csv`);
  const kpPath = join(dir, `key_points_${split}.csv`);
  const labelPath = join(dir, `labels_${split}.csv`);
  const args = validate(
    readCsv(argPath, ["arg_id", "argument", "topic", "stance"], `ArgKP arguments (${split})`),
    ArgumentRow,
    argPath,
  ).map((r) => ({ id: r.arg_id, text: r.argument, topic: r.topic, stance: r.stance }));
  const kps = validate(
    readCsv(kpPath, ["key_point_id", "key_point", "topic", "stance"], `ArgKP key points (${split})`),
    KeyPointRow,
    kpPath,
  ).map((r) => ({ id: r.key_point_id, text: r.key_point, topic: r.topic, stance: r.stance }));
  const labels = validate(
    readCsv(labelPath, ["arg_id", "key_point_id", "label"], `ArgKP labels (${split})`),
    LabelRow,
    labelPath,
  ).map((r) => ({ argId: r.arg_id, kpId: r.key_point_id, label: r.label }));
  return { arguments: args, keyPoints: kps, labels };
}
