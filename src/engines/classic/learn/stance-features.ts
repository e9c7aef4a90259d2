/**
 * Features of a (parent → reply) pair for the reply-stance classifier (support / attack / none).
 * Chosen to transfer across corpora rather than to learn topic words:
 * - the reply opener lexicons (agreement, disagreement, concession then contrast) as signals;
 * - the reply's first words and punctuation (a question, "No?");
 * - pair features: word-vector similarity (SIF, all words and content words), lemma overlap,
 *   negation mismatch on shared content words;
 * - evaluative polarity of each side (lexicon words, negation-flipped, plus a word-vector polarity
 *   axis built from the same lexicon) and their product: opposite polarity about the same
 *   thing is contrast;
 * - optionally (`bagOfWords`) hashed lemma uni/bigrams of the whole reply;
 * - from version 2, how the reply is written (`reply-form.ts`): response-initial n-grams,
 *   questions, "you", negation, hedges, punctuation, quotation of the parent, length ratio,
 *   contrast and sarcasm openers, contrary-fact and no-side cues. Version 1 (without them) stays
 *   so that older model files keep their meaning.
 */
import type { Token } from "../../../segment/index.js";
import { normalizeText, phraseSets, lexicons, type PhraseMatch } from "../../../lexicons/index.js";
import type { Analysed } from "./analyse.js";
import { cosine, type Embeddings } from "./embeddings.js";
import { FeatureBuilder, type SparseVector } from "./hash.js";
import { addReplyForm } from "./reply-form.js";

export const STANCE_BITS = 16;
/** Class order of the model file. */
export const STANCE_CLASSES = ["support", "attack", "none"] as const;
export type StanceClass = (typeof STANCE_CLASSES)[number];

/** The feature set of the current model files; a file without a `features` field is version 1. */
export const STANCE_FEATURES_VERSION = 2;

export interface StanceFeatureOptions {
  /** Add hashed lemma 1–2-grams of the whole reply (topic-prone; off in the shipped model unless it transfers). */
  bagOfWords?: boolean;
  /** Feature set: 1 (openers, similarity, polarity) or 2 (1 + how the reply is written); default 2. */
  version?: 1 | 2;
}

/** A text with its analysis (tokens from the segmenter, or `analyseText`). */
export interface StanceText {
  text: string;
  analysed: Analysed;
}

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV"]);
const LIGHT = new Set([
  "be",
  "have",
  "do",
  "get",
  "make",
  "go",
  "say",
  "think",
  "know",
  "thing",
  "lot",
  "way",
]);

