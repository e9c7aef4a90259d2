/**
 * AIF import: AIFdb JSON (`{nodes, edges, locutions, participants}`) and xAIF
 * (`{AIF: {...}, text: ...}`). I-nodes become units; RA → support, CA → attack, MA → same-as
 * (each from every premise I-node to the conclusion I-node); TA between L-nodes → reply between
 * the I-nodes those locutions assert (via YA).
 *
 * Spans: an `argmap` block written by `renderAif` is trusted where it matches the text; otherwise
 * each I-node's text is aligned to the source text (given, or xAIF `text`), and nodes that cannot
 * be aligned are reported as `import/unaligned-node` and dropped. With no text at all, the I-node
 * texts joined by blank lines become the source text.
 */
import { z } from "zod";
import type { ArgumentMap, Diagnostic, RelationKind, Span, UnitKind } from "../model/index.js";
import { ArgmapError, UnitKind as UnitKindSchema } from "../model/index.js";
import { alignPassage, TextIndex } from "./align.js";
import { buildImportedMap, type ImportedRelation, type ImportedUnit } from "./build.js";

const STAGE = "import/aif";
const Id = z.union([z.string(), z.number()]).transform(String);
const AifNodeSchema = z.looseObject({ nodeID: Id, text: z.string().default(""), type: z.string() });
const AifEdgeSchema = z.looseObject({ fromID: Id, toID: Id });
const AifLocutionSchema = z.looseObject({ nodeID: Id, personID: Id.optional() });
const AifParticipantSchema = z.looseObject({
  participantID: Id,
  firstname: z.string().optional(),
  surname: z.string().optional(),
});
const AifBody = z.looseObject({
  nodes: z.array(AifNodeSchema),
  edges: z.array(AifEdgeSchema),
  locutions: z.array(AifLocutionSchema).optional(),
  participants: z.array(AifParticipantSchema).optional(),
});
const ArgmapBlock = z.object({
  units: z.array(
    z.object({
      nodeID: Id,
      unit: z.string(),
      kind: UnitKindSchema,
      span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    }),
  ),
});
const XaifText = z.union([z.string(), z.looseObject({ txt: z.string() })]);

export interface AifImportOptions {
  /** The text the AIF was annotated on; used to recover spans. */
  text?: string;
  /** Display name of the source. */
  name?: string;
  /** Minimum fuzzy alignment score (0–1). */
  minScore?: number;
}

