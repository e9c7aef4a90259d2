/**
 * Argdown import, parsed with `@argdown/core`: statements become units (kind from a
 * `#major-claim` / `#claim` / `#premise` / `#evidence` tag, else from the structure), support
 * and attack relations between statements become unit relations. Spans come from a
 * `{span: [s, e]}` data block when it matches the text, else from aligning the statement text.
 * Relations that involve arguments (`<Title>`) are reported, not imported.
 */
import { ArgdownApplication, ArgdownTypes, DataPlugin, ModelPlugin, ParserPlugin } from "@argdown/core";
import type { ArgumentMap, Diagnostic, RelationKind, Span, UnitKind } from "../model/index.js";
import { ArgmapError, UnitKind as UnitKindSchema } from "../model/index.js";
import { alignPassage, TextIndex } from "./align.js";
import { buildImportedMap, type ImportedRelation, type ImportedUnit } from "./build.js";

const STAGE = "import/argdown";

export interface ArgdownImportOptions {
  text?: string;
  name?: string;
  minScore?: number;
}

function statementText(raw: string): string {
  return raw.replace(/(\s#(\([^)]*\)|[\p{L}\p{N}_-]+))+\s*$/u, "").trim();
}

function isSpan(v: unknown): v is Span {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => Number.isInteger(x) && (x as number) >= 0) &&
    (v[0] as number) <= (v[1] as number)
  );
}

/**
 * Largest Argdown source handed to `@argdown/core` (UTF-16 code units). Its parser runs at about
 * 5 µs per byte on valid input and 20–35 µs per byte on broken input, where its error recovery
 * dominates (112 KB: 3.3–4 s; 195 KB: 6.3 s), and worse on some: the fuzzer found 246 KiB taking
 * 50 s. 64 KiB (over 1,000 statements, beyond a hand-written map) bounds one import to about
 * 0.3 s when valid and a few seconds at worst.
 */
export const MAX_ARGDOWN_LENGTH = 64 * 1024;

/**
 * Parse Argdown source into an ArgumentMap.
 *
 * @throws ArgmapError INPUT_TOO_LARGE over `MAX_ARGDOWN_LENGTH`; INPUT_MALFORMED when Argdown
 *   reports syntax errors or cannot parse the source.
 * @example
 * importArgdown("[A]: Cars pollute.\n  + [B]: Studies say so.").relations.length // 1
 */
export function importArgdown(source: string, options: ArgdownImportOptions = {}): ArgumentMap {
  const input = options.name ?? "Argdown input";
  if (source.length > MAX_ARGDOWN_LENGTH) {
    throw new ArgmapError(
      "INPUT_TOO_LARGE",
      `${input} is ${Math.ceil(source.length / 1024)} KiB, over the ${MAX_ARGDOWN_LENGTH / 1024} KiB Argdown import limit (the Argdown parser slows to seconds per 100 KiB); split the map into several files.`,
      { input },
    );
  }
  const app = new ArgdownApplication();
  app.addPlugin(new ParserPlugin(), "parse-input");
  app.addPlugin(new DataPlugin(), "build-model");
  app.addPlugin(new ModelPlugin(), "build-model");
  const request = { input: source, throwExceptions: false, logLevel: "error" };
  // Build the model only from a clean parse: on a failed one the model plugin logs an error of its
  // own to the console ("No ast field"), which a library must not do.
  let res = app.run({ ...request, process: ["parse-input"] });
  const errors = [...(res.lexerErrors ?? []), ...(res.parserErrors ?? [])];
  // The parser can also give up without an error and without a tree (seen on broken titles).
  const parsed = errors.length === 0 && (res.exceptions?.length ?? 0) === 0 && res.ast !== undefined;
  if (parsed) res = app.run({ ...request, process: ["build-model"] }, res);
  if (!parsed || (res.exceptions?.length ?? 0) > 0) {
    const first = (errors[0] ?? res.exceptions?.[0]) as { message?: string } | undefined;
    const what =
      errors.length > 0 ? `has ${errors.length} syntax error(s)` : "could not be parsed as Argdown";
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${input} ${what}${first?.message ? `: ${first.message}` : ""}.`,
      {
        input,
      },
    );
  }
  const diagnostics: Diagnostic[] = [];
  const statements = Object.values(res.statements ?? {}).map((s) => {
    const member = (s.members ?? []).find((m) => typeof m.text === "string" && m.text.trim().length > 0);
    const tags = (s.tags ?? []).map((t) => t.toLowerCase());
    const kind = tags.map((t) => UnitKindSchema.safeParse(t)).find((r) => r.success)?.data;
    const data = (s.data ?? {}) as Record<string, unknown>;
    return {
      title: s.title ?? "",
      text: statementText(member?.text ?? s.title ?? ""),
      kind,
      span: isSpan(data["span"]) ? data["span"] : undefined,
    };
  });
  const keyOf = new Map(statements.map((s, i) => [s.title, `s${i}`] as const));

  let text = options.text;
  const units: (ImportedUnit & { tagged: boolean })[] = [];
  if (text === undefined) {
    let built = "";
    statements.forEach((s, i) => {
      if (built.length > 0) built += "\n\n";
      units.push({
        key: `s${i}`,
        span: [built.length, built.length + s.text.length],
        kind: s.kind ?? "claim",
        tagged: s.kind !== undefined,
      });
      built += s.text;
    });
    text = built;
  } else {
    const index = new TextIndex(text);
    statements.forEach((s, i) => {
      const span =
        s.span && text!.slice(s.span[0], s.span[1]).trim() === s.text
          ? s.span
          : alignPassage(s.text, index, options.minScore)?.span;
      if (!span) {
        diagnostics.push({
          rule: "import/unaligned-node",
          stage: STAGE,
          severity: "warning",
          message: `Statement [${s.title}] could not be aligned to the source text and was dropped.`,
        });
        return;
      }
      units.push({ key: `s${i}`, span, kind: s.kind ?? "claim", tagged: s.kind !== undefined });
    });
  }

  const relations: ImportedRelation[] = [];
  let skipped = 0;
  for (const r of res.relations ?? []) {
    const kind: RelationKind | undefined =
      r.relationType === "support"
        ? "support"
        : r.relationType === "attack" || r.relationType === "contrary" || r.relationType === "contradictory"
          ? "attack"
          : undefined;
    const from = r.from?.type === ArgdownTypes.EQUIVALENCE_CLASS ? keyOf.get(r.from.title ?? "") : undefined;
    const to = r.to?.type === ArgdownTypes.EQUIVALENCE_CLASS ? keyOf.get(r.to.title ?? "") : undefined;
    if (!kind || from === undefined || to === undefined) {
      skipped++;
      continue;
    }
    relations.push({ kind, from, to });
  }
  if (skipped > 0) {
    diagnostics.push({
      rule: "import/argdown-argument-relation",
      stage: STAGE,
      severity: "info",
      message: `${skipped} relation(s) involving arguments or undercuts were not imported (only statement-to-statement support/attack are).`,
    });
  }
  const isFrom = new Set(relations.map((r) => r.from));
  const isTo = new Set(relations.map((r) => r.to));
  const plain: ImportedUnit[] = units.map(({ tagged, ...u }) => {
    const kind: UnitKind = tagged
      ? u.kind
      : isTo.has(u.key) && !isFrom.has(u.key)
        ? "major-claim"
        : isFrom.has(u.key) && !isTo.has(u.key)
          ? "premise"
          : "claim";
    return { ...u, kind };
  });
  return buildImportedMap({
    stage: STAGE,
    name: options.name ?? "argdown",
    text,
    units: plain,
    relations,
    diagnostics,
  });
}
