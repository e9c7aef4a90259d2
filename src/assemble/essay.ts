/**
 * An essay's card, read paragraph by paragraph: the key claims are the text's main claims, one
 * per paragraph-level argument in the author's order, and a paragraph that states the other side
 * ("The strongest objection is obvious: …", "Critics point out that …", "Some fear that …", "He
 * claims that …") is marked as an objection, with the sentence
 * that answers it (a contrast opener such as "But …", else the paragraph's closing sentence, else
 * the next paragraph) as its rebuttal. Every text shown stands on its own (see `standingWording`);
 * thin sentences ("The reason is not magic.") give way to a contentful one of the same paragraph.
 */
import type { Argument, Unit } from "../model/index.js";
import { normalizeText, phraseSets } from "../lexicons/index.js";
import { standsAlone, trimConnective } from "../util/statement.js";
import type { UnitLookup } from "./arguments.js";
import {
  collapse,
  contentWords,
  groupSentences,
  isQuestion,
  isWeakStatement,
  standingWording,
} from "./sentences.js";

/** An answer that points at the objection as a whole ("That is a fair concern, …"). */
export const REFERS_TO_OBJECTION = /^(?:That|This) (?:is|was)\b/;

/** Most key claims of an essay card (one per paragraph-level argument). */
export const ESSAY_CLAIMS = 9;
/** Fewest: an essay with fewer paragraph-level claims is read as a thread is. */
const ESSAY_MIN_CLAIMS = 3;

export interface EssayObjection {
  text: string;
  rebuttals: string[];
}

export interface EssayReading {
  /** Key claims in the author's order; an objection is `{ objection }`. */
  items: ({ claim: string } | { objection: EssayObjection })[];
}

/** Sequence markers and the like before a statement of the other side ("Finally, some fear …"). */
const LEAD =
  /^(?:(?:first|firstly|second|secondly|third|thirdly|finally|lastly|of course|admittedly|now|yet|still|however|then|and|but)\s*,?\s+)+/i;
/** "Critics rightly point out …", "Others say …", "Some parents fear …", "One might object …". */
const OTHER_SIDE =
  /^(?:(?:some|many|most|other)(?:\s+(?!who\b|that\b|which\b)\w+)?|critics|opponents|skeptics|sceptics|detractors|others|one|you)(?:\s+(?:\w+ly|may|might|could|would|will|often|also))*\s+(?:argue|say|claim|fear|worry|object|insist|contend|point out|complain|warn|maintain|protest|counter)(?:s|ed)?\b/i;
/**
 * "The strongest objection is …", "One of the most common arguments against X is that …",
 * "Another argument against …", "It is often argued that …" (not "My argument is …").
 */
