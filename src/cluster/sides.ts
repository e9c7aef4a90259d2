/**
 * The later phases of a key point run: disputes (an attack between uncovered units is a point
 * argued both ways), the final assignment of units to points, each point's stance sides (split
 * into a primary and a counter point where both sides argue it, with `same-as` links), and cruxes.
 */
import type { Crux, KeyPoint, KeyPointQuote, Relation, Stance, Unit } from "../model/index.js";
import { sameTopic, type Group, type Run, type Side } from "./run.js";
import { countNegations, contentStems } from "./scorer.js";
import type { Sign } from "./stance.js";
import {
  ANAPHORIC,
  candidateQuality,
  enclosingSentence,
  nameableKeyPoint,
  keyPointId,
  normaliseText,
  wordCount,
} from "./text-quality.js";
import type { ClusterOptions, UnitStanceEntry } from "./types.js";
import { editLabelLength } from "../util/statement.js";
import { authorKey, countedMembers } from "./authors.js";

/** A unit as a point's wording; "TL;DR: China is …" is named without its label. */
function unitSide(u: Unit): Side {
  const label = editLabelLength(u.text);
  const named = u.text.slice(label);
  return label > 0 && nameableKeyPoint(named)
    ? { text: u.text, unit: u, name: { text: named, start: label, end: u.text.length } }
    : { text: u.text, unit: u };
}

/** The wording of a disputed unit: itself when it stands alone, else its whole sentence. */
function disputeText(run: Run, u: Unit): Side | undefined {
  if (
    wordCount(u.text) <= run.bounds.maxWords &&
    nameableKeyPoint(u.text) &&
    !ANAPHORIC.test(u.text.trim()) &&
    contentStems(u.text).length > 0
  )
    return unitSide(u);
  const source = run.sourceById.get(u.sourceId);
  const body = run.posts.get(u.postId)?.bodySpans.find((b) => b[0] <= u.span[0] && u.span[1] <= b[1]);
  const sentence = run.input.sentenceOf
    ? run.input.sentenceOf(u)
    : source
      ? enclosingSentence(source.text, u.span, body)
      : undefined;
  if (!sentence || sentence.text === u.text) return undefined;
  const n = wordCount(sentence.text);
  if (
    n < 4 ||
    n > run.bounds.maxWords * 1.5 ||
    !nameableKeyPoint(sentence.text) ||
    ANAPHORIC.test(sentence.text)
  )
    return undefined;
  return { text: sentence.text, unit: u, at: { sourceId: u.sourceId, span: sentence.span } };
}

/** An attack between two units of different posts that no point covers becomes a point argued both ways. */
export function addDisputes(run: Run): void {
  const { units, unitIndex, unitById, groups, groupOf, pinned, candOfUnit, candGroup } = run;
  const disputes = run.input.relations
    .filter((r) => r.kind === "attack" && r.level === "unit" && r.confidence >= run.linkTau)
    .filter(
      (r) =>
        unitIndex.has(r.from) &&
        unitIndex.has(r.to) &&
        unitById.get(r.from)!.postId !== unitById.get(r.to)!.postId &&
        sameTopic(run, unitById.get(r.from)!.sourceId, unitById.get(r.to)!.sourceId),
    )
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        unitIndex.get(a.to)! - unitIndex.get(b.to)! ||
        unitIndex.get(a.from)! - unitIndex.get(b.from)!,
    );
  const disputeTexts = new Set(groups.map((g) => normaliseText(g.primary.text)));
  for (const r of disputes) {
    const x = unitIndex.get(r.from)!;
    const y = unitIndex.get(r.to)!;
    if (groupOf[x]! >= 0 || groupOf[y]! >= 0) continue;
    // The attacked claim states the point when it can stand alone; else the attack does.
    const side = disputeText(run, units[y]!) ?? disputeText(run, units[x]!);
    if (!side || disputeTexts.has(normaliseText(side.text))) continue;
    disputeTexts.add(normaliseText(side.text));
    groups.push({ primary: side, members: new Map() });
    const g = groups.length - 1;
    const pu = side.unit!;
    // The point's own units (the clause, or every clause of its sentence) stay in it; units that
    // matched a candidate among them may join it in the final assignment.
    const own = side.at
      ? units.filter(
          (u) => u.postId === pu.postId && u.span[0] >= side.at!.span[0] && u.span[1] <= side.at!.span[1],
        )
      : [pu];
    for (const u of own) {
      const ui = unitIndex.get(u.id)!;
      if (groupOf[ui]! >= 0 && u.id !== pu.id) continue;
      groupOf[ui] = g;
      pinned.add(ui);
      const c = candOfUnit.get(u.id);
      if (c !== undefined && candGroup[c]! < 0) candGroup[c] = g;
    }
  }
}

