/**
 * Argument cards scored against gold threads (`argmap eval cards --data <dir>`): the thread
 * development set (`argmap-dev/threads`: `threadNN.jsonl` comment tables with
 * `threadNN.gold.json` reply stances, units and relations). Every thread goes through what
 * `argmap map` runs (ingest → segment → engine → map → cards); the cards' arguments are compared
 * with the gold:
 * - side precision: of the supports (claims and their post's placement), objections and
 *   rebuttals on cards, the share whose gold side toward the card's thesis agrees (for, against,
 *   for). The gold side of a post toward the thesis post is the product of the gold reply stances
 *   along the chain between them (attack −1, support +1, none 0: unknown, never agrees); a post
 *   outside the thesis post's subtree has no gold side;
 * - position recall: gold positions — posts whose sub-debate holds at least two posts against
 *   them (gold sides composed from the post) — whose gold claim heads a card or appears on one as
 *   a claim or objection (units match at ≥ 50 % overlap of the longer span);
 * - cards per thread;
 * - crux precision: cruxes whose two sides' posts have opposite gold sides toward the root, or
 *   where one side's post gold-attacks the other's.
 * Systems, in the same run: `positions` (today's assembly: one card per position), `roots` (the
 * assembly before it: one card per tree root, signs only, the earlier crux check) and
 * `baseline-all-attack` (positions, every reply taken to attack its parent).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readSource } from "../../ingest/index.js";
import { toCards, type CardOptions } from "../../assemble/index.js";
import type { AssembleOptions } from "../../assemble/index.js";
import { ArgmapError, type Argument, type ArgumentMap, type Relation, type Unit } from "../../model/index.js";
import { overlapLength } from "../../model/index.js";
import { analyseSource, buildMap, type SourceAnalysis } from "../../pipeline/analyse.js";
import type { Engine } from "../../engines/engine.js";
import { classicEngine } from "../../engines/classic/index.js";
import type { TaskResult } from "../result.js";

type Side = 1 | 0 | -1;

export interface GoldThread {
  name: string;
  /** The comment table as given to `argmap map`. */
  bytes: Uint8Array;
  posts: string[];
  parent: Map<string, string>;
  stance: Map<string, Side>;
  units: { id: string; post: string; start: number; end: number; kind: string }[];
  relations: { from: string; to: string; kind: "support" | "attack" }[];
}

export interface CardsSystem {
  name: string;
  description: string;
  assemble: AssembleOptions;
  cards: CardOptions;
  /** Replace the engine's reply stances (a baseline), else undefined. */
  relations?: (analysis: SourceAnalysis) => Relation[];
}

const STANCE: Record<string, Side> = { attack: -1, support: 1, none: 0 };

/**
 * Read `threadNN.jsonl` + `threadNN.gold.json` pairs from a folder (a folder without any is an
 * input error).
 */
export function readGoldThreads(dir: string): GoldThread[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.gold\.json$/.test(n));
  } catch (cause) {
    throw new ArgmapError("INPUT_UNREADABLE", `cannot read ${dir}: not a readable folder.`, { cause });
  }
  if (names.length === 0)
    throw new ArgmapError(
      "INPUT_NOT_FOUND",
      `${dir} holds no *.gold.json thread (expected argmap-dev/threads).`,
    );
  return names.sort().map((n) => {
    const base = n.replace(/\.gold\.json$/, "");
    const gold = JSON.parse(readFileSync(join(dir, n), "utf8")) as Record<string, unknown>;
    const replies = gold.replies as { post: string; parent: string; stance: string }[];
    return {
      name: base,
      bytes: readFileSync(join(dir, `${base}.jsonl`)),
      posts: gold.posts as string[],
      parent: new Map(replies.map((r) => [r.post, r.parent])),
      stance: new Map(replies.map((r) => [r.post, STANCE[r.stance] ?? 0])),
      units: gold.units as GoldThread["units"],
      relations: gold.relations as GoldThread["relations"],
    };
  });
}

/**
 * Gold side of `post` toward `thesis` (an ancestor or itself): the product of the reply stances
 * between them; undefined when `thesis` is not on the post's chain.
 */
export function goldSide(g: GoldThread, post: string, thesis: string): Side | undefined {
  let side: Side = 1;
  const seen = new Set<string>();
  for (let at = post; at !== thesis; at = g.parent.get(at)!) {
    if (!g.parent.has(at) || seen.has(at)) return undefined;
    seen.add(at);
    side = (side * (g.stance.get(at) ?? 0)) as Side;
  }
  return side;
}

