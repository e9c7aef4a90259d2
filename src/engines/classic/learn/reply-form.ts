/**
 * How a forum reply is written, as features for the reply-stance classifier (features v2).
 * Disagreement in threads mostly comes without an opener: a bare contrary fact, a rhetorical
 * question, "Yes, but …", sarcasm, or a quoted line and its answer (Abbott et al. 2011; Misra &
 * Walker 2013 on 4forums quote–response pairs). The cues here are the genre's, not one
 * writer's: response-initial n-grams, questions and second-person address, negation and hedges,
 * punctuation and quotation, the length ratio, contrast and sarcasm openers, contrary-fact and
 * correction cues, and the cues of replies that take no side (thanks, requests for a link,
 * answers to a question).
 */
import { normalizeText, phraseSets } from "../../../lexicons/index.js";
import type { FeatureBuilder } from "./hash.js";

/** A reply split into the lines it quotes ("> …") and its own text. */
export interface QuoteSplit {
  quoted: string[];
  answer: string;
}

const QUOTE_LINE = /^\s*(>|&gt;)/;

/**
 * Separate the `>`-quoted lines of a reply from its own words.
 * @example splitQuotes("> Prices fell.\nThey rose.") // { quoted: ["Prices fell."], answer: "They rose." }
 */
export function splitQuotes(text: string): QuoteSplit {
  const quoted: string[] = [];
  const own: string[] = [];
  for (const line of text.split("\n")) {
    if (QUOTE_LINE.test(line)) quoted.push(line.replace(/^\s*(>|&gt;)+\s*/, "").trim());
    else own.push(line);
  }
  return { quoted: quoted.filter((q) => q !== ""), answer: own.join("\n").trim() };
}

const fold = (s: string) => normalizeText(s).toLowerCase().replace(/\s+/g, " ").trim();

/** Double-quoted spans of at least two words ("…", “…”) inside a text. */
function inlineQuotes(text: string): string[] {
  const out: string[] = [];
  const re = /["“]([^"“”\n]{3,200})["”]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (/\S\s+\S/.test(m[1]!)) out.push(m[1]!);
  return out;
}

/**
 * Does the reply quote its parent (a `>` line, or a double-quoted phrase of ≥ 2 words found in
 * the parent) and then say something of its own? Such a reply answers the quoted point: it
 * agrees or disagrees, it is not neutral.
 * @example quotesAndAnswers("Prices fell last year.", "> Prices fell\nThey rose 4 %.") // true
 */
export function quotesAndAnswers(parent: string, reply: string): boolean {
  const { quoted, answer } = splitQuotes(reply);
  if (answer.split(/\s+/).filter(Boolean).length < 2) return false;
  const p = fold(parent);
  const inParent = (q: string) => {
    const f = fold(q);
    return f.length >= 6 && (p.includes(f) || p.includes(f.slice(0, 40)));
  };
  return quoted.some(inParent) || inlineQuotes(answer).some(inParent);
}

