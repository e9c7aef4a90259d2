/**
 * Reader for Habernal & Gurevych (2017) user-generated web discourse in Toulmin form
 * (`gold_toulmin.jsonl`: one document per line with `text`, `components` and `relations`).
 *
 * Dropped, and counted in `dropped`: zero-length (implicit) components, and components of type
 * `ArgumentComponent` (the corpus's untyped pathos/appeal annotations, not Toulmin roles).
 * Relations touching a dropped component are dropped too. The corpus gives relations no type;
 * we derive it from the Toulmin role of the source: Rebuttal and Refutation attack, others support.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ArgmapError } from "../model/index.js";
import { describeIssues, readDataFile } from "./io.js";

export type WdType = "Claim" | "Premise" | "Backing" | "Rebuttal" | "Refutation";
export const WD_TYPES: readonly WdType[] = ["Claim", "Premise", "Backing", "Rebuttal", "Refutation"];

export interface WdDoc {
  id: string;
  text: string;
  components: { id: string; type: WdType; span: [number, number] }[];
  relations: { from: string; to: string; type: string }[];
}

/** What the reader skipped: implicit (zero-length) components and untyped `ArgumentComponent`s. */
export interface WdDropped {
  implicit: number;
  untyped: number;
  relations: number;
}

const Line = z.object({
  doc_id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  components: z.array(
    z.object({
      xmi_id: z.union([z.string(), z.number()]).transform(String),
      type: z.string(),
      begin: z.number().int().nonnegative(),
      end: z.number().int().nonnegative(),
    }),
  ),
  relations: z
    .array(
      z.object({
        source: z.union([z.string(), z.number()]).transform(String),
        target: z.union([z.string(), z.number()]).transform(String),
        type: z.string().optional(),
      }),
    )
    .default([]),
});

/** Read documents and report what was dropped. */
export function readWebDiscourseWithStats(path: string): { docs: WdDoc[]; dropped: WdDropped } {
  if (!existsSync(path)) {
    throw new ArgmapError(
      "DATA_NOT_FOUND",
      `Web discourse data not found: ${path} (expected gold_toulmin.jsonl or a directory holding it).`,
      {
        input: path,
      },
    );
  }
  const file = statSync(path).isDirectory() ? join(path, "gold_toulmin.jsonl") : path;
  const content = readDataFile(file, "web discourse documents (gold_toulmin.jsonl)");
  const dropped: WdDropped = { implicit: 0, untyped: 0, relations: 0 };
  const docs: WdDoc[] = [];
  const lines = content.split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `Line ${i + 1} is not valid JSON: ${(error as Error).message}`,
        {
          input: file,
          cause: error,
        },
      );
    }
    const parsed = Line.safeParse(raw);
    if (!parsed.success) {
      throw new ArgmapError(
        "INPUT_MALFORMED",
        `Line ${i + 1}: expected {doc_id, text, components[{xmi_id, type, begin, end}], relations}: ${describeIssues(parsed.error.issues)}.`,
        { input: file },
      );
    }
    const d = parsed.data;
    const components: WdDoc["components"] = [];
    for (const c of d.components) {
      if (c.end > d.text.length || c.begin > c.end) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `Line ${i + 1}: component ${c.xmi_id} span [${c.begin}, ${c.end}] is outside the text.`,
          {
            input: file,
          },
        );
      }
      if (!(WD_TYPES as readonly string[]).includes(c.type)) {
        dropped.untyped++;
        continue;
      }
      if (c.end === c.begin) {
        dropped.implicit++;
        continue;
      }
      components.push({ id: c.xmi_id, type: c.type as WdType, span: [c.begin, c.end] });
    }
    const byId = new Map(components.map((c) => [c.id, c]));
    const relations: WdDoc["relations"] = [];
    for (const r of d.relations) {
      const from = byId.get(r.source);
      if (!from || !byId.has(r.target)) {
        dropped.relations++;
        continue;
      }
      const type = r.type ?? (from.type === "Rebuttal" || from.type === "Refutation" ? "attack" : "support");
      relations.push({ from: r.source, to: r.target, type });
    }
    docs.push({ id: d.doc_id, text: d.text, components, relations });
  });
  return { docs, dropped };
}

/**
 * Read web discourse documents from a `.jsonl` file or a directory containing `gold_toulmin.jsonl`.
 * @example readWebDiscourse("../shared/data/web-discourse").length // 340
 */
export function readWebDiscourse(path: string): WdDoc[] {
  return readWebDiscourseWithStats(path).docs;
}