/** Gold positions: posts with at least two posts against them in their own sub-debate. */
export function goldPositions(g: GoldThread): string[] {
  return g.posts.filter((p) => g.posts.filter((q) => q !== p && goldSide(g, q, p) === -1).length >= 2);
}

interface Tally {
  supports: [number, number];
  objections: [number, number];
  rebuttals: [number, number];
  positions: [number, number];
  cruxes: [number, number];
  cards: number;
  threads: number;
}

const ratio = ([hit, n]: [number, number]): number => (n === 0 ? 0 : hit / n);

/** Score one map's cards against one gold thread, adding to `t`. */
export function scoreThread(g: GoldThread, map: ArgumentMap, cards: CardOptions, t: Tally): void {
  const source = map.sources[0]!;
  if (source.posts.length !== g.posts.length)
    throw new ArgmapError(
      "INPUT_MALFORMED",
      `${g.name}: ${source.posts.length} posts read, gold has ${g.posts.length}.`,
    );
  const goldPost = new Map(source.posts.map((p, i) => [p.id, g.posts[i]!]));
  const units = new Map(map.units.map((u) => [u.id, u]));
  const postOf = (id: string): string | undefined => {
    const u = units.get(id);
    return u ? goldPost.get(u.postId) : undefined;
  };
  const deck = toCards(map, cards);
  const byId = new Map(map.arguments.map((a) => [a.id, a]));
  const carded = deck.map((c) => byId.get(c.argumentId)).filter((a): a is Argument => a !== undefined);
  const check = (tally: [number, number], unitId: string, thesisPost: string, want: Side): void => {
    const p = postOf(unitId);
    tally[1]++;
    if (p !== undefined && goldSide(g, p, thesisPost) === want) tally[0]++;
  };
  for (const a of carded) {
    const thesisPost = postOf(a.thesis);
    if (thesisPost === undefined) continue;
    for (const c of a.claims) check(t.supports, c.unitId, thesisPost, 1);
    for (const o of a.objections) {
      check(t.objections, o.unitId, thesisPost, -1);
      for (const r of o.rebuttals) check(t.rebuttals, r, thesisPost, 1);
    }
  }
  // Positions: a gold claim of the post (any unit when it has none) on a card.
  const postStart = new Map(source.posts.map((p, i) => [g.posts[i]!, p.span[0]]));
  const shown = carded.flatMap((a) => [
    a.thesis,
    ...a.claims.map((c) => c.unitId),
    ...a.objections.map((o) => o.unitId),
  ]);
  const shownUnits = shown.map((id) => units.get(id)).filter((u): u is Unit => u !== undefined);
  for (const p of goldPositions(g)) {
    const own = g.units.filter((u) => u.post === p);
    const claims = own.filter((u) => u.kind !== "premise");
    const targets = (claims.length > 0 ? claims : own).map((u): [number, number] => {
      const at = postStart.get(p)!;
      return [at + u.start, at + u.end];
    });
    t.positions[1]++;
    const hit = shownUnits.some((u) =>
      targets.some((s) => overlapLength(u.span, s) >= 0.5 * Math.max(u.span[1] - u.span[0], s[1] - s[0])),
    );
    if (hit) t.positions[0]++;
  }
  // Cruxes: opposite gold sides toward the root, or a gold attack between the two posts.
  const root = g.posts[0]!;
  const attacks = new Set(
    g.relations
      .filter((r) => r.kind === "attack")
      .map((r) => {
        const from = g.units.find((u) => u.id === r.from)?.post;
        const to = g.units.find((u) => u.id === r.to)?.post;
        return `${from}\0${to}`;
      }),
  );
  const unitAt = (at: { sourceId: string; span: [number, number] } | undefined): string | undefined => {
    if (!at) return undefined;
    const u = map.units.find((x) => x.sourceId === at.sourceId && x.span[0] === at.span[0]);
    return u ? goldPost.get(u.postId) : undefined;
  };
  for (const c of deck.cruxes) {
    const pro = unitAt(c.pro.at);
    const con = unitAt(c.con.at);
    t.cruxes[1]++;
    if (pro === undefined || con === undefined || pro === con) continue;
    const sides = (goldSide(g, pro, root) ?? 0) * (goldSide(g, con, root) ?? 0);
    if (sides === -1 || attacks.has(`${pro}\0${con}`) || attacks.has(`${con}\0${pro}`)) t.cruxes[0]++;
  }
  t.cards += deck.length;
  t.threads++;
}

