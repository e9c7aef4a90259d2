/**
 * Argument cards: the person-facing digest of a ranked argument — rank, label, source, the
 * one-paragraph thesis and a few key claims (supporting claims and the strongest objections),
 * then the key points the argument makes (with how many authors, posts and sources make them),
 * its objections with their rebuttals, and the objections nobody answered. Cards are ranked
 * engaged first (arguments with replies), then by the argument's score (`scoreArgument`: replies,
 * authors, quotes, contestedness, evidence) plus key point prevalence, log2(1 + the most authors —
 * posts when unnamed — making one of the key points its thesis, claims or objections belong to),
 * halved. Every text shown stands on its own: a leading connective is trimmed, a unit is shown as
 * its whole sentence, a sentence that opens with an unresolved reference comes after its
 * antecedent sentence (or is left out), and questions and units inside a quote of another post
 * are not offered — key claims, objections and rebuttals alike. An essay is read paragraph by
 * paragraph (`readEssay`): its main claims in the author's order, objections marked with their
 * answers. `toCards` also returns the map's cruxes that are real disputes (`cardCruxes`), for the
 * top of the output. An argument whose thesis opens with an unresolved reference even after
 * merging its antecedent sentence gets no card.
 */
import type { Argument, ArgumentMap, KeyPoint, Unit } from "../model/index.js";
import { DOCUMENT_FORMATS } from "../model/index.js";
import { opensWithConnective, opensWithReference, standsAlone, trimConnective } from "../util/statement.js";
import { argumentStats, indexUnits, type ArgumentStats, type UnitLookup } from "./arguments.js";
import { cardCruxes, type CruxSide } from "./cruxes.js";
import { readEssay } from "./essay.js";
import { groupSentences, isQuestion, sentenceText, standingWording } from "./sentences.js";

export interface Card {
  rank: number;
  /** Id of the argument the card shows. */
  argumentId: string;
  label: "ARGUMENT";
  /** Display name of the source: a domain or a file name. */
  source: string;
  /** The summary paragraph: source text only. */
  thesis: string;
  /** Key claims, one per entry; objections are prefixed with `OBJECTION_PREFIX`. */
  claims: string[];
  stats: ArgumentStats;
  /** Key points this argument makes (its thesis, claims or evidence are among their units), most argued first. */
  keyPoints: CardKeyPoint[];
  /** Objections (source text) with the texts that answer them. */
  objections: CardObjection[];
  /** Objections no later post replies to or quotes (and no rebuttal answers). */
  unanswered: string[];
  /** Points an author gave up (a CMV delta, "You're right"), worded as the cards word claims. */
  concessions?: string[];
}

export interface CardKeyPoint {
  id: string;
  text: string;
  authorCount: number;
  postCount: number;
  sourceCount: number;
  /** False when the sources name no authors (flattened threads): counts are of posts then. */
  authorsKnown?: boolean;
}

export interface CardObjection {
  text: string;
  rebuttals: string[];
}

/**
 * The two sides of a crux, ready to print: the point (a key point's LLM name when it has one) and
 * each side's best quote (standing on its own) and author count.
 */
export interface CardCrux {
  /** The map's crux id; none for a dispute found from attack relations alone. */
  id?: string;
  text: string;
  pro: CruxSide;
  con: CruxSide;
  /** False when the sources name no authors: the counts are of posts. */
  authorsKnown?: boolean;
}

/** True when any post of the map names its author (otherwise counts are of posts). */
export function authorsKnownIn(map: Pick<ArgumentMap, "sources">): boolean {
  return map.sources.some((s) => s.posts.some((p) => p.author !== undefined));
}

