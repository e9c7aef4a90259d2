/**
 * The cruxes a card deck shows: real disagreements only. Both sides must be worded as statements
 * that stand on their own (a pronoun- or connective-led sentence takes its antecedent sentence
 * along, the last sentence of the post it answers when it is its post's first) and must address
 * the same point: they share a content word (light verbs like "put" or "see" do not count), and
 * each side says something (at least three words and a content word besides the label "See:"),
 * and the shared word is specific (used in at most a fifth of the posts, in threads of ten or
 * more) — or the con side attacks the pro side's unit or post — and the two do not both deny it.
 * The key point clustering's cruxes are checked that way; to them come disputes it could not name:
 * a unit-level attack between two posts where one side negates what the other asserts about the
 * shared word, the negation right before it ("… proving to have backfired …" / "Definitely hasn't
 * backfired."). A crux is named
 * by its key point's LLM name (`KeyPoint.label`) when there is one, by the source wording otherwise.
 */
import type { ArgumentMap, Crux, Unit } from "../model/index.js";
import { wordCount } from "../util/statement.js";
import type { UnitLookup } from "./arguments.js";
import { contentWords } from "./sentences.js";

export interface CruxSide {
  authorCount: number;
  quote: string;
  /** Where the quoted unit is (its antecedent sentence, when shown, comes before it). */
  at?: { sourceId: string; span: [number, number] };
}

export interface ShownCrux {
  /** The map's crux id; none for a dispute found from attack relations alone. */
  id?: string;
  text: string;
  pro: CruxSide;
  con: CruxSide;
}

/** Verbs too general to show that two sentences talk about the same thing. */
const LIGHT_VERBS = new Set(
  (
    "put puts make makes made take takes took go goes went gone come came say says said think thinks thought " +
    "know knows knew see sees saw seen want wants like likes look looks looked use used need needs give gave " +
    "tell told try tried keep kept let seem seems mean means feel felt find found believe idk lol"
  ).split(" "),
);