/** Every reply attacks its parent: the engine's support/attack relations replaced. */
function allAttack(a: SourceAnalysis): Relation[] {
  const kept = a.relations.filter((r) => r.kind !== "support" && r.kind !== "attack");
  const attacks = a.source.posts.flatMap((p): Relation[] =>
    p.parentId === undefined
      ? []
      : [
          {
            id: `r:attack:${p.id}->${p.parentId}`,
            kind: "attack",
            level: "post",
            from: p.id,
            to: p.parentId,
            confidence: 1,
            sourceId: p.sourceId,
            span: p.span,
            signals: ["baseline:all-attack"],
            by: { stage: "eval/baseline", version: "1.0.0", engine: "classic" },
          },
        ],
  );
  return [...kept, ...attacks];
}

export const CARDS_SYSTEMS: readonly CardsSystem[] = [
  {
    name: "positions",
    description: "one card per position, sides composed along the reply chain with authors keeping sides",
    assemble: { arguments: "positions" },
    cards: {},
  },
  {
    name: "roots",
    description: "the assembly before positions: one card per tree root, signs only, earlier crux check",
    assemble: { arguments: "roots" },
    cards: { cruxCheck: "shared-word" },
  },
  {
    name: "baseline-all-attack",
    description: "positions, with every reply taken to attack its parent (engine stances ignored)",
    assemble: { arguments: "positions" },
    cards: {},
    relations: allAttack,
  },
];

export interface CardsTaskOptions {
  dir: string;
  engine?: Engine;
  systems?: readonly CardsSystem[];
}

/** `argmap eval cards`: every system over the gold threads, each thread analysed once. */
export async function runCards(options: CardsTaskOptions): Promise<TaskResult> {
  const engine = options.engine ?? classicEngine;
  const systems = options.systems ?? CARDS_SYSTEMS;
  const threads = readGoldThreads(options.dir);
  const tallies: Tally[] = systems.map(() => ({
    supports: [0, 0],
    objections: [0, 0],
    rebuttals: [0, 0],
    positions: [0, 0],
    cruxes: [0, 0],
    cards: 0,
    threads: 0,
  }));
  for (const g of threads) {
    const { doc } = readSource({ name: `${g.name}.jsonl`, bytes: g.bytes });
    const analysis = await analyseSource(doc, { engine });
    for (const [i, s] of systems.entries()) {
      const a = s.relations ? { ...analysis, relations: s.relations(analysis) } : analysis;
      const map = await buildMap([a], { engine, assemble: s.assemble });
      scoreThread(g, map, s.cards, tallies[i]!);
    }
  }
  return {
    task: "cards",
    data: options.dir,
    protocol: `end to end on ${threads.length} gold threads (JSONL comment tables)`,
    notes: [
      "Side precision: supports (claims), objections and rebuttals of every card's argument whose post's gold side toward the card's thesis post is for / against / for (gold reply stances multiplied along the chain; none = unknown = wrong).",
      "Position recall: gold posts with ≥ 2 posts against them in their sub-debate whose gold claim (≥ 50 % overlap) heads a card or is one of its claims or objections.",
      "Crux precision: cruxes whose sides' posts have opposite gold sides toward the root, or one gold-attacks the other.",
    ],
    columns: [
      { key: "supportP", label: "support P" },
      { key: "objectionP", label: "objection P" },
      { key: "rebuttalP", label: "rebuttal P" },
      { key: "positionR", label: "position R" },
      { key: "cruxP", label: "crux P" },
      { key: "cards", label: "cards/thread" },
    ],
    rows: systems.map((s, i) => {
      const t = tallies[i]!;
      return {
        system: s.name,
        description: s.description,
        metrics: {
          supportP: ratio(t.supports),
          objectionP: ratio(t.objections),
          rebuttalP: ratio(t.rebuttals),
          positionR: ratio(t.positions),
          cruxP: ratio(t.cruxes),
          cards: t.threads === 0 ? 0 : t.cards / t.threads,
        },
        details: t,
      };
    }),
  };
}