/** Strip OVA-style HTML from an xAIF text (tags removed, basic entities decoded). */
function plainText(html: string): string {
  if (!/<[a-z/][^>]*>/i.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/**
 * Parse AIF JSON text into an ArgumentMap.
 *
 * @throws ArgmapError INPUT_MALFORMED when the JSON is not AIF.
 * @example
 * importAif(JSON.stringify({ nodes: [{ nodeID: 1, text: "A.", type: "I" }], edges: [] })).units.length // 1
 */
export function importAif(json: string, options: AifImportOptions = {}): ArgumentMap {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ArgmapError("INPUT_MALFORMED", `AIF input is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const envelope = z.looseObject({ AIF: AifBody, text: XaifText.optional() }).safeParse(raw);
  const bodyResult = envelope.success
    ? { success: true as const, data: envelope.data.AIF }
    : AifBody.safeParse(raw);
  if (!bodyResult.success) {
    throw new ArgmapError(
      "INPUT_MALFORMED",
      "AIF input needs `nodes` and `edges` arrays (AIFdb JSON) or an `AIF` object (xAIF).",
    );
  }
  const body = bodyResult.data;
  const xaifText = envelope.success && envelope.data.text !== undefined ? envelope.data.text : undefined;
  const embedded =
    xaifText === undefined ? undefined : plainText(typeof xaifText === "string" ? xaifText : xaifText.txt);
  const block = ArgmapBlock.safeParse((raw as Record<string, unknown>)["argmap"]);
  const known = new Map(block.success ? block.data.units.map((u) => [u.nodeID, u] as const) : []);

  const diagnostics: Diagnostic[] = [];
  const iNodes = body.nodes.filter((n) => n.type === "I");
  const byId = new Map(body.nodes.map((n) => [n.nodeID, n] as const));
  let text = options.text ?? (embedded && embedded.trim().length > 0 ? embedded : undefined);
  const units: ImportedUnit[] = [];
  const kindOf = (nodeID: string): UnitKind => known.get(nodeID)?.kind ?? "claim";
  const idOf = (nodeID: string): { key: string; id?: string } => {
    const unit = known.get(nodeID)?.unit;
    return unit === undefined ? { key: `n${nodeID}` } : { key: `n${nodeID}`, id: unit };
  };

  if (text === undefined) {
    let built = "";
    for (const n of iNodes) {
      if (built.length > 0) built += "\n\n";
      units.push({
        ...idOf(n.nodeID),
        span: [built.length, built.length + n.text.length],
        kind: kindOf(n.nodeID),
      });
      built += n.text;
    }
    text = built;
    diagnostics.push({
      rule: "import/no-source-text",
      stage: STAGE,
      severity: "info",
      message: "AIF carried no source text and none was given (--text): the I-node texts make up the source.",
    });
  } else {
    const index = new TextIndex(text);
    for (const n of iNodes) {
      const hint = known.get(n.nodeID);
      let span: Span | undefined;
      if (hint && text.slice(hint.span[0], hint.span[1]) === n.text) span = hint.span;
      else span = alignPassage(n.text, index, options.minScore)?.span;
      if (!span) {
        diagnostics.push({
          rule: "import/unaligned-node",
          stage: STAGE,
          severity: "warning",
          message: `I-node ${n.nodeID} could not be aligned to the source text and was dropped: "${n.text.slice(0, 80)}"`,
        });
        continue;
      }
      units.push({ ...idOf(n.nodeID), span, kind: kindOf(n.nodeID) });
    }
  }

  // Inference structure.
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const e of body.edges) {
    (outgoing.get(e.fromID) ?? outgoing.set(e.fromID, []).get(e.fromID)!).push(e.toID);
    (incoming.get(e.toID) ?? incoming.set(e.toID, []).get(e.toID)!).push(e.fromID);
  }
  const ofType = (ids: readonly string[] | undefined, type: string): string[] =>
    (ids ?? []).filter((id) => byId.get(id)?.type === type);
  const relations: ImportedRelation[] = [];
  const schemeKind: Record<string, RelationKind> = { RA: "support", CA: "attack", MA: "same-as" };
  for (const s of body.nodes) {
    const kind = schemeKind[s.type];
    if (!kind) continue;
    const conclusions = ofType(outgoing.get(s.nodeID), "I");
    const premises = ofType(incoming.get(s.nodeID), "I");
    if (conclusions.length === 0 || premises.length === 0) {
      diagnostics.push({
        rule: "import/incomplete-scheme",
        stage: STAGE,
        severity: "warning",
        message: `${s.type}-node ${s.nodeID} lacks a premise or conclusion I-node.`,
      });
    }
    for (const p of premises)
      for (const c of conclusions) relations.push({ kind, from: `n${p}`, to: `n${c}` });
  }
  // Dialogue: L → TA → L, mapped through L → YA → I.
  const asserted = (l: string): string[] =>
    ofType(outgoing.get(l), "YA").flatMap((ya) => ofType(outgoing.get(ya), "I"));
  for (const ta of body.nodes.filter((n) => n.type === "TA")) {
    const froms = ofType(incoming.get(ta.nodeID), "L").flatMap(asserted);
    const tos = ofType(outgoing.get(ta.nodeID), "L").flatMap(asserted);
    // AIF's TA runs from the earlier locution to the later one; a reply runs later → earlier.
    for (const f of froms) for (const t of tos) relations.push({ kind: "reply", from: `n${t}`, to: `n${f}` });
  }
  // Without an argmap block, kinds follow the structure: sinks of support/attack are major claims,
  // pure sources premises, and nodes in between (or unconnected) claims.
  const argumentative = relations.filter((r) => r.kind === "support" || r.kind === "attack");
  const isFrom = new Set(argumentative.map((r) => r.from));
  const isTo = new Set(argumentative.map((r) => r.to));
  for (const u of units) {
    if (u.id !== undefined) continue;
    u.kind =
      isTo.has(u.key) && !isFrom.has(u.key)
        ? "major-claim"
        : isFrom.has(u.key) && !isTo.has(u.key)
          ? "premise"
          : "claim";
  }
  return buildImportedMap({ stage: STAGE, name: options.name ?? "aif", text, units, relations, diagnostics });
}