/** "3 authors", or "3 posts" when the sources name no authors. */
export function whoCount(count: number, authorsKnown = true): string {
  const noun = authorsKnown ? "author" : "post";
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Cards, best first, the map's cruxes (shown before the cards) and, when the map lists only the
 * most prevalent key points, the line that counts the rest.
 */
export type CardDeck = Card[] & { cruxes: CardCrux[]; morePoints?: string };

/**
 * "and 120 more points made by 340 authors": the key points a map counts but does not list.
 * @example morePointsLine({ keyPoints: 120, authors: 340 }) // "and 120 more points made by 340 authors"
 */
export function morePointsLine(omitted: { keyPoints: number; authors: number }, authorsKnown = true): string {
  const n = omitted.keyPoints;
  return `and ${n.toLocaleString("en-US")} more point${n === 1 ? "" : "s"} made by ${whoCount(omitted.authors, authorsKnown).replace(/^\d+/, (d) => Number(d).toLocaleString("en-US"))}`;
}

export interface CardOptions {
  /** Number of cards, best first. Default: all. */
  limit?: number;
  /** Key claims per card. Default 5. */
  claimsPerCard?: number;
  /** Key points per card. Default 3. */
  keyPointsPerCard?: number;
  /** Cruxes returned with the cards. Default 3. */
  cruxes?: number;
  /**
   * `disputes` (default): a crux's sides are different texts by different authors, on opposite
   * sides or one attacking the other, counted by distinct authors. `shared-word`: the earlier
   * check only (kept for `argmap eval cards`).
   */
  cruxCheck?: "disputes" | "shared-word";
}

export const OBJECTION_PREFIX = "Objection: ";
/** Prefix of an essay's answer to an objection among the key claims. */
export const ANSWER_PREFIX = "Answer: ";

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

interface Candidate {
  /** The units of one sentence (clauses picked side by side), in text order. */
  units: Unit[];
  /** The text shown: the clauses joined, a leading connective trimmed. */
  text: string;
  weight: number;
  objection: boolean;
}

/** The `n` strongest candidates, at most one per post until every post has had its turn. */
function spread(sorted: readonly Candidate[], n: number): Candidate[] {
  const first: Candidate[] = [];
  const rest: Candidate[] = [];
  const posts = new Set<string>();
  for (const c of sorted) {
    const post = c.units[0]!.postId;
    if (posts.has(post)) rest.push(c);
    else {
      posts.add(post);
      first.push(c);
    }
  }
  return [...first, ...rest].slice(0, n);
}

/**
 * Join clauses of one sentence into one candidate: units of the same post that follow each other
 * on one line without sentence-final punctuation between them ("Trains emit less per passenger,"
 * + "and stations sit in city centres."). A clause alone is rarely a complete statement; its
 * sentence is.
 */
function sentenceCandidates(
  scored: readonly { unit: Unit; weight: number }[],
  objection: boolean,
  sources: ReadonlyMap<string, string>,
): Candidate[] {
  const sorted = scored
    .slice()
    .sort((a, b) =>
      a.unit.sourceId === b.unit.sourceId
        ? a.unit.span[0] - b.unit.span[0]
        : a.unit.sourceId < b.unit.sourceId
          ? -1
          : 1,
    );
  const groups: { units: Unit[]; weight: number }[] = [];
  for (const c of sorted) {
    const prev = groups[groups.length - 1];
    const last = prev?.units[prev.units.length - 1];
    const text = sources.get(c.unit.sourceId);
    if (
      prev &&
      last &&
      last.postId === c.unit.postId &&
      text !== undefined &&
      last.span[1] <= c.unit.span[0] &&
      /^[ \t]*$/.test(text.slice(last.span[1], c.unit.span[0])) &&
      !/[.!?…]["'”’)\]]*$/.test(last.text.trim())
    ) {
      prev.units.push(c.unit);
      prev.weight = Math.max(prev.weight, c.weight);
    } else groups.push({ units: [c.unit], weight: c.weight });
  }
  return groups.map((g) => ({
    ...g,
    objection,
    text: trimConnective(collapse(g.units.map((u) => u.text).join(" "))),
  }));
}

function pickKeyClaims(
  argument: Argument,
  units: UnitLookup,
  sources: ReadonlyMap<string, string>,
  max: number,
  quoted: (u: Unit) => boolean,
  objectionWording: (id: string) => string | undefined,
): string[] {
  if (max <= 0) return [];
  const summary = collapse(argument.summary);
  const usable = (u: Unit | undefined): u is Unit => u !== undefined && !quoted(u);
  const claimUnits: { unit: Unit; weight: number }[] = [];
  for (const c of argument.claims) {
    const unit = units.byId.get(c.unitId);
    if (usable(unit)) claimUnits.push({ unit, weight: unit.confidence + 0.1 * c.evidence.length });
  }
  // Objections as the card words them (whole sentences, antecedent merged where needed).
  const objectionCandidates: Candidate[] = [];
  for (const o of argument.objections) {
    const unit = units.byId.get(o.unitId);
    const text = objectionWording(o.unitId);
    if (usable(unit) && text !== undefined)
      objectionCandidates.push({
        units: [unit],
        text,
        weight: unit.confidence + 0.1 * o.rebuttals.length,
        objection: true,
      });
  }
  // A candidate is shown only when its sentence stands on its own and the thesis does not say it.
  const fresh = (c: Candidate): boolean => standsAlone(c.text) && !summary.includes(c.text);
  const strongest = (a: Candidate, b: Candidate): number =>
    b.weight - a.weight || a.units[0]!.span[0] - b.units[0]!.span[0];
  const claims = sentenceCandidates(claimUnits, false, sources).filter(fresh).sort(strongest);
  const objections = objectionCandidates.filter(fresh).sort(strongest);
  // Objections get up to half the room (at least one slot when there is any), claims the rest;
  // unused room on either side goes to the other.
  let objectionSlots = Math.min(objections.length, Math.max(1, Math.floor(max / 2)));
  const claimSlots = Math.min(claims.length, max - objectionSlots);
  objectionSlots = Math.min(objections.length, max - claimSlots);
  const byPosition = (a: Candidate, b: Candidate): number =>
    a.units[0]!.sourceId === b.units[0]!.sourceId ? a.units[0]!.span[0] - b.units[0]!.span[0] : 0;
  const chosen = [
    ...spread(claims, claimSlots).sort(byPosition),
    ...spread(objections, objectionSlots).sort(byPosition),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of chosen) {
    const text = (c.objection ? OBJECTION_PREFIX : "") + c.text;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

/**
 * How a unit reads on a card on its own: its sentence (clauses joined), a leading connective
 * trimmed; a sentence that opens with a reference or an untrimmable connective comes after its
 * antecedent — the sentence before it, or, for a post's first sentence, the last sentence of the
 * post it answers; undefined for a question or when no antecedent stands.
 */
function unitWording(map: ArgumentMap, units: UnitLookup): (u: Unit) => string | undefined {
  const sourceTexts = new Map(map.sources.map((s) => [s.id, s.text]));
  const essays = new Set(map.sources.filter((s) => DOCUMENT_FORMATS.has(s.format)).map((s) => s.id));
  const posts = new Map(map.sources.flatMap((s) => s.posts.map((p) => [p.id, p] as const)));
  const answered = new Map<string, { to: string; confidence: number }>();
  for (const r of map.relations) {
    if (r.level !== "post" || (r.kind !== "reply" && r.kind !== "quote")) continue;
    const prev = answered.get(r.from);
    if (!prev || r.confidence > prev.confidence) answered.set(r.from, { to: r.to, confidence: r.confidence });
  }
  const cache = new Map<string, Unit[][]>();
  const sentencesOf = (postId: string): Unit[][] => {
    let list = cache.get(postId);
    if (!list) {
      const postUnits = units.byPost.get(postId) ?? [];
      const sourceId = postUnits[0]?.sourceId ?? "";
      list = groupSentences(postUnits, sourceTexts.get(sourceId), essays.has(sourceId));
      cache.set(postId, list);
    }
    return list;
  };
  return (u: Unit): string | undefined => {
    const sentences = sentencesOf(u.postId);
    const i = sentences.findIndex((s) => s.some((x) => x.id === u.id));
    if (i < 0) return undefined;
    const raw = sentenceText(sentences[i]!);
    if (isQuestion(raw)) return undefined;
    const own = standingWording(sentences, i);
    if (own !== undefined || i > 0) return own;
    const post = posts.get(u.postId);
    const parent = post?.parentId ?? answered.get(u.postId)?.to;
    const before = parent !== undefined ? sentencesOf(parent) : [];
    const last = before[before.length - 1];
    if (!last) return undefined;
    const antecedent = trimConnective(sentenceText(last));
    const merged = `${antecedent} ${raw}`;
    return standsAlone(antecedent) && standsAlone(merged) && !isQuestion(antecedent) ? merged : undefined;
  };
}

/** An essay card counts the objections its reading marked (the relations rarely label them). */
function essayStats(stats: ArgumentStats, marked: number): ArgumentStats {
  return marked > stats.attacks ? { ...stats, attacks: marked } : stats;
}

/**
 * "made by 4 authors in 3 sources": who makes a key point, for a card line.
 * @example keyPointCounts({ authorCount: 4, postCount: 5, sourceCount: 3 }) // "made by 4 authors in 3 sources"
 */
export function keyPointCounts(k: {
  authorCount: number;
  postCount: number;
  sourceCount: number;
  authorsKnown?: boolean;
}): string {
  const posts = `${k.postCount} post${k.postCount === 1 ? "" : "s"}`;
  if (k.authorsKnown === false)
    return k.sourceCount > 1 ? `made in ${posts} of ${k.sourceCount} sources` : `made in ${posts}`;
  const authors = `${k.authorCount} author${k.authorCount === 1 ? "" : "s"}`;
  if (k.sourceCount > 1) return `made by ${authors} in ${k.sourceCount} sources`;
  return `made by ${authors} in ${posts}`;
}

function argumentUnitIds(argument: Argument): Set<string> {
  const ids = new Set<string>([argument.thesis]);
  for (const c of argument.claims) {
    ids.add(c.unitId);
    for (const e of c.evidence) ids.add(e);
  }
  return ids;
}

/** The units an argument argues: its thesis, claims and objections (not their evidence). */
function arguedUnitIds(argument: Argument): Set<string> {
  return new Set([
    argument.thesis,
    ...argument.claims.map((c) => c.unitId),
    ...argument.objections.map((o) => o.unitId),
  ]);
}

/**
 * Posts that a later post answers: its replies (`parentId`, explicit reply relations) and posts
 * quoting it. An objection in one of them is not "unanswered", whatever the card shows.
 */
export function postsAnswered(
  map: Pick<ArgumentMap, "sources" | "relations">,
  explicitReply = 0.6,
): Set<string> {
  const out = new Set<string>();
  for (const s of map.sources) for (const p of s.posts) if (p.parentId !== undefined) out.add(p.parentId);
  for (const r of map.relations) {
    if (r.level !== "post" || r.from === r.to) continue;
    if (r.kind === "quote" || (r.kind === "reply" && r.confidence >= explicitReply)) out.add(r.to);
  }
  return out;
}

/**
 * Turn a map's ranked arguments into cards, best first, with the map's cruxes alongside.
 *
 * @example
 * const cards = toCards(map, { limit: 5 });
 * for (const crux of cards.cruxes) console.log(crux.text);
 * for (const card of cards) console.log(card.rank, card.thesis);
 */
export function toCards(map: ArgumentMap, options: CardOptions = {}): CardDeck {
  const units = indexUnits(map.units);
  const authorsKnown = authorsKnownIn(map);
  const sourceTexts = new Map(map.sources.map((s) => [s.id, s.text]));
  const perCard = options.claimsPerCard ?? 5;
  const kpPerCard = options.keyPointsPerCard ?? 3;
  const pointsOfUnit = new Map<string, KeyPoint[]>();
  for (const k of map.keyPoints) {
    for (const id of k.unitIds) pointsOfUnit.set(id, [...(pointsOfUnit.get(id) ?? []), k]);
  }
  const essays = new Set(map.sources.filter((s) => DOCUMENT_FORMATS.has(s.format)).map((s) => s.id));
  // Spans of each post quoting another post: a unit inside one is someone else's words.
  const quoteSpans = new Map<string, [number, number][]>();
  for (const s of map.sources)
    for (const p of s.posts)
      if (p.quotes.length > 0)
        quoteSpans.set(
          p.id,
          p.quotes.map((q) => [q.span[0], q.span[1]]),
        );
  const quoted = (u: Unit): boolean =>
    (quoteSpans.get(u.postId) ?? []).some(([a, b]) => a <= u.span[0] && u.span[1] <= b);
  // An argument whose thesis cannot be worded on its own ("That's new to me.": every sentence of
  // its post points back at another post) gets no card: the card would not say what it argues.
  const readable = map.arguments.filter(
    (a) => !opensWithConnective(a.summary) && !opensWithReference(a.summary),
  );
  const scored = readable.map((argument) => {
    const points = new Map<string, KeyPoint>();
    for (const id of argumentUnitIds(argument))
      for (const k of pointsOfUnit.get(id) ?? []) points.set(k.id, k);
    const kps = [...points.values()].sort(
      (a, b) =>
        b.authorCount - a.authorCount || b.unitIds.length - a.unitIds.length || (a.id < b.id ? -1 : 1),
    );
    // Prevalence counts the points the argument argues (its thesis, claims or objections are
    // members), not points that merely took in one of its premises or evidence.
    const argued = arguedUnitIds(argument);
    let prevalence = 0;
    for (const k of kps)
      if (k.unitIds.some((id) => argued.has(id)))
        prevalence = Math.max(prevalence, authorsKnown ? k.authorCount : k.postCount);
    const engaged = argument.postIds.length > 1 ? 1 : 0;
    return { argument, kps, engaged, weight: argument.score + 0.5 * Math.log2(1 + prevalence) };
  });
  scored.sort((a, b) => b.engaged - a.engaged || b.weight - a.weight || a.argument.rank - b.argument.rank);
  const chosen = options.limit === undefined ? scored : scored.slice(0, Math.max(0, options.limit));
  const wording = unitWording(map, units);
  const answeredPosts = postsAnswered(map);
  const worded = (id: string): string | undefined => {
    const u = units.byId.get(id);
    return u && !quoted(u) ? wording(u) : undefined;
  };
  const cards = chosen.map(({ argument, kps }, i): Card => {
    const essay = argument.sourceIds.every((id) => essays.has(id));
    const reading = essay ? readEssay(argument, units, sourceTexts, quoted).items : [];
    // Objections and rebuttals read as the key claims do: whole sentences standing on their own
    // ("Nope, …" trimmed; "That is …" after its antecedent); one that cannot stand is not shown.
    let objections: CardObjection[] = [];
    const seen = new Set<string>();
    const answeredTexts = new Set<string>();
    for (const o of argument.objections) {
      const t = worded(o.unitId);
      if (t === undefined || seen.has(t)) continue;
      seen.add(t);
      const post = units.byId.get(o.unitId)?.postId;
      if (!essay && post !== undefined && answeredPosts.has(post)) answeredTexts.add(t);
      const rebuttals = [...new Set(o.rebuttals.map(worded))].filter(
        (r): r is string => r !== undefined && r !== t,
      );
      objections.push({ text: t, rebuttals });
    }
    // A pronoun-led objection merged with an objection shown before it ("Ghent is … It is not
    // Houston.") is one objection: its rebuttals go to that one.
    objections = objections.filter((o) => {
      const host = objections.find((x) => x !== o && o.text.startsWith(`${x.text} `));
      if (!host) return true;
      for (const r of o.rebuttals) if (!host.rebuttals.includes(r)) host.rebuttals.push(r);
      return false;
    });
    let claims: string[];
    if (reading.length > 0) {
      claims = reading.map((x) => ("claim" in x ? x.claim : OBJECTION_PREFIX + x.objection.text));
      objections = reading.flatMap((x) => ("objection" in x ? [x.objection] : []));
    } else {
      const listed = new Set(objections.map((o) => o.text));
      claims = pickKeyClaims(argument, units, sourceTexts, perCard, quoted, (id) => {
        const t = worded(id);
        return t !== undefined && listed.has(t) ? t : undefined;
      });
    }
    // A text already on the card (as a claim or objection) is not listed again as a key point.
    const shown = new Set(claims.map((c) => c.replace(/^(Objection|Answer): /, "")));
    const concessions = [...new Set((argument.concessions ?? []).map(worded))].filter(
      (t): t is string => t !== undefined,
    );
    return {
      rank: i + 1,
      argumentId: argument.id,
      label: "ARGUMENT" as const,
      source: argument.source,
      thesis: argument.abstract?.thesis ?? argument.summary,
      claims: argument.abstract ? argument.abstract.headlines.slice(0, perCard).map((h) => h.text) : claims,
      stats: essayStats(argumentStats(argument, units), reading.length > 0 ? objections.length : 0),
      keyPoints: kps
        .filter((k) => k.label !== undefined || (!shown.has(collapse(k.text)) && standsAlone(k.text)))
        .slice(0, kpPerCard)
        .map((k) => ({
          id: k.id,
          text: k.label ?? k.text,
          authorCount: k.authorCount,
          postCount: k.postCount,
          sourceCount: k.sourceCount ?? new Set(k.unitIds.map((id) => units.byId.get(id)?.sourceId)).size,
          authorsKnown,
        })),
      objections,
      unanswered: objections
        .filter((o) => o.rebuttals.length === 0 && !answeredTexts.has(o.text))
        .map((o) => o.text),
      ...(concessions.length > 0 ? { concessions } : {}),
    };
  });
  const posts = new Map(map.sources.flatMap((s) => s.posts.map((p) => [p.id, p] as const)));
  const who = (u: Unit): string => {
    const author = posts.get(u.postId)?.author;
    return author !== undefined ? `a:${author}` : `p:${u.postId}`;
  };
  const cruxes = cardCruxes(
    {
      map,
      units,
      wording: (u) => (quoted(u) ? undefined : wording(u)),
      who,
      strict: (options.cruxCheck ?? "disputes") === "disputes",
    },
    options.cruxes ?? 3,
  ).map((c) => ({ ...c, authorsKnown }));
  const omitted = map.keyPointSummary?.omitted;
  return Object.assign(
    cards,
    { cruxes },
    omitted && omitted.keyPoints > 0 ? { morePoints: morePointsLine(omitted, authorsKnown) } : {},
  );
}
