/**
 * brat standoff import (`.txt` + `.ann`), as used by argument-mining corpora (AAEC, CDCP, …):
 * `T` lines are argument components with character offsets (MajorClaim, Claim, Premise; CDCP's
 * Fact/Testimony/Reference become evidence, Value/Policy claims), `R` lines are relations
 * (supports/support/reason/evidence → support, attacks/attack → attack), `A` lines are attributes
 * (a Stance For/Against becomes the signal `stance:pro` / `stance:con`). Posts are the paragraphs.
 */
import type { ArgumentMap, Diagnostic, RelationKind, Span, UnitKind } from "../model/index.js";
import { alignPassage, TextIndex } from "./align.js";
import { buildImportedMap, type ImportedRelation, type ImportedUnit } from "./build.js";

const STAGE = "import/brat";

const KIND: Record<string, UnitKind> = {
  majorclaim: "major-claim",
  claim: "claim",
  premise: "premise",
  evidence: "evidence",
  fact: "evidence",
  testimony: "evidence",
  reference: "evidence",
  value: "claim",
  policy: "claim",
};
const RELATION: Record<string, RelationKind> = {
  supports: "support",
  support: "support",
  reason: "support",
  evidence: "support",
  attacks: "attack",
  attack: "attack",
};

/**
 * Parse a brat `.ann` against its `.txt`.
 *
 * @example
 * importBrat("Cars pollute. Ban them.", "T1\tPremise 0 13\tCars pollute.\nT2\tClaim 14 23\tBan them.\nR1\tsupports Arg1:T1 Arg2:T2").relations.length // 1
 */
export function importBrat(text: string, ann: string, options: { name?: string } = {}): ArgumentMap {
  const diagnostics: Diagnostic[] = [];
  const units: ImportedUnit[] = [];
  const relations: ImportedRelation[] = [];
  const signals = new Map<string, string[]>();
  const index = new TextIndex(text);
  const seen = new Set<string>();
  const warn = (line: number, message: string): void => {
    diagnostics.push({
      rule: "import/brat-line",
      stage: STAGE,
      severity: "warning",
      message: `.ann line ${line}: ${message}`,
    });
  };
  ann.split(/\r?\n/).forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === "" || line.startsWith("#")) return;
    const [id = "", body = "", surface] = line.split("\t");
    if (id.startsWith("T")) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(body);
      if (!m) return warn(n, `cannot read the entity "${body}".`);
      const type = m[1]!;
      const pieces = m[2]!.split(";").map((p) => p.split(" ").map(Number) as [number, number]);
      let span: Span = [pieces[0]![0], pieces[pieces.length - 1]![1]];
      const kind = KIND[type.toLowerCase()];
      if (!kind) return warn(n, `entity type ${type} is not an argument component; skipped.`);
      if (
        span[1] > text.length ||
        span[0] > span[1] ||
        (surface !== undefined && pieces.length === 1 && text.slice(span[0], span[1]) !== surface)
      ) {
        const aligned = surface !== undefined ? alignPassage(surface, index) : undefined;
        if (!aligned)
          return warn(
            n,
            `offsets ${span[0]}–${span[1]} do not match the text and the surface text could not be found; skipped.`,
          );
        warn(n, `offsets do not match the text; re-aligned to ${aligned.span[0]}–${aligned.span[1]}.`);
        span = aligned.span;
      }
      if (seen.has(id)) return warn(n, `entity ${id} is defined twice; the first definition is kept.`);
      if (!/\S/.test(text.slice(span[0], span[1])))
        return warn(n, `entity ${id} covers no text (${span[0]}–${span[1]}); skipped.`);
      seen.add(id);
      units.push({ key: id, span, kind, signals: [`brat:${type}`] });
    } else if (id.startsWith("R")) {
      const m = /^(\S+) Arg1:(\S+) Arg2:(\S+)$/.exec(body);
      if (!m) return warn(n, `cannot read the relation "${body}".`);
      const kind = RELATION[m[1]!.toLowerCase()];
      if (!kind) return warn(n, `relation type ${m[1]} is not support or attack; skipped.`);
      relations.push({ kind, from: m[2]!, to: m[3]! });
    } else if (id.startsWith("A") || id.startsWith("M")) {
      const [attr = "", target = "", value = "true"] = body.split(" ");
      const v = value.toLowerCase();
      const signal =
        attr.toLowerCase() === "stance"
          ? `stance:${v === "for" ? "pro" : v === "against" ? "con" : v}`
          : `${attr}:${value}`;
      signals.set(target, [...(signals.get(target) ?? []), signal]);
    } else if (!/^[EN*]\d*$/.test(id)) {
      warn(n, `not a brat annotation line; skipped.`);
    }
  });
  for (const u of units) u.signals = [...(u.signals ?? []), ...(signals.get(u.key) ?? [])];
  return buildImportedMap({
    stage: STAGE,
    name: options.name ?? "brat",
    text,
    units,
    relations,
    diagnostics,
  });
}