/** Leftover-covered units go to their best-scoring new point; every member gets its score against its point. */
export async function assignMembers(run: Run): Promise<void> {
  const { units, groups, groupOf, matches, cands, candGroup, pinned, scores } = run;
  const isAnchorGroup = (g: number) => groups[g]!.primary.previous !== undefined;
  units.forEach((_, ui) => {
    if (pinned.has(ui) || (groupOf[ui]! >= 0 && isAnchorGroup(groupOf[ui]!))) return;
    const best = matches[ui]!.find((m) => candGroup[m.c]! >= 0 && !isAnchorGroup(candGroup[m.c]!));
    if (best) groupOf[ui] = candGroup[best.c]!;
  });
  const ownMatch = (ui: number, g: number) =>
    matches[ui]!.find((m) => {
      const a = cands[m.c]!.anchor;
      return candGroup[m.c] === g || (a !== undefined && a.group === g);
    });
  await scores.prefetch(
    (function* () {
      for (let ui = 0; ui < units.length; ui++) {
        const g = groupOf[ui]!;
        if (g >= 0 && !ownMatch(ui, g)) yield [units[ui]!.text, groups[g]!.primary.text] as const;
      }
    })(),
  );
  units.forEach((u, ui) => {
    const g = groupOf[ui]!;
    if (g < 0) return;
    const group = groups[g]!;
    group.members.set(u.id, ownMatch(ui, g)?.s ?? scores.get(u.text, group.primary.text));
  });
}

export interface SidesResult {
  keyPoints: KeyPoint[];
  relations: Relation[];
  stances: Map<string, UnitStanceEntry>;
  sides: { primary: KeyPoint; counter?: KeyPoint }[];
}

/** Each unit's sign towards its point: negation, shared thesis stance, then replies inside the point. */
function memberSigns(
  run: Run,
  group: Group,
  ids: readonly string[],
): { signs: Map<string, Sign>; firm: Set<string>; memberPosts: Map<string, string[]> } {
  const { unitById, thesis, edges, posts } = run;
  const ref = group.primary.unit;
  const refNeg = countNegations(group.primary.text) % 2;
  const signs = new Map<string, Sign>();
  /** Members whose side rests on evidence (negation, thesis, a link), not on the default. */
  const firm = new Set<string>();
  for (const id of ids) {
    const u = unitById.get(id)!;
    const at = group.primary.at;
    if (
      (ref && id === ref.id) ||
      (at && u.sourceId === at.sourceId && u.span[0] >= at.span[0] && u.span[1] <= at.span[1])
    ) {
      signs.set(id, 1);
      firm.add(id);
      continue;
    }
    if (group.counter?.unit?.id === id) {
      signs.set(id, -1);
      firm.add(id);
      continue;
    }
    let s: Sign = 1;
    if (countNegations(u.text) % 2 !== refNeg) {
      s = -1;
      firm.add(id);
    }
    if (ref && thesis.thesisPost.get(id) === thesis.thesisPost.get(ref.id)) {
      const a = thesis.unit.get(id);
      const b = thesis.unit.get(ref.id);
      if (a !== "neutral" && b !== "neutral" && a !== undefined && b !== undefined) {
        s = a === b ? 1 : -1;
        firm.add(id);
      }
    }
    signs.set(id, s);
  }
  // Direct replies inside the point: an attack on a member takes the other side.
  const memberPosts = new Map<string, string[]>();
  for (const id of ids) {
    const p = unitById.get(id)!.postId;
    const list = memberPosts.get(p);
    if (list) list.push(id);
    else memberPosts.set(p, [id]);
  }
  const order = [...ids].sort(
    (a, b) =>
      (posts.get(unitById.get(a)!.postId)?.index ?? 0) - (posts.get(unitById.get(b)!.postId)?.index ?? 0),
  );
  for (let pass = 0; pass < 2; pass++) {
    for (const id of order) {
      if (ref && id === ref.id) continue;
      const u = unitById.get(id)!;
      const targets = [
        ...(edges.get(id) ?? [])
          .filter((e) => group.members.has(e.to))
          .map((e) => ({ unit: e.to, sign: e.sign })),
        ...(edges.get(u.postId) ?? []).flatMap((e) =>
          (memberPosts.get(e.to) ?? []).map((t) => ({ unit: t, sign: e.sign })),
        ),
      ].filter((t) => unitById.get(t.unit)!.postId !== u.postId);
      const t = targets[0];
      if (t) {
        signs.set(id, (t.sign * signs.get(t.unit)!) as Sign);
        firm.add(id);
      }
    }
  }
  // One author, one side: within a post, members on the default side follow the post's firm ones.
  for (const list of memberPosts.values()) {
    const firmSigns = new Set(list.filter((id) => firm.has(id)).map((id) => signs.get(id)!));
    if (firmSigns.size !== 1) continue;
    const [sign] = [...firmSigns] as [Sign];
    for (const id of list) if (!firm.has(id)) signs.set(id, sign);
  }
  return { signs, firm, memberPosts };
}