/** The first two sentences of a text, normalised (what the opener lexicons look at). */
export function openingSentences(text: string): [string, string] {
  const norm = normalizeText(text.trim());
  const re = /[.!?]+["')\]]*\s+|\n+/g;
  const cuts: number[] = [];
  for (let m = re.exec(norm); m && cuts.length < 2; m = re.exec(norm)) cuts.push(m.index + m[0].length);
  const a = cuts[0] ?? norm.length;
  const b = cuts[1] ?? norm.length;
  return [norm.slice(0, a).trim(), norm.slice(a, b).trim()];
}

function contrastAfterComma(text: string): PhraseMatch | undefined {
  for (const m of phraseSets.contrastInitial.find(text))
    if (/[,;:—–-]\s*$/.test(text.slice(0, m.start))) return m;
  return undefined;
}

/**
 * The opener-lexicon signals of a reply (names only), as `replyStance` in `../relations.ts` reads
 * them, without its decision: the model weighs them.
 * @example openerSignals("Sure, but prices went up anyway.") // ["concede+contrast", …]
 */
export function openerSignals(text: string): string[] {
  const [first, second] = openingSentences(text);
  const both = `${first} ${second}`;
  const out: string[] = [];
  let conceded = false;
  const concede = phraseSets.concede.findAtStart(first);
  if (concede) {
    const rest = both.slice(concede.end);
    const contrast =
      phraseSets.contrastAnywhere.find(rest)[0] ??
      phraseSets.contrastInitial.findAtStart(second) ??
      contrastAfterComma(rest);
    conceded = contrast !== undefined;
    out.push(conceded ? "concede+contrast" : "concede-alone");
  }
  if (!conceded && phraseSets.subordinate.findAtStart(first)) out.push("subordinate");
  if (!conceded) {
    const starts: [PhraseMatch | undefined, string][] = [
      [phraseSets.disagreeStartStrong.findAtStart(first), "start:disagree-strong"],
      [phraseSets.disagreeStartWeak.findAtStart(first), "start:disagree-weak"],
      [phraseSets.agreeStartStrong.findAtStart(first), "start:agree-strong"],
      [phraseSets.agreeStartWeak.findAtStart(first), "start:agree-weak"],
    ];
    let best: [PhraseMatch, string] | undefined;
    for (const [m, tag] of starts) if (m && (!best || m.end > best[0].end)) best = [m, tag];
    if (best) out.push(best[1]);
  }
  if (phraseSets.disagreeAnyStrong.has(both)) out.push("any:disagree-strong");
  if (phraseSets.disagreeAnyWeak.has(both)) out.push("any:disagree-weak");
  if (!conceded && phraseSets.agreeAnyStrong.has(both)) out.push("any:agree-strong");
  if (!conceded && phraseSets.agreeAnyWeak.has(both)) out.push("any:agree-weak");
  if (phraseSets.contrastAnywhere.has(both)) out.push("contrast-marker");
  return out;
}

/** Unit vectors of the positive and negative evaluative words (the polarity axis), per table. */
const axisCache = new WeakMap<Embeddings, Float32Array>();
function polarityAxis(emb: Embeddings): Float32Array {
  let axis = axisCache.get(emb);
  if (!axis) {
    const single = (xs: readonly string[]) => xs.filter((w) => !w.includes(" ") && emb.has(w));
    const pos = emb.sentenceVector(single(lexicons.evaluative.positive));
    const neg = emb.sentenceVector(single(lexicons.evaluative.negative));
    axis = new Float32Array(emb.dims);
    let n = 0;
    for (let d = 0; d < emb.dims; d++) {
      axis[d] = pos[d]! - neg[d]!;
      n += axis[d]! * axis[d]!;
    }
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < emb.dims; d++) axis[d] = axis[d]! / n;
    axisCache.set(emb, axis);
  }
  return axis;
}

const POSITIVE = new Set(lexicons.evaluative.positive);
const NEGATIVE = new Set(lexicons.evaluative.negative);

interface Side {
  /** Lexicon polarity: (positive − negative) evaluative words, negated ones flipped, in [-1, 1]. */
  lex: number;
  /** Mean word-vector polarity of content words (negated ones flipped). */
  vec: number;
  content: Map<string, boolean>;
  words: string[];
  contentWords: string[];
  negations: number;
}

const sideCache = new WeakMap<Analysed, { emb: Embeddings; side: Side }>();

function sideOf(a: Analysed, emb: Embeddings): Side {
  const hit = sideCache.get(a);
  if (hit && hit.emb === emb) return hit.side;
  const axis = polarityAxis(emb);
  let lex = 0;
  let lexN = 0;
  let vec = 0;
  let vecN = 0;
  const content = new Map<string, boolean>();
  const contentWords: string[] = [];
  for (const t of a.tokens as readonly Token[]) {
    const sign = t.negated ? -1 : 1;
    const w = t.normal;
    const pol =
      POSITIVE.has(w) || POSITIVE.has(t.lemma) ? 1 : NEGATIVE.has(w) || NEGATIVE.has(t.lemma) ? -1 : 0;
    if (pol !== 0) {
      lex += sign * pol;
      lexN++;
    }
    if (!CONTENT_POS.has(t.pos) || t.lemma.length < 3 || LIGHT.has(t.lemma)) continue;
    content.set(t.lemma, (content.get(t.lemma) ?? false) || t.negated);
    contentWords.push(t.normal);
    const v = emb.vector(t.normal) ?? emb.vector(t.lemma);
    if (v) {
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += v[d]! * axis[d]!;
      vec += sign * dot;
      vecN++;
    }
  }
  const side: Side = {
    lex: lexN > 0 ? lex / lexN : 0,
    vec: vecN > 0 ? vec / vecN : 0,
    content,
    words: a.words,
    contentWords,
    negations: a.negations,
  };
  sideCache.set(a, { emb, side });
  return side;
}