/** The sentences of a text (split after . ! ? and at line breaks). */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])["')\]]*\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const WORD = /[a-z0-9']+/g;
const wordsOf = (s: string) => s.toLowerCase().replace(/’/g, "'").match(WORD) ?? [];

/** Openers and phrases by the form of disagreement or neutrality they mark. */
const CUES: [string, RegExp][] = [
  // Concede a word, then turn: "Yes, but", "Sure. But", "True, though".
  [
    "yes-but",
    /^(yes|yeah|yep|sure|true|right|ok(ay)?|fair( enough| point)?|granted|maybe|perhaps)\b[^.!?]{0,40}?[,.!;:—–-]*\s*(but|though|however|yet|except)\b/,
  ],
  ["except", /^(except|but|however|and yet|unless|not if|only if|that said|then again|on the other hand)\b/],
  ["and-question", /^(and|so|but|then|or)\b[^.!?]*\?/],
  ["wh-question", /^(who|what|how|why|where|when|which|since when|so what|what about|how about)\b[^.!?]*\?/],
  [
    "you-question",
    /^(do|did|does|have|has|are|is|would|could|can|should|was|were)\s+(you|they|we|it|that|this)\b[^.!?]*\?/,
  ],
  // Sarcasm: a lone "Sure." / "Right, because …" / "Yeah, because that worked", "/s", "let me guess".
  [
    "sarcasm-opener",
    /^(sure|right|yeah right|oh sure|oh yes|oh right|of course|totally|wow|great|brilliant|genius|ah yes)[.!]*\s*$/,
  ],
  ["sarcasm-because", /^(sure|right|yeah|oh|of course)\b[,.!]*\s*(because|since|and)\b/],
  [
    "sarcasm-marker",
    /(\/s\b|let me guess|what could (possibly )?go wrong|because that worked|worked out so well|obviously|clearly nobody|good luck with that|said no one|i'?m sure)/,
  ],
  // A contrary fact or a correction.
  [
    "correction",
    /^(actually|in fact|in reality|technically|correction|small correction|pedantic|not quite|not really|not exactly|that'?s not|that isn'?t|this isn'?t|it'?s not|it isn'?t|nope|wrong|false)\b/,
  ],
  [
    "contrary-anywhere",
    /\b(is a myth|isn'?t true|not true|the opposite|doesn'?t (hold|follow|explain)|has nothing to do with|isn'?t the same|not the same|misleading|cherry.?pick|you'?re (wrong|missing|ignoring|confusing)|that'?s not how|is doing a lot of work|the real (problem|reason|issue))\b/,
  ],
  ["not-x-but-y", /\bnot\b[^.!?]{1,60},\s*(but|it'?s)\b|\bisn'?t\b[^.!?]{1,60},\s*it'?s\b/],
  // Agreement that adds: testimony ("Nurse here, …"), confirmation.
  ["here-testimony", /^[a-z][a-z' -]{1,40} here\b[,.:;!—–-]/],
  [
    "confirm",
    /\b(can confirm|same here|same (thing|experience)|this matches|matches (my|what i)|exactly this|this is (so )?true|so much this|came here to say)\b/,
  ],
  // No side: thanks, requests, meta, jokes.
  ["thanks", /\b(thanks|thank you|thx|cheers|appreciate (it|this))\b/],
  [
    "request",
    /^(link|source|sources|citation|citation needed|link please|source please|got a (link|source))\b[^.!]*[?]?\s*$/,
  ],
  [
    "info-question",
    /\b(does anyone know|anyone know|out of (interest|curiosity)|serious question|genuine question|not being rhetorical|asking because|can someone explain|eli5)\b/,
  ],
  ["meta", /^(edit|update|reminder|mod note|removed|off.?topic|tangent|unrelated|tl;?dr)\b|\b(delta|Δ|∆)\b/],
  ["laugh", /\b(lol|lmao|haha+|rofl|heh|😂|🤣)\b/],
];

/** Binned count: 0, 1, 2, 3+. */
const bin3 = (n: number) => String(Math.min(n, 3));

/**
 * Add the reply-form features of a (parent → reply) pair to `f` (features v2).
 * @example addReplyForm(f, "Rents fell.", "And who pays for that?") // adds cue:and-question, q:all, …
 */
export function addReplyForm(f: FeatureBuilder, parent: string, reply: string): void {
  const { quoted, answer } = splitQuotes(reply);
  const own = answer === "" ? reply : answer;
  const sentences = sentencesOf(own);
  const first = sentences[0] ?? "";
  const firstLow = first.toLowerCase().replace(/’/g, "'");
  const lowAll = own.toLowerCase().replace(/’/g, "'");

  // Response-initial n-grams: the first three words of the reply's own text (later words are
  // topic words, which do not carry over between threads).
  const fw = wordsOf(first).slice(0, 3);
  for (let i = 0; i < fw.length; i++) {
    f.add(`i1:${fw[i]}`);
    if (i + 1 < fw.length) f.add(`i2:${fw[i]} ${fw[i + 1]}`);
  }
  if (fw.length === 3) f.add(`i3:${fw.join(" ")}`);

  for (const [name, re] of CUES) {
    if (re.test(firstLow)) f.add(`cue:${name}`);
    else if (!re.source.startsWith("^") && re.test(lowAll)) f.add(`cue:${name}@any`);
  }
  // The second sentence can carry the turn ("Sure. But …", "Fair point. The data says …").
  const secondLow = (sentences[1] ?? "").toLowerCase();
  if (/^(but|however|though|except|still|that said|and yet)\b/.test(secondLow)) f.add("cue:turn-second");

  // Questions, address, negation, hedges.
  const questions = sentences.filter((s) => s.endsWith("?")).length;
  f.add(`q#${bin3(questions)}`);
  if (sentences.length > 0 && questions === sentences.length) f.add("q:all");
  if (sentences.length > 1 && (sentences[sentences.length - 1] ?? "").endsWith("?")) f.add("q:last");
  const words = wordsOf(own);
  const you = words.filter((w) => /^(you|your|you're|yours|yourself|you've|you'd|you'll)$/.test(w)).length;
  const me = words.filter((w) => /^(i|me|my|i'm|i've|i'd|mine)$/.test(w)).length;
  f.add(`you#${bin3(you)}`);
  f.add(`me#${bin3(me)}`);
  const negations = words.filter((w) =>
    /^(not|no|never|nobody|nothing|none|neither|nor)$|n't$/.test(w),
  ).length;
  f.add(`neg#${bin3(negations)}`);
  const norm = normalizeText(own);
  f.add(`hedge#${bin3(phraseSets.hedges.find(norm).length)}`);
  if (phraseSets.boosters.has(norm)) f.add("booster");
  if (phraseSets.rhetorical.has(norm)) f.add("rhetorical");
  if (phraseSets.testimony.has(norm)) f.add("testimony");
  if (phraseSets.research.has(norm)) f.add("research");
  if (/\d/.test(own)) f.add("digits");

  // Punctuation and quotation.
  if (own.includes("!")) f.add("punct:!");
  if (/\.\.\.|…/.test(own)) f.add("punct:…");
  if (/^[a-z]/.test(own)) f.add("punct:lowercase-start");
  if (quoted.length > 0) f.add("quote:line");
  if (quotesAndAnswers(parent, reply)) f.add("quote:answers-parent");
  else if (inlineQuotes(own).length > 0) f.add("quote:inline");

  // The parent: a reply to a question answers it (no side).
  const parentSentences = sentencesOf(splitQuotes(parent).answer || parent);
  const parentLast = parentSentences[parentSentences.length - 1] ?? "";
  const parentAsks = parentLast.endsWith("?") || parentSentences.slice(0, 2).some((s) => s.endsWith("?"));
  if (parentAsks) {
    f.add("parent:question");
    if (questions === 0) f.add("parent:question×reply:statement");
  }
  if (parentSentences.length <= 2 && parentAsks) f.add("parent:short-question");

  // Length ratio.
  const lenP = Math.max(1, wordsOf(parent).length);
  const lenR = Math.max(1, words.length);
  const ratio = Math.log2(lenR / lenP);
  f.add(`lenRatio#${Math.max(-4, Math.min(3, Math.round(ratio)))}`);
  f.add("lenRatio", Math.max(-4, Math.min(4, ratio)) / 4);
  f.add(`sentences#${bin3(sentences.length)}`);
}