/**
 * Units of other posts linked to a member: who attacks (or is attacked by) a member argues the
 * other side. A post-level link brings in the units of the other post that score ≥ τ against the
 * member or the point.
 */
async function linkedUnits(
  run: Run,
  group: Group,
  ids: readonly string[],
  signs: ReadonlyMap<string, Sign>,
  memberPosts: ReadonlyMap<string, string[]>,
): Promise<Map<string, Sign>> {
  const { unitById, unitLinks, postLinks, unitsOfPost, scores } = run;
  const related = function* (visit: (v: Unit, m: Unit, sign: Sign) => Iterable<readonly [string, string]>) {
    for (const id of ids) {
      const m = unitById.get(id)!;
      const direct = unitLinks.get(id) ?? [];
      for (const l of postLinks.get(m.postId) ?? []) {
        if (memberPosts.has(l.other)) continue;
        for (const v of unitsOfPost.get(l.other) ?? []) {
          if (direct.some((d) => d.other === v.id)) continue;
          yield* visit(v, m, l.sign);
        }
      }
    }
  };
  await scores.prefetch(
    related((v, m) => [
      [v.text, m.text],
      [v.text, group.primary.text],
    ]),
  );
  const linked = new Map<string, Sign>();
  // A unit of a linked post is about the point only when it matches the point or the member its
  // post answers (precision first: a reply is not a member just because it replies).
  const about = (v: Unit, m: Unit, tau: number) =>
    tau <= 0 ||
    (scores.get(v.text, m.text) >= tau && run.evident(v.text, m.text, scores.get(v.text, m.text))) ||
    (scores.get(v.text, group.primary.text) >= tau &&
      run.evident(v.text, group.primary.text, scores.get(v.text, group.primary.text)));
  const join = (id: string, sign: Sign) => {
    if (sign === 0 || group.members.has(id) || linked.has(id)) return;
    linked.set(id, sign);
  };
  // Joins run in the order the old single loop used: a member's direct links, then its post links.
  for (const id of ids) {
    const m = unitById.get(id)!;
    const ms = signs.get(id)!;
    const direct = unitLinks.get(id) ?? [];
    // A unit that itself supports or attacks a member argues this point (its reply is the
    // evidence) when it speaks of what the member or the point is about (a shared word).
    for (const l of direct) {
      const v = unitById.get(l.other);
      if (v && (run.evident(v.text, m.text, 0) || run.evident(v.text, group.primary.text, 0)))
        join(l.other, (l.sign * ms) as Sign);
    }
    for (const l of postLinks.get(m.postId) ?? []) {
      if (memberPosts.has(l.other)) continue;
      for (const v of unitsOfPost.get(l.other) ?? []) {
        if (direct.some((d) => d.other === v.id)) continue;
        if (about(v, m, Math.max(run.relatedTau, run.linkedTau))) join(v.id, (l.sign * ms) as Sign);
      }
    }
  }
  return linked;
}

