/**
 * Trivial baselines of `argmap eval relations`, computed on the engine's own units in the same
 * run, and the reply stance a system's relations imply:
 * - `baseline-previous`: each argumentative unit supports the one before it in its paragraph;
 * - `baseline-paragraph-claim`: in each paragraph the first claim is the claim, every other
 *   argumentative unit supports it, and every claim supports the thesis (the first major claim);
 * - `baseline-reply-attack`: each reply's argumentative units attack its parent's first claim
 *   (first major claim, else first claim, else first argumentative unit).
 */
import type { Relation, Unit } from "../../model/index.js";
import type { EvalAnalysis } from "./relations-analysis.js";

export interface RelationsSystem {
  name: string;
  description: string;
  /** Whose units the system links: the engine's (default) or the gold ones (oracle). */
  units?: "engine" | "gold";
  /** Support/attack relations predicted over one document's analysis. */
  relate(analysis: EvalAnalysis): Promise<Relation[]>;
}

const ARG = new Set(["major-claim", "claim", "premise", "evidence"]);
const isArg = (u: Unit) => ARG.has(u.kind);
const isClaim = (u: Unit) => u.kind === "claim" || u.kind === "major-claim";

function rel(kind: "support" | "attack", from: Unit, to: Unit, signal: string): Relation {
  return {
    id: `r:${kind}:${from.id}->${to.id}`,
    kind,
    level: "unit",
    from: from.id,
    to: to.id,
    confidence: 0.5,
    sourceId: from.sourceId,
    span: from.span,
    signals: [signal],
    by: { stage: "eval/baseline", version: "1.0.0", engine: "classic" },
  };
}

/** Argumentative units of each paragraph (a body span of a post), in text order. */
export function paragraphGroups(a: EvalAnalysis): Unit[][] {
  const groups = new Map<string, Unit[]>();
  const posts = new Map(a.source.posts.map((p) => [p.id, p] as const));
  const units = a.units.filter(isArg).sort((x, y) => x.span[0] - y.span[0]);
  for (const u of units) {
    const spans = posts.get(u.postId)?.bodySpans ?? [];
    let k = spans.findIndex((s) => s[0] <= u.span[0] && u.span[0] < s[1]);
    if (k < 0) k = spans.filter((s) => s[0] <= u.span[0]).length;
    const key = `${u.postId}\u0000${k}`;
    const list = groups.get(key);
    if (list) list.push(u);
    else groups.set(key, [u]);
  }
  return [...groups.values()];
}

export const previousBaseline: RelationsSystem = {
  name: "baseline-previous",
  description: "each argumentative unit supports the previous one in its paragraph (engine's units)",
  relate: (a) =>
    Promise.resolve(
      paragraphGroups(a).flatMap((g) =>
        g.slice(1).map((u, i) => rel("support", u, g[i]!, "baseline:previous")),
      ),
    ),
};

export const paragraphClaimBaseline: RelationsSystem = {
  name: "baseline-paragraph-claim",
  description:
    "every premise supports its paragraph's first claim, every claim supports the thesis (engine's units)",
  relate(a) {
    const thesis = a.units.find((u) => u.kind === "major-claim");
    const out: Relation[] = [];
    for (const group of paragraphGroups(a)) {
      const claim = group.find(isClaim);
      for (const u of group) {
        if (u === thesis) continue;
        if (isClaim(u)) {
          if (thesis) out.push(rel("support", u, thesis, "baseline:claim→thesis"));
        } else if (claim) out.push(rel("support", u, claim, "baseline:premise→claim"));
      }
    }
    return Promise.resolve(out);
  },
};

export const replyAttackBaseline: RelationsSystem = {
  name: "baseline-reply-attack",
  description: "each reply's argumentative units attack its parent's first claim (engine's units)",
  relate(a) {
    const byPost = new Map<string, Unit[]>();
    for (const u of a.units) if (isArg(u)) byPost.set(u.postId, [...(byPost.get(u.postId) ?? []), u]);
    const out: Relation[] = [];
    for (const post of a.source.posts) {
      if (post.parentId === undefined) continue;
      const parent = byPost.get(post.parentId) ?? [];
      const main =
        parent.find((u) => u.kind === "major-claim") ?? parent.find((u) => u.kind === "claim") ?? parent[0];
      if (!main) continue;
      for (const u of byPost.get(post.id) ?? []) out.push(rel("attack", u, main, "baseline:reply-attack"));
    }
    return Promise.resolve(out);
  },
};

/**
 * The stance of each reply toward its parent implied by a system's relations, by post index: its
 * post-level support/attack of the parent, else its first unit-level one into the parent's units.
 */
export function replyStances(
  a: EvalAnalysis,
  relations: readonly Relation[],
): Map<number, "support" | "attack"> {
  const index = new Map(a.source.posts.map((p, i) => [p.id, i] as const));
  const parentOf = new Map(a.source.posts.map((p) => [p.id, p.parentId] as const));
  const postOfUnit = new Map(a.units.map((u) => [u.id, u.postId] as const));
  const out = new Map<number, "support" | "attack">();
  const post = relations.filter((r) => r.level === "post");
  const unit = relations.filter((r) => r.level === "unit");
  for (const r of [...post, ...unit]) {
    if (r.kind !== "support" && r.kind !== "attack") continue;
    const from = r.level === "post" ? r.from : postOfUnit.get(r.from);
    const to = r.level === "post" ? r.to : postOfUnit.get(r.to);
    if (from === undefined || to === undefined || parentOf.get(from) !== to) continue;
    const i = index.get(from)!;
    if (!out.has(i)) out.set(i, r.kind);
  }
  return out;
}