/** A crude stem: lower case, common inflections off ("backfired" → "backfir", "trails" → "trail"). */
function stem(word: string): string {
  return word
    .replace(/'s$/, "")
    .replace(/(?:ing|ed|es|s)$/, "")
    .replace(/e$/, "");
}

export function topicStems(text: string): Set<string> {
  return new Set(
    contentWords(text)
      .filter((w) => !LIGHT_VERBS.has(w))
      .map(stem)
      .filter((w) => w.length > 2),
  );
}

function shared(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((w) => b.has(w));
}

const NEGATION = /^(?:not|no|never|nothing|none|nobody|neither|nor|hardly|nowhere|cannot|\w+n't)$/;

/** Stems a negation governs (within the two words after it), and the stems asserted without one. */
function polarStems(text: string): { negated: Set<string>; asserted: Set<string> } {
  const words =
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  const negated = new Set<string>();
  const asserted = new Set<string>();
  const topics = topicStems(text);
  words.forEach((w, i) => {
    const s = stem(w);
    if (!topics.has(s)) return;
    const governed = words.slice(Math.max(0, i - 2), i).some((x) => NEGATION.test(x));
    (governed ? negated : asserted).add(s);
  });
  return { negated, asserted };
}

/** Whether one side denies what the other asserts about a shared content word. */
function negates(a: string, b: string, specific: (stem: string) => boolean): boolean {
  const x = polarStems(a);
  const y = polarStems(b);
  for (const w of x.negated) if (specific(w) && y.asserted.has(w) && !y.negated.has(w)) return true;
  for (const w of y.negated) if (specific(w) && x.asserted.has(w) && !x.negated.has(w)) return true;
  return false;
}

/** The text after a short leading label ("See:", "TL;DR:"). */
function unlabelled(text: string): string {
  return text.replace(/^[\p{L}\p{N};/&.-]{1,12}(?:\s[\p{L}\p{N}]{1,12})?:\s+/u, "");
}

/** Whether a side's wording says something: three words or more and a content word, beyond a label. */
function says(text: string): boolean {
  const t = unlabelled(text);
  return wordCount(t) >= 3 && topicStems(t).size >= 1;
}

/**
 * Whether two wordings are the two sides of one point: each says something, they share a specific
 * content word or the con side attacks the pro side (`attacked`), and they do not both deny a
 * shared word ("The moon isn't real." / "… weren't even real." agree).
 */
export function realDispute(
  pro: string,
  con: string,
  specific: (stem: string) => boolean = () => true,
  attacked = false,
): boolean {
  if (!says(pro) || !says(con)) return false;
  const common = shared(topicStems(pro), topicStems(con));
  if (!attacked && !common.some(specific)) return false;
  const x = polarStems(pro).negated;
  const y = polarStems(con).negated;
  return !common.some((w) => x.has(w) && y.has(w));
}

export interface CruxInputs {
  map: ArgumentMap;
  units: UnitLookup;
  /** How a unit reads on its own (its sentence, with its antecedent when needed), else undefined. */
  wording: (unit: Unit) => string | undefined;
  /** Author of a unit's post (`p:<post>` when unnamed). */
  who: (unit: Unit) => string;
  /**
   * Real disputes only (default true): different texts by different authors, on opposite sides
   * (their stances toward the thesis differ) or one attacking the other, each side counted by the
   * distinct authors on it and not on the other. False: the shared-word check alone.
   */
  strict?: boolean;
}

/** Whether two units argue opposite sides: their thesis stances differ, or one attacks the other. */
function opposed(
  a: Unit,
  b: Unit,
  stance: ReadonlyMap<string, string>,
  attacks: ReadonlySet<string>,
): boolean {
  const x = stance.get(a.id);
  const y = stance.get(b.id);
  if (x !== undefined && y !== undefined && x !== "neutral" && y !== "neutral" && x !== y) return true;
  return [
    [a.id, b.id],
    [b.id, a.id],
    [a.postId, b.postId],
    [b.postId, a.postId],
  ].some(([f, t]) => attacks.has(`${f}\0${t}`));
}

/** Whether two sides are one dispute between different people: different texts, different authors. */
function twoParties(
  pro: Unit,
  proText: string,
  con: Unit,
  conText: string,
  who: (u: Unit) => string,
): boolean {
  if (proText.includes(conText) || conText.includes(proText)) return false;
  return who(pro) !== who(con);
}

/** Largest share of a source's posts a shared word may appear in and still mark a specific point. */
const SPECIFIC_SHARE = 0.2;

const authorsOf = (c: ShownCrux): number => c.pro.authorCount + c.con.authorCount;

/**
 * Distinct authors per side: an author on both sides counts on neither; the quoted author always
 * counts on their own side.
 */
function sideAuthors(
  pro: ReadonlySet<string>,
  con: ReadonlySet<string>,
  proUnit: Unit,
  conUnit: Unit,
  who: (u: Unit) => string,
): { pro: number; con: number } {
  const only = (a: ReadonlySet<string>, b: ReadonlySet<string>, own: string): number => {
    const set = new Set([...a].filter((x) => !b.has(x)));
    set.add(own);
    return set.size;
  };
  return { pro: only(pro, con, who(proUnit)), con: only(con, pro, who(conUnit)) };
}

function rank(list: ShownCrux[]): ShownCrux[] {
  const key = (c: ShownCrux) => {
    const total = c.pro.authorCount + c.con.authorCount;
    const balance =
      Math.min(c.pro.authorCount, c.con.authorCount) / Math.max(1, c.pro.authorCount, c.con.authorCount);
    return Math.sqrt(balance) * Math.log2(1 + total);
  };
  return list
    .map((c, i) => ({ c, i, k: key(c) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .map((x) => x.c);
}

/**
 * The cruxes to show, most even and most argued first: the clustering's cruxes that are real
 * disputes, then disputes found in attacks that negate what they answer.
 * @example cardCruxes({ map, units, wording, who }, 3)[0]?.text
 */
export function cardCruxes(
  { map, units, wording, who, strict = true }: CruxInputs,
  limit: number,
): ShownCrux[] {
  const out: ShownCrux[] = [];
  const usedUnits = new Set<string>();
  const labels = new Map(map.keyPoints.map((k) => [k.id, k.label]));
  // A word most posts use is the thread's topic ("Reddit" under a Reddit announcement): sharing
  // it does not show that two sides address the same point.
  const postsWith = new Map<string, Set<string>>();
  for (const u of map.units)
    for (const w of topicStems(u.text)) {
      const set = postsWith.get(w) ?? new Set<string>();
      set.add(u.postId);
      postsWith.set(w, set);
    }
  const postCount = units.byPost.size;
  // Attacks by `from\0to`, units and posts alike.
  const attacks = new Set(map.relations.filter((r) => r.kind === "attack").map((r) => `${r.from}\0${r.to}`));
  const specific = (w: string): boolean =>
    postCount < 10 || (postsWith.get(w)?.size ?? 0) <= SPECIFIC_SHARE * postCount;
  const at = (u: Unit | undefined): Pick<CruxSide, "at"> =>
    u ? { at: { sourceId: u.sourceId, span: [u.span[0], u.span[1]] } } : {};
  const stance = new Map((map.stances ?? []).map((x) => [x.unitId, x.thesis]));
  const pointUnits = new Map(map.keyPoints.map((k) => [k.id, k.unitIds]));
  const pointAuthors = (id: string): Set<string> => {
    const out = new Set<string>();
    for (const u of pointUnits.get(id) ?? []) {
      const unit = units.byId.get(u);
      if (unit) out.add(who(unit));
    }
    return out;
  };
  const side = (s: Crux["pro"]): { unit: Unit | undefined; text: string | undefined } => {
    const q = s.quotes[0];
    const unit = q ? units.byId.get(q.unitId) : undefined;
    return { unit, text: unit ? wording(unit) : undefined };
  };
  for (const c of map.cruxes ?? []) {
    const pro = side(c.pro);
    const con = side(c.con);
    if (pro.text === undefined || con.text === undefined) continue;
    const attacked =
      pro.unit !== undefined && con.unit !== undefined && attacks.has(`${con.unit.id}\0${pro.unit.id}`);
    const postAttacked =
      pro.unit !== undefined &&
      con.unit !== undefined &&
      attacks.has(`${con.unit.postId}\0${pro.unit.postId}`);
    if (!realDispute(pro.text, con.text, specific, attacked || postAttacked)) continue;
    let counts = { pro: c.pro.authorCount, con: c.con.authorCount };
    if (strict) {
      if (!pro.unit || !con.unit || !twoParties(pro.unit, pro.text, con.unit, con.text, who)) continue;
      if (!opposed(pro.unit, con.unit, stance, attacks)) continue;
      counts = sideAuthors(
        pointAuthors(c.pro.keyPointId),
        pointAuthors(c.con.keyPointId),
        pro.unit,
        con.unit,
        who,
      );
    }
    if (pro.unit) usedUnits.add(pro.unit.id);
    if (con.unit) usedUnits.add(con.unit.id);
    const shown: ShownCrux = {
      id: c.id,
      text: labels.get(c.pro.keyPointId) ?? pro.text,
      pro: { authorCount: counts.pro, quote: pro.text, ...at(pro.unit) },
      con: { authorCount: counts.con, quote: con.text, ...at(con.unit) },
    };
    // Two points can rest on the same pair of quotes: one crux, the better-argued count.
    const same = out.findIndex((x) => x.pro.quote === pro.text && x.con.quote === con.text);
    if (same < 0) out.push(shown);
    else if (authorsOf(shown) > authorsOf(out[same]!)) out[same] = shown;
  }
  // Attacks that negate what they answer, between two posts, on a shared content word.
  const found = new Map<
    string,
    { pro: Unit; proText: string; con: Unit[]; conText: string; backers: Set<string> }
  >();
  for (const r of map.relations) {
    if (r.kind !== "attack" || r.level !== "unit") continue;
    const x = units.byId.get(r.from);
    const y = units.byId.get(r.to);
    if (!x || !y || x.postId === y.postId || usedUnits.has(y.id) || usedUnits.has(x.id)) continue;
    const proText = wording(y);
    const conText = wording(x);
    if (proText === undefined || conText === undefined) continue;
    if (proText.includes(conText) || conText.includes(proText) || !negates(proText, conText, specific))
      continue;
    if (topicStems(unlabelled(proText)).size < 2 || wordCount(unlabelled(conText)) < 3) continue;
    if (strict && !twoParties(y, proText, x, conText, who)) continue;
    const entry = found.get(y.id) ?? { pro: y, proText, con: [], conText, backers: new Set([who(y)]) };
    entry.con.push(x);
    found.set(y.id, entry);
  }
  for (const r of map.relations) {
    if (r.kind !== "support" || r.level !== "unit") continue;
    const entry = found.get(r.to);
    const from = units.byId.get(r.from);
    if (entry && from && from.postId !== entry.pro.postId) entry.backers.add(who(from));
  }
  for (const e of found.values()) {
    const conAuthors = new Set(e.con.map(who));
    const counts = strict
      ? sideAuthors(e.backers, conAuthors, e.pro, e.con[0]!, who)
      : { pro: e.backers.size, con: conAuthors.size };
    out.push({
      text: e.proText,
      pro: { authorCount: counts.pro, quote: e.proText, ...at(e.pro) },
      con: { authorCount: counts.con, quote: e.conText, ...at(e.con[0]) },
    });
  }
  return rank(out).slice(0, Math.max(0, limit));
}