/**
 * A maker of key point ids not in `used` (which it adds them to): the text's id, else the first
 * free `-2`, `-3`… suffix. Each base remembers where its search stopped (every suffix below it is
 * taken, and taken ids stay taken), so thousands of points with one text cost linear time.
 * @example const id = freshIds(new Set()); id("Tax"); id("Tax") // "tax", then "tax-2"
 */
export function freshIds(used: Set<string>): (text: string) => string {
  const nextSuffix = new Map<string, number>();
  return (text) => {
    const base = keyPointId(text);
    let id = base;
    let i = nextSuffix.get(base) ?? 2;
    if (used.has(id)) {
      id = `${base}-${i}`;
      while (used.has(id)) id = `${base}-${++i}`;
      nextSuffix.set(base, i + 1);
    }
    used.add(id);
    return id;
  };
}

/** Remove from `list`, in place, the first occurrence of each of `ids` (order kept, linear time). */
function removeAll(list: string[], ids: readonly string[]): void {
  const drop = new Map<string, number>();
  for (const id of ids) drop.set(id, (drop.get(id) ?? 0) + 1);
  let kept = 0;
  for (const id of list) {
    const n = drop.get(id) ?? 0;
    if (n > 0) drop.set(id, n - 1);
    else list[kept++] = id;
  }
  list.length = kept;
}