const sign = (x: number, eps: number) => (x > eps ? "+" : x < -eps ? "-" : "0");
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/**
 * Feature vector of a (parent → reply) pair.
 * @example stanceFeatures({ text: p, analysed: analyseText(p) }, { text: r, analysed: analyseText(r) }, emb)
 */
export function stanceFeatures(
  parent: StanceText,
  reply: StanceText,
  emb: Embeddings,
  opts: StanceFeatureOptions = {},
): SparseVector {
  const f = new FeatureBuilder(STANCE_BITS);
  const P = sideOf(parent.analysed, emb);
  const R = sideOf(reply.analysed, emb);
  f.add("bias");

  // Opener lexicons and first words.
  const signals = openerSignals(reply.text);
  for (const s of signals) f.add(`lex:${s}`);
  if (signals.length === 0) f.add("lex:nothing");
  const words = R.words;
  if (words[0]) f.add(`w1:${words[0]}`);
  if (words[1]) f.add(`w2:${words[1]}`);
  if (words[0] && words[1]) f.add(`w12:${words[0]} ${words[1]}`);
  const [first] = openingSentences(reply.text);
  if (first.endsWith("?")) f.add("q:first");
  const questions = (reply.text.match(/\?/g) ?? []).length;
  if (questions > 0) f.add("q:any");
  if (words.length <= 3 && questions > 0) f.add("q:short");
  if (/^\W*(no|nope|nah)\W*\?/i.test(reply.text.trim())) f.add("q:no?");

  // Similarity and overlap.
  const cosAll = cosine(emb.sentenceVectorOf(P.words), emb.sentenceVectorOf(R.words));
  const cosC = cosine(emb.sentenceVectorOf(P.contentWords), emb.sentenceVectorOf(R.contentWords));
  let shared = 0;
  let mismatch = 0;
  for (const [lemma, negR] of R.content) {
    const negP = P.content.get(lemma);
    if (negP === undefined) continue;
    shared++;
    if (negP !== negR) mismatch++;
  }
  const union = P.content.size + R.content.size - shared;
  const jacc = union > 0 ? shared / union : 0;
  const contP = P.content.size > 0 ? shared / P.content.size : 0;
  f.add("cos", cosAll);
  f.add("cosC", cosC);
  f.add(`cosC#${clamp(Math.floor(cosC * 5), 0, 4)}`);
  f.add("jacc", jacc);
  f.add("contP", contP);
  f.add(`shared#${Math.min(shared, 3)}`);

  // Negation.
  f.add(`neg:${P.negations > 0 ? 1 : 0}${R.negations > 0 ? 1 : 0}`);
  if (mismatch > 0) {
    f.add("negMismatch");
    f.add("negMismatch*contP", contP);
  }

  // Evaluative polarity and contrast.
  f.add(`lexpol:${sign(P.lex, 0)}${sign(R.lex, 0)}`);
  f.add("lexProd", P.lex * R.lex);
  f.add("vecP", P.vec * 5);
  f.add("vecR", R.vec * 5);
  f.add("vecProd", P.vec * R.vec * 25);
  f.add(`vecpol:${sign(P.vec, 0.03)}${sign(R.vec, 0.03)}`);
  if (mismatch > 0) f.add("negMismatch*vecProd", P.vec * R.vec * 25);

  // Length.
  f.add("lenR", Math.log1p(R.words.length) / 4);
  f.add("lenP", Math.log1p(P.words.length) / 4);
  f.add(`lenR#${clamp(Math.floor(Math.log2(1 + R.words.length)), 0, 7)}`);

  if ((opts.version ?? STANCE_FEATURES_VERSION) >= 2) addReplyForm(f, parent.text, reply.text);

  if (opts.bagOfWords) {
    const lemmas = reply.analysed.content;
    const v = lemmas.length > 0 ? 1 / Math.sqrt(lemmas.length) : 0;
    for (let i = 0; i < lemmas.length; i++) {
      f.add(`bow:${lemmas[i]}`, v);
      if (i + 1 < lemmas.length) f.add(`bow:${lemmas[i]} ${lemmas[i + 1]}`, v);
    }
  }
  return f.build();
}
