/**
 * Training of the reply-stance classifier (support / attack / none for a parent → reply pair)
 * from the labelled pair corpora, shared by `npm run train` and `argmap eval stance`.
 *
 * None of the corpora is a reply thread: their replies almost never open with "Exactly", "No,"
 * or "Sure, but". So that the opener-lexicon features still get weights, a seeded share of the
 * training pairs is copied with an opener from the lexicons that agrees with its label prepended
 * (support ← agreement openers, attack ← disagreement openers or a concession then "but"). The
 * copies are training-only: held-out scores are on the original texts.
 */
import { lexicons } from "../lexicons/index.js";
import { analyseText, type Analysed } from "../engines/classic/learn/analyse.js";
import type { Embeddings } from "../engines/classic/learn/embeddings.js";
import type { SparseVector } from "../engines/classic/learn/hash.js";
import { trainLogReg, type Example, type LogRegModel } from "../engines/classic/learn/logreg.js";
import {
  STANCE_BITS,
  STANCE_CLASSES,
  stanceFeatures,
  type StanceClass,
  type StanceFeatureOptions,
} from "../engines/classic/learn/stance-features.js";
import { seededRandom } from "../util/random.js";

/** A labelled pair as the trainer needs it (the eval reader's `StancePair` fits). */
export interface LabelledPair {
  parent: string;
  text: string;
  label: StanceClass;
  /** Source corpus, for balancing (`balance`); pairs without one form one group. */
  corpus?: string;
}

export interface StanceTrainOptions extends StanceFeatureOptions {
  /** Share of training pairs copied with a label-consistent opener (default 0.2). */
  augment?: number;
  epochs?: number;
  l2?: number;
  seed?: number;
  /**
   * Corpus balance exponent: each pair weighs (mean corpus size / its corpus size)^balance, so
   * 1 gives every corpus the same total weight and 0 weighs pairs equally (default 0.5).
   */
  balance?: number;
  /**
   * Share of pairs from corpora without `none` that also give an unrelated pair (the text under
   * another pair's parent of the same corpus) labelled none (default 0.1).
   */
  unrelated?: number;
  /**
   * Extra weight factor of the reply-thread corpora (`REPLY_CORPORA`), on top of the balance
   * (default 3: the in-genre pairs are 2.5 % of the pairs; with it they carry about a quarter of the weight).
   */
  replyWeight?: number;
}

/** Corpora of real reply pairs: their texts are replies already, so they get no opener copies. */
export const REPLY_CORPORA: ReadonlySet<string> = new Set(["argmap-dev-threads"]);

export const STANCE_TRAIN_DEFAULTS = {
  augment: 0.2,
  epochs: 8,
  l2: 1e-5,
  seed: 17,
  balance: 0.5,
  unrelated: 0.1,
  replyWeight: 3,
} as const;

/** Analyses texts once (wink-nlp is the slow part) and pair features once per options. */
export class StanceFeaturizer {
  private readonly vectors = new Map<string, SparseVector>();
  /** `analysed` may be shared by featurizers of other options (the analysis does not depend on them). */
  constructor(
    readonly emb: Embeddings,
    readonly opts: StanceFeatureOptions = {},
    private readonly analysed = new Map<string, Analysed>(),
  ) {}

  analyse(text: string): Analysed {
    let a = this.analysed.get(text);
    if (!a) this.analysed.set(text, (a = analyseText(text)));
    return a;
  }

  features(parent: string, text: string): SparseVector {
    const key = `${parent}\u0000${text}`;
    let x = this.vectors.get(key);
    if (!x) {
      x = stanceFeatures(
        { text: parent, analysed: this.analyse(parent) },
        { text, analysed: this.analyse(text) },
        this.emb,
        this.opts,
      );
      this.vectors.set(key, x);
    }
    return x;
  }
}

const strongWeak = (g: { strong: string[]; weak: string[] }, rand: () => number) => {
  const list = rand() < 0.75 ? g.strong : g.weak;
  return list[Math.floor(rand() * list.length)]!;
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Join an opener phrase and a text the way people write replies ("Exactly -- …", "No, …", "Sure, but …"). */
function withOpener(opener: string, text: string, rand: () => number): string {
  const body = text.trim();
  if (/[.,!?:;^%+]$/.test(opener)) return `${capitalise(opener)} ${body}`;
  const sep = [", ", ". ", " -- ", "! "][Math.floor(rand() * 4)]!;
  const rest = sep === ", " ? body.charAt(0).toLowerCase() + body.slice(1) : body;
  return `${capitalise(opener)}${sep}${rest}`;
}

/**
 * The label-consistent opener copy of a pair's reply text, or undefined (none pairs get none).
 * @example augmentedReply("Taxes reduce demand.", "attack", rand) // e.g. "Sure, but taxes reduce demand."
 */
export function augmentedReply(text: string, label: StanceClass, rand: () => number): string | undefined {
  if (label === "support") return withOpener(strongWeak(lexicons.agreement.start, rand), text, rand);
  if (label === "attack") {
    if (rand() < 0.3) {
      const concede = lexicons.concession.concede[Math.floor(rand() * lexicons.concession.concede.length)]!;
      const body = text.trim();
      return `${capitalise(concede)}, but ${body.charAt(0).toLowerCase()}${body.slice(1)}`;
    }
    return withOpener(strongWeak(lexicons.disagreement.start, rand), text, rand);
  }
  return undefined;
}

/**
 * Train the classifier on `pairs` (plus opener copies of a seeded share of them).
 * @example const model = trainReplyStance(pairs, new StanceFeaturizer(emb));
 */
export function trainReplyStance(
  pairs: readonly LabelledPair[],
  featurizer: StanceFeaturizer,
  options: StanceTrainOptions = {},
): LogRegModel {
  const o = { ...STANCE_TRAIN_DEFAULTS, ...options };
  const rand = seededRandom(o.seed);
  const sizes = new Map<string, number>();
  for (const p of pairs) sizes.set(p.corpus ?? "", (sizes.get(p.corpus ?? "") ?? 0) + 1);
  const mean = pairs.length / Math.max(1, sizes.size);
  const withNone = new Set(pairs.filter((p) => p.label === "none").map((p) => p.corpus ?? ""));
  const byCorpus = new Map<string, LabelledPair[]>();
  for (const p of pairs) byCorpus.set(p.corpus ?? "", [...(byCorpus.get(p.corpus ?? "") ?? []), p]);
  const none = STANCE_CLASSES.indexOf("none");
  const examples: Example[] = [];
  for (const p of pairs) {
    const corpus = p.corpus ?? "";
    const y = STANCE_CLASSES.indexOf(p.label);
    const reply = REPLY_CORPORA.has(corpus);
    const weight = Math.pow(mean / sizes.get(corpus)!, o.balance) * (reply ? o.replyWeight : 1);
    examples.push({ x: featurizer.features(p.parent, p.text), y, weight });
    if (!reply && rand() < o.augment) {
      const copy = augmentedReply(p.text, p.label, rand);
      if (copy) examples.push({ x: featurizer.features(p.parent, copy), y, weight });
    }
    if (!withNone.has(corpus) && rand() < o.unrelated) {
      const same = byCorpus.get(corpus)!;
      const other = same[Math.floor(rand() * same.length)]!;
      if (other.parent !== p.parent)
        examples.push({ x: featurizer.features(other.parent, p.text), y: none, weight });
    }
  }
  return trainLogReg(examples, {
    classes: STANCE_CLASSES.length,
    bits: STANCE_BITS,
    epochs: o.epochs,
    l2: o.l2,
    seed: o.seed,
  });
}