/** Stance towards each point, then split into primary and counter points where both sides argue it. */
export async function splitSides(run: Run, previous: readonly KeyPoint[]): Promise<SidesResult> {
  const { units, unitIndex, unitById, groups, thesis, scores } = run;
  const keyPoints: KeyPoint[] = [];
  const freshId = freshIds(new Set(previous.map((k) => k.id)));
  const allStances = new Map<string, UnitStanceEntry>();
  const linkedStances: [string, UnitStanceEntry][] = [];
  const relations: Relation[] = [];
  const sides: { primary: KeyPoint; counter?: KeyPoint }[] = [];
  const pointTexts = new Set(
    groups.flatMap((g) => [g.primary.text, ...(g.counter ? [g.counter.text] : [])]).map(normaliseText),
  );
  const scoreTo = (id: string, text: string) => {
    const u = unitById.get(id)!;
    return u.text === text ? 1 : scores.get(u.text, text);
  };
  const pairsTo = (memberIds: Iterable<string>, text: string) =>
    [...memberIds]
      .map((id) => unitById.get(id)!.text)
      .filter((t) => t !== text)
      .map((t) => [t, text] as const);

  for (const [g, group] of groups.entries()) {
    // Its own stage in progress lines: with thousands of points this is minutes after matching.
    if (g % 100 === 0) run.ctx.progress?.({ stage: "sides", done: g, total: groups.length });
    const ids = [...group.members.keys()].sort((a, b) => unitIndex.get(a)! - unitIndex.get(b)!);
    const { signs, memberPosts } = memberSigns(run, group, ids);
    const linked = await linkedUnits(run, group, ids, signs, memberPosts);
    for (const [id, sign] of linked) signs.set(id, sign);
    const sideIds = [...ids, ...[...linked.keys()].sort((a, b) => unitIndex.get(a)! - unitIndex.get(b)!)];
    const pro = sideIds.filter((id) => signs.get(id)! >= 0);
    const con = sideIds.filter((id) => signs.get(id)! < 0);
    await scores.prefetch([
      ...pairsTo(con, group.primary.text),
      ...pairsTo(linked.keys(), group.primary.text),
    ]);
    const make = (side: Side, memberIds: string[], sideName: "primary" | "counter" | undefined): KeyPoint =>
      makeKeyPoint(run, group, side, memberIds, sideName, freshId);
    let counterSide = group.counter;
    if (!counterSide && con.length > 0 && pro.length > 0)
      counterSide = counterWording(run, group, con, pointTexts, scoreTo);
    if (counterSide) pointTexts.add(normaliseText(counterSide.text));
    const split = counterSide !== undefined && (con.length > 0 || group.counter !== undefined);
    // Nothing on the con side can be worded as a point: its units deny this one, so they leave it.
    if (!split) removeAll(sideIds, con);
    for (const id of linked.keys())
      if (!split || signs.get(id)! >= 0) group.members.set(id, scoreTo(id, group.primary.text));
    if (split && counterSide) {
      // Re-score counter members against the counter text for quotes and same-as.
      await scores.prefetch(pairsTo(con, counterSide.text));
      for (const id of con) group.members.set(id, scoreTo(id, counterSide.text));
    }
    const primary = make(group.primary, split ? pro : sideIds, split ? "primary" : undefined);
    const counter = split && counterSide ? make(counterSide, con, "counter") : undefined;
    if (counter) {
      primary.opposes = counter.id;
      counter.opposes = primary.id;
    }
    if (primary.unitIds.length === 0 && !group.primary.previous && !counter) continue;
    sides.push({ primary, ...(counter ? { counter } : {}) });
    for (const kp of counter ? [primary, counter] : [primary]) {
      keyPoints.push(kp);
      const repUnit = unitById.get(kp.quotes[0]?.unitId ?? "") ?? undefined;
      const textUnit = kp === primary ? group.primary.unit : counterSide?.unit;
      for (const id of kp.unitIds) {
        const entry: UnitStanceEntry = {
          thesis: thesis.unit.get(id) ?? "neutral",
          keyPoint: kp === counter ? "con" : "pro",
          keyPointId: kp.id,
        };
        if (linked.has(id)) linkedStances.push([id, entry]);
        else allStances.set(id, entry);
        const anchorUnit = textUnit ?? repUnit;
        if (!anchorUnit || id === anchorUnit.id) continue;
        const u = unitById.get(id)!;
        if (u.postId === anchorUnit.postId) continue;
        const s = group.members.get(id) ?? 0;
        if (s < run.sameTau) continue;
        relations.push({
          id: `same-as:${u.id}->${anchorUnit.id}`,
          kind: "same-as",
          level: "unit",
          from: u.id,
          to: anchorUnit.id,
          confidence: Math.min(1, s),
          sourceId: u.sourceId,
          span: [u.span[0], u.span[1]],
          signals: [`key-point:${kp.id}`],
          by: run.by,
        });
      }
    }
  }
  for (const [id, entry] of linkedStances) if (!allStances.has(id)) allStances.set(id, entry);
  for (const u of units)
    if (!allStances.has(u.id))
      allStances.set(u.id, { thesis: thesis.unit.get(u.id) ?? "neutral", keyPoint: "neutral" });

  keyPoints.sort(
    (a, b) =>
      b.authorCount - a.authorCount ||
      b.unitIds.length - a.unitIds.length ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { keyPoints, relations, stances: allStances, sides };
}

/** The counter point's text: the best self-contained con unit, else a whole sentence around one, else none. */
function counterWording(
  run: Run,
  group: Group,
  con: readonly string[],
  pointTexts: ReadonlySet<string>,
  scoreTo: (id: string, text: string) => number,
): Side | undefined {
  const { unitById, unitIndex } = run;
  const ranked = con
    .filter((id) => !pointTexts.has(normaliseText(unitById.get(id)!.text)))
    .map((id) => ({
      id,
      s: scoreTo(id, group.primary.text),
      q: candidateQuality(unitById.get(id)!, { ...run.bounds, minWords: 3 }),
    }))
    .sort(
      (a, b) => Number(b.q > 0) - Number(a.q > 0) || b.s - a.s || unitIndex.get(a.id)! - unitIndex.get(b.id)!,
    );
  const first = ranked[0] ? unitById.get(ranked[0].id)! : undefined;
  if (!first) return undefined;
  if (ranked[0]!.q > 0) return unitSide(first);
  // No con unit or sentence stands alone as a point's name: no counter point (a name like
  // "That would be hilarious" says nothing on its own).
  return ranked
    .map((r) => disputeText(run, unitById.get(r.id)!))
    .find((x) => x !== undefined && !pointTexts.has(normaliseText(x.text)));
}

/** One key point from a side's wording and its members: counts, stance, quotes, provenance. */
function makeKeyPoint(
  run: Run,
  group: Group,
  side: Side,
  memberIds: string[],
  sideName: "primary" | "counter" | undefined,
  freshId: (text: string) => string,
): KeyPoint {
  const { unitById, unitIndex, posts, thesis, units } = run;
  const prev = side.previous;
  const u = side.unit;
  const name = u && side.name && !side.at ? side.name : undefined;
  const text = name ? name.text : side.text;
  // Only members that are their author's own words count (not a quote of another author's).
  const counted = countedMembers(memberIds, unitById, posts);
  const authors = new Set(counted.map((id) => authorKey(unitById.get(id)!, posts)));
  const postIds = new Set(counted.map((id) => unitById.get(id)!.postId));
  const sourceIds = [...new Set(memberIds.map((id) => unitById.get(id)!.sourceId))].sort();
  const byStance = { pro: new Set<string>(), con: new Set<string>(), neutral: new Set<string>() };
  for (const id of counted)
    byStance[thesis.unit.get(id) ?? "neutral"].add(authorKey(unitById.get(id)!, posts));
  const counts = { pro: byStance.pro.size, con: byStance.con.size, neutral: byStance.neutral.size };
  const stance: Stance =
    counts.pro > counts.con && counts.pro >= counts.neutral
      ? "pro"
      : counts.con > counts.pro && counts.con >= counts.neutral
        ? "con"
        : "neutral";
  const ranked = memberIds
    .map((id) => ({ id, s: u && id === u.id ? 2 : (group.members.get(id) ?? 0) }))
    .sort((a, b) => b.s - a.s || unitIndex.get(a.id)! - unitIndex.get(b.id)!);
  const quotes: KeyPointQuote[] = [];
  const quotedPosts = new Set<string>();
  for (const r of ranked) {
    const m = unitById.get(r.id)!;
    if (quotedPosts.has(m.postId)) continue;
    quotedPosts.add(m.postId);
    quotes.push({ unitId: m.id, sourceId: m.sourceId, span: [m.span[0], m.span[1]], text: m.text });
    if (quotes.length === 3) break;
  }
  return {
    id: prev?.id ?? side.id ?? freshId(text),
    text,
    sourceId: side.at?.sourceId ?? u?.sourceId ?? prev?.sourceId ?? "",
    span: side.at
      ? [side.at.span[0], side.at.span[1]]
      : u
        ? name
          ? [u.span[0] + name.start, u.span[0] + name.end]
          : [u.span[0], u.span[1]]
        : (prev?.span ?? [0, 0]),
    unitIds: memberIds,
    authorCount: authors.size,
    postCount: postIds.size,
    coverage: units.length > 0 ? memberIds.length / units.length : 0,
    stance,
    quotes,
    by: prev?.by ?? run.by,
    ...(sideName ? { side: sideName } : {}),
    sourceIds,
    sourceCount: sourceIds.length,
    stanceCounts: counts,
  };
}

/** Whether two texts share at least `least` content stems and a third of the shorter one's (by default). */
function sharesTopic(a: string, b: string, least = 0): boolean {
  const x = new Set(contentStems(a));
  const y = new Set(contentStems(b));
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  if (least > 0) return shared >= least;
  return shared > 0 && shared >= Math.min(x.size, y.size) / 3;
}

/**
 * Cruxes: points argued both ways where the two sides really address the same point, most even
 * split (weighted by how many argue) first. A side pair is a crux only through a disputing pair of
 * units that both stand alone — the primary and counter wordings matching each other (scorer ≥ τ
 * both ways, and sharing a third of the shorter one's content words), else the most confident unit-level attack between a member of one side and a member
 * of the other on a shared content word. The crux shows that pair as the sides' quotes, and each side counts the distinct
 * authors (posts when unnamed) whose members match its quote (≥ τ) or, for the con side, attack
 * the pro quote. Fewer cruxes rather than false ones: a pair of sides that only differ in stance
 * towards a thesis is not one.
 */
export async function rankCruxes(
  run: Run,
  sides: readonly { primary: KeyPoint; counter?: KeyPoint }[],
  options: ClusterOptions,
): Promise<Crux[]> {
  const stands = (u: Unit | undefined): u is Unit =>
    u !== undefined && nameableKeyPoint(u.text) && !ANAPHORIC.test(u.text.trim()) && wordCount(u.text) >= 3;
  const pairs: { primary: KeyPoint; counter: KeyPoint; pro: Unit; con: Unit }[] = [];
  const both = sides.filter(
    (s): s is { primary: KeyPoint; counter: KeyPoint } =>
      s.counter !== undefined && s.primary.authorCount > 0 && s.counter.authorCount > 0,
  );
  await run.scores.prefetch(
    (function* () {
      for (const { primary, counter } of both) {
        yield [counter.text, primary.text] as const;
        yield [primary.text, counter.text] as const;
      }
    })(),
  );
  for (const { primary, counter } of both) {
    const pu = run.unitById.get(primary.quotes[0]?.unitId ?? "");
    const cu = run.unitById.get(counter.quotes[0]?.unitId ?? "");
    // Both ways: a restatement with the opposite polarity matches its point from either side
    // ("People that believe dinosaurs never existed." matched "… Germany rightfully exists" one way only).
    const matched =
      sharesTopic(primary.text, counter.text) &&
      run.scores.get(counter.text, primary.text) >= run.tau &&
      run.scores.get(primary.text, counter.text) >= run.tau;
    if (matched && stands(pu) && stands(cu)) {
      pairs.push({ primary, counter, pro: pu, con: cu });
      continue;
    }
    const conIds = new Set(counter.unitIds);
    let best: { pro: Unit; con: Unit; confidence: number } | undefined;
    for (const id of primary.unitIds) {
      const p = run.unitById.get(id);
      if (!stands(p)) continue;
      for (const l of run.unitLinks.get(id) ?? []) {
        const c = run.unitById.get(l.other);
        if (l.sign >= 0 || !conIds.has(l.other) || !stands(c) || !sharesTopic(p.text, c.text, 1)) continue;
        if (!best || l.confidence > best.confidence) best = { pro: p, con: c, confidence: l.confidence };
      }
    }
    if (best) pairs.push({ primary, counter, pro: best.pro, con: best.con });
  }
  await run.scores.prefetch(
    (function* () {
      for (const { primary, counter, pro, con } of pairs) {
        for (const id of primary.unitIds) yield [run.unitById.get(id)?.text ?? "", pro.text] as const;
        for (const id of counter.unitIds) yield [run.unitById.get(id)?.text ?? "", con.text] as const;
      }
    })(),
  );
  const quoteOf = (u: Unit): KeyPointQuote => ({
    unitId: u.id,
    sourceId: u.sourceId,
    span: [u.span[0], u.span[1]],
    text: u.text,
  });
  const side = (members: readonly string[], quote: Unit, attacks?: Unit): number => {
    const who = new Set<string>([authorKey(quote, run.posts)]);
    for (const id of countedMembers(members, run.unitById, run.posts)) {
      const u = run.unitById.get(id);
      if (!u || u.id === quote.id) continue;
      const attacking =
        attacks !== undefined &&
        (run.unitLinks.get(u.id) ?? []).some((l) => l.sign < 0 && l.other === attacks.id);
      if (attacking || run.scores.get(u.text, quote.text) >= run.tau) who.add(authorKey(u, run.posts));
    }
    return who.size;
  };
  return pairs
    .map(({ primary, counter, pro, con }) => {
      const proCount = side(primary.unitIds, pro);
      const conCount = side(counter.unitIds, con, pro);
      return {
        id: `crux-${primary.id}`,
        text: pro.text,
        balance: Math.min(proCount, conCount) / Math.max(proCount, conCount),
        pro: { keyPointId: primary.id, authorCount: proCount, quotes: [quoteOf(pro)] },
        con: { keyPointId: counter.id, authorCount: conCount, quotes: [quoteOf(con)] },
      };
    })
    .sort((a, b) => {
      const ta = a.pro.authorCount + a.con.authorCount;
      const tb = b.pro.authorCount + b.con.authorCount;
      return (
        Math.sqrt(b.balance) * Math.log2(1 + tb) - Math.sqrt(a.balance) * Math.log2(1 + ta) ||
        tb - ta ||
        (a.id < b.id ? -1 : 1)
      );
    })
    .slice(0, options.maxCruxes ?? 5);
}