const OTHER_SIDE_NOUN =
  /^(?:(?!my\b|our\b|this\b)(?:[\w'’-]+\s+){0,6}(?:arguments?|objections?|criticisms?|counter-?arguments?|complaints?)\s+(?:against|to|is|are|that)\b|it\s+(?:is|could be|can be|might be|may be)\s+(?:often\s+|sometimes\s+|commonly\s+|frequently\s+)?(?:argued|said|objected|claimed)\b)/i;
/** "Proponents of private schools argue that …", "He claims that …": someone else's view (not "I argue that …"). */
const REPORTED_VIEW =
  /^(?!i\b|we\b|my\b|our\b)(?:[\w'’.-]+\s+){1,6}(?:argue|argues|argued|claim|claims|claimed|contend|contends|insist|insists|maintain|maintains|are concerned|is concerned|worry|worries|fear|fears|object|objects|complain|complains|point out|points out)\s+that\b/i;
/** A sentence that answers what came before: a contrast opener, "otherwise", "a fair concern". */
const ANSWER_CUE =
  /^(?:but|however|yet|still|nevertheless|nonetheless|in fact|actually|on the contrary|in reality|in practice)\b|\b(?:otherwise|fair (?:concern|point|objection)|this is wrong|not so)\b/i;
/** A paragraph that opens by answering the one before: "This objection …", "Yet …", "But …". */
const ANSWERING_OPENER =
  /^(?:(?:this|that|these|such|the)\s+(?:\w+\s+)?(?:argument|objection|claim|view|concern|criticism|worry|reasoning|fear|complaint)s?\b|but|however|yet|nevertheless|nonetheless|in fact|on the contrary|in reality)\b/i;
/** The head of "The strongest objection is obvious: <the objection>". */
const OBJECTION_HEAD =
  /^[^:]{0,80}\b(?:objection|criticism|complaint|concern|worry|counter-?argument)\b[^:]{0,40}:\s+(.+)$/i;

/** Whether a sentence states the other side. */
export function statesOtherSide(text: string): boolean {
  const t = normalizeText(collapse(text)).replace(LEAD, "");
  // The author's own view ("I would argue that …", "May I point out …", "My concern is …").
  if (/^(?:[\w'’-]+\s+){0,2}(?:i|we|my|our)\b/.test(t)) return false;
  return (
    phraseSets.counterClaim.findAtStart(t) !== undefined ||
    OTHER_SIDE.test(t) ||
    OTHER_SIDE_NOUN.test(t) ||
    REPORTED_VIEW.test(t)
  );
}

/** "The strongest objection is obvious: fewer hours …" → "Fewer hours …" when that stands alone. */
function objectionWording(text: string): string {
  const m = OBJECTION_HEAD.exec(text);
  if (!m) return text;
  const tail = m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1);
  return standsAlone(tail) && contentWords(tail).length >= 2 ? tail : text;
}

/**
 * Paragraph blocks of a text region: blank-line separated; a block with a line over 120
 * characters (unwrapped text: one paragraph per line, as in pasted articles) splits at each line
 * break.
 */
export function paragraphBlocks(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  const region = text.slice(from, to);
  const re = /\n[ \t]*\n\s*/g;
  let start = 0;
  const push = (a: number, b: number) => {
    const block = region.slice(a, b);
    const lines = block.split("\n");
    // Hard-wrapped prose keeps its lines under ~100 characters; a longer line is a paragraph.
    const long = lines.length > 1 && lines.some((l) => l.length > 120);
    if (!long) {
      out.push([from + a, from + b]);
      return;
    }
    let at = a;
    for (const line of lines) {
      out.push([from + at, from + at + line.length]);
      at += line.length + 1;
    }
  };
  for (let m = re.exec(region); m !== null; m = re.exec(region)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, region.length);
  return out.filter(([a, b]) => text.slice(a, b).trim() !== "");
}

const KIND_WEIGHT: Record<Unit["kind"], number> = {
  "major-claim": 1,
  claim: 0.8,
  premise: 0.55,
  evidence: 0.45,
  none: 0.3,
};

function rawText(s: { units: readonly Unit[] }): string {
  return collapse(s.units.map((u) => u.text).join(" "));
}

interface Sentence {
  units: Unit[];
  /** Index among the post's sentences. */
  index: number;
  /** How it reads on a card, or undefined when it cannot stand. */
  wording: string | undefined;
  weight: number;
  otherSide: boolean;
}

/**
 * Read an essay argument's paragraphs into key claims and marked objections. Empty when fewer
 * than three paragraphs offer a claim.
 */
export function readEssay(
  argument: Argument,
  units: UnitLookup,
  sourceTexts: ReadonlyMap<string, string>,
  quoted: (u: Unit) => boolean,
): EssayReading {
  const summary = collapse(argument.summary);
  const thesis = units.byId.get(argument.thesis);
  // The text says who holds the other side; attack relations do not decide it (on the web
  // discourse articles they marked the authors' own answers, "However, Dr. Smedley debunked …").

  const paragraphs: Sentence[][] = [];
  for (const postId of argument.postIds) {
    const postUnits = (units.byPost.get(postId) ?? []).filter((u) => !quoted(u));
    const first = postUnits[0];
    if (!first) continue;
    const text = sourceTexts.get(first.sourceId) ?? "";
    const sentences = groupSentences(postUnits, text, true);
    const lo = sentences[0]![0]!.span[0];
    const hi = sentences.reduce((m, s) => Math.max(m, s[s.length - 1]!.span[1]), lo);
    const blocks = paragraphBlocks(text, lo, hi);
    let b = 0;
    let current: Sentence[] = [];
    let currentBlock = -1;
    let paragraphStart = 0;
    sentences.forEach((s, index) => {
      const at = s[0]!.span[0];
      while (b < blocks.length - 1 && at >= blocks[b]![1]) b++;
      if (b !== currentBlock) {
        if (current.length > 0) paragraphs.push(current);
        current = [];
        currentBlock = b;
        paragraphStart = index;
      }
      const raw = collapse(s.map((u) => u.text).join(" "));
      // The antecedent of a pronoun-led sentence is in its own paragraph or not at all.
      const wording = standingWording(sentences, index, paragraphStart);
      const kind = s.reduce((m, u) => Math.max(m, KIND_WEIGHT[u.kind]), 0);
      const confidence = s.reduce((m, u) => Math.max(m, u.confidence), 0);
      current.push({
        units: s,
        index,
        wording: wording !== undefined && !isQuestion(raw) ? wording : undefined,
        weight: kind + 0.3 * confidence + 0.1 * Math.min(5, contentWords(raw).length),
        otherSide: statesOtherSide(raw),
      });
    });
    if (current.length > 0) paragraphs.push(current);
  }

  const items: EssayReading["items"] = [];
  const shown = new Set<string>();
  const usable = (s: Sentence): s is Sentence & { wording: string } =>
    s.wording !== undefined &&
    !isWeakStatement(s.wording) &&
    !summary.includes(s.wording) &&
    !shown.has(s.wording);
  /** A heading or the thesis paragraph (the thesis unit's or the summary sentence's) offers no key claim. */
  const skip = (p: Sentence[]): boolean =>
    (thesis !== undefined && p.some((s) => s.units.some((u) => u.id === thesis.id))) ||
    p.some((s) => s.wording !== undefined && summary.includes(s.wording)) ||
    (p.length === 1 && !/[.!?…]["'”’)\]]*$/.test(p[0]!.units[p[0]!.units.length - 1]!.text.trim()));
  const best = (list: Sentence[]): (Sentence & { wording: string }) | undefined => {
    let top: (Sentence & { wording: string }) | undefined;
    let topWeight = -Infinity;
    list.forEach((s, i) => {
      if (!usable(s)) return;
      // A paragraph's opening sentence often states its point.
      const w = s.weight + (i === 0 ? 0.15 : 0);
      if (w > topWeight) {
        top = s;
        topWeight = w;
      }
    });
    return top;
  };
  const weights: number[] = [];
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p]!;
    if (skip(para)) continue;
    const k = para.findIndex((s) => s.otherSide && s.wording !== undefined);
    if (k >= 0) {
      const objection = objectionWording(para[k]!.wording!);
      shown.add(para[k]!.wording!);
      // The answer: a later sentence of the paragraph that turns against it ("But …", "…
      // otherwise", "a fair concern"); else a next paragraph that opens by answering ("This
      // objection …", "Yet …"); else the paragraph's closing sentence; else the next paragraph's
      // main claim. A next paragraph taken as the answer offers no key claim of its own.
      const after = para
        .slice(k + 1)
        .filter((s): s is Sentence & { wording: string } => usable(s) && !s.wording.includes(objection));
      const next = p + 1 < paragraphs.length ? paragraphs[p + 1]! : undefined;
      const nextAnswers = next !== undefined && !skip(next) && !next.some((s) => s.otherSide);
      let answer = after.find((s) => ANSWER_CUE.test(rawText(s)));
      if (!answer && nextAnswers && ANSWERING_OPENER.test(rawText(next[0]!))) {
        // The opening sentence is the answer when it stands; else the paragraph's main claim.
        answer = usable(next[0]!) ? next[0] : best(next);
        if (answer) p++;
      }
      answer ??= after[after.length - 1];
      if (!answer && nextAnswers) {
        answer = best(next);
        if (answer) p++;
      }
      let text = objection;
      let reply = answer?.wording;
      // "… the results may overstate it. That is a fair concern, and …": the answer leans on
      // sentences that still state the objection. They go with the objection, and the answer
      // under it reads alone ("That" is the objection just shown).
      const own = answer ? trimConnective(rawText(answer)) : undefined;
      if (
        answer &&
        own !== undefined &&
        answer.wording !== own &&
        REFERS_TO_OBJECTION.test(own) &&
        para.indexOf(answer) > k
      ) {
        const between = para.slice(k + 1, para.indexOf(answer)).map((s) => s.wording);
        if (between.every((w): w is string => w !== undefined && !isQuestion(w))) {
          text = [objection, ...between].join(" ");
          reply = own;
          for (const w of between) shown.add(w);
        }
      }
      if (answer) shown.add(answer.wording);
      items.push({ objection: { text, rebuttals: reply !== undefined ? [reply] : [] } });
      weights.push(Infinity);
      continue;
    }
    const top = best(para);
    if (!top) continue;
    shown.add(top.wording);
    items.push({ claim: top.wording });
    weights.push(top.weight);
  }
  if (items.length < ESSAY_MIN_CLAIMS) return { items: [] };
  // Too many paragraphs: keep the objections and the strongest claims, in the author's order.
  const keep = items
    .map((_, i) => i)
    .sort((a, b) => weights[b]! - weights[a]! || a - b)
    .slice(0, ESSAY_CLAIMS)
    .sort((a, b) => a - b);
  return { items: keep.map((i) => items[i]!) };
}
