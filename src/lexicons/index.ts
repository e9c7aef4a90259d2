/**
 * The classic engine's lexicons (`src/lexicons/*.json`), validated once at load, and a small
 * phrase matcher over them. Signals live in the JSON files as data; this module only knows how
 * to find a phrase in a text.
 */
import { z } from "zod";
import agreementJson from "./agreement.json" with { type: "json" };
import claimJson from "./claim-indicators.json" with { type: "json" };
import concessionJson from "./concession.json" with { type: "json" };
import disagreementJson from "./disagreement.json" with { type: "json" };
import evaluativeJson from "./evaluative.json" with { type: "json" };
import evidenceJson from "./evidence-cues.json" with { type: "json" };
import modalityJson from "./modality.json" with { type: "json" };
import premiseJson from "./premise-indicators.json" with { type: "json" };
import stanceJson from "./stance-verbs.json" with { type: "json" };
import { ArgmapError } from "../model/index.js";

const Phrases = z.array(z.string().min(1));
const Graded = z.object({ strong: Phrases, weak: Phrases });
const Doc = { _doc: z.string().min(1) };

const schemas = {
  claim: z.object({
    ...Doc,
    stance: Phrases,
    deontic: Phrases,
    conclusion: Phrases,
    thesis: Phrases,
    rhetoricalQuestion: Phrases,
    startOnly: Phrases,
  }),
  premise: z.object({
    ...Doc,
    backward: Phrases,
    forward: Phrases,
    example: Phrases,
    addition: Phrases,
    startOnly: Phrases,
  }),
  evidence: z.object({
    ...Doc,
    source: Phrases,
    research: Phrases,
    testimony: Phrases,
    units: Phrases,
    currencies: Phrases,
  }),
  modality: z.object({ ...Doc, hedges: Phrases, boosters: Phrases, modals: Phrases }),
  evaluative: z.object({ ...Doc, positive: Phrases, negative: Phrases, comparatives: Phrases }),
  stance: z.object({ ...Doc, pronouns: Phrases, verbs: Phrases, phrases: Phrases }),
  agreement: z.object({ ...Doc, start: Graded, anywhere: Graded }),
  disagreement: z.object({ ...Doc, start: Graded, anywhere: Graded }),
  concession: z.object({
    ...Doc,
    concede: Phrases,
    subordinate: Phrases,
    contrastAnywhere: Phrases,
    contrastInitial: Phrases,
    counterClaim: Phrases,
    yield: Phrases,
  }),
};

function load<K extends keyof typeof schemas>(name: K, data: unknown): z.infer<(typeof schemas)[K]> {
  const parsed = schemas[name].safeParse(data);
  if (!parsed.success)
    throw new ArgmapError(
      "INTERNAL",
      `The ${name} lexicon is malformed: ${parsed.error.message}. Fix the JSON file in src/lexicons/.`,
      {
        cause: parsed.error,
      },
    );
  return parsed.data as z.infer<(typeof schemas)[K]>;
}

/** All lexicons, validated. */
export const lexicons = {
  claim: load("claim", claimJson),
  premise: load("premise", premiseJson),
  evidence: load("evidence", evidenceJson),
  modality: load("modality", modalityJson),
  evaluative: load("evaluative", evaluativeJson),
  stance: load("stance", stanceJson),
  agreement: load("agreement", agreementJson),
  disagreement: load("disagreement", disagreementJson),
  concession: load("concession", concessionJson),
};

/**
 * Lower-case a text and fold typographic quotes to ASCII so phrases match both `'` and `’`.
 * Offsets into the result equal offsets into the input for all but exotic case mappings.
 *
 * @example normalizeText("That’s TRUE") // "that's true"
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"');
}

export interface PhraseMatch {
  phrase: string;
  start: number;
  end: number;
}

/** A word or punctuation mark of a normalized text, with offsets. */
interface Word {
  w: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}_]+(?:['.][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;

function splitWords(text: string): Word[] {
  const out: Word[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text))
    out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The words of a text, and per phrase set the word positions where one of its phrases could start. */
interface SplitText {
  text: string;
  words: Word[];
  /** By phrase set id; computed on first use. */
  starts: (number[] | undefined)[] | undefined;
}

// Signals ask many phrase sets about the same text in a row: keep the last few word splits.
const wordCache: SplitText[] = [];
function splitOf(text: string): SplitText {
  for (const e of wordCache) if (e.text === text) return e;
  const entry: SplitText = { text, words: splitWords(text), starts: undefined };
  wordCache.unshift(entry);
  if (wordCache.length > 4) wordCache.pop();
  return entry;
}

/** Ids of the phrase sets that have a phrase starting with a word, by word. */
const setsByFirstWord = new Map<string, number[]>();
let nextSetId = 0;
const NO_STARTS: readonly number[] = [];

/** Positions in `split` where a phrase of set `id` could start (one map lookup per word, shared by all sets). */
function startsOf(split: SplitText, id: number): readonly number[] {
  if (!split.starts) {
    const starts: (number[] | undefined)[] = [];
    const { words } = split;
    for (let i = 0; i < words.length; i++) {
      const ids = setsByFirstWord.get(words[i]!.w);
      if (ids) for (const s of ids) (starts[s] ??= []).push(i);
    }
    split.starts = starts;
  }
  return split.starts[id] ?? NO_STARTS;
}

/** Leading marks skipped before a phrase that must open a text: quotes, emphasis, bullets. */
const LEADING = new Set(["*", "_", '"', "(", ">", "~", "•", "–", "—", "-"]);

interface TrieNode {
  next: Map<string, TrieNode>;
  phrase?: string;
}

/**
 * A set of lower-case phrases matched word by word (a trie over words and punctuation marks), so
 * matching is linear in the text and phrases only match whole words: "that" does not match
 * inside "that's". The longest phrase at a position wins ("not really" over "not"). Match against
 * `normalizeText(text)`. Every set registers its first words in one module-wide index (so a text's
 * words are looked up once for all sets): build sets once, like `phraseSets`, not per call.
 *
 * @example new PhraseSet(["because", "given that"]).find("given that it rained")[0]?.phrase // "given that"
 */
export class PhraseSet {
  readonly phrases: readonly string[];
  private readonly root: TrieNode = { next: new Map() };
  private readonly id = nextSetId++;

  constructor(phrases: readonly string[]) {
    this.phrases = [...new Set(phrases.map((p) => normalizeText(p.trim())).filter((p) => p.length > 0))];
    for (const phrase of this.phrases) {
      let node = this.root;
      for (const { w } of splitWords(phrase)) {
        let child = node.next.get(w);
        if (!child) {
          child = { next: new Map() };
          node.next.set(w, child);
        }
        node = child;
      }
      node.phrase ??= phrase;
    }
    for (const first of this.root.next.keys()) {
      const ids = setsByFirstWord.get(first);
      if (ids) ids.push(this.id);
      else setsByFirstWord.set(first, [this.id]);
    }
  }

  private matchAt(words: readonly Word[], i: number): PhraseMatch | undefined {
    let node: TrieNode | undefined = this.root;
    let best: PhraseMatch | undefined;
    for (let k = i; k < words.length; k++) {
      node = node.next.get(words[k]!.w);
      if (!node) break;
      if (node.phrase !== undefined)
        best = { phrase: node.phrase, start: words[i]!.start, end: words[k]!.end };
    }
    return best;
  }

  /** Every non-overlapping match, left to right. */
  find(normalized: string): PhraseMatch[] {
    const split = splitOf(normalized);
    const { words } = split;
    const out: PhraseMatch[] = [];
    let end = -1;
    for (const i of startsOf(split, this.id)) {
      if (words[i]!.start < end) continue; // inside the previous match
      const m = this.matchAt(words, i);
      if (!m) continue;
      out.push(m);
      end = m.end;
    }
    return out;
  }

  /** The match that opens the text (after leading quotes, emphasis or bullets), if any. */
  findAtStart(normalized: string): PhraseMatch | undefined {
    const { words } = splitOf(normalized);
    let i = 0;
    while (i < words.length && LEADING.has(words[i]!.w)) i++;
    return i < words.length ? this.matchAt(words, i) : undefined;
  }

  has(normalized: string): boolean {
    const split = splitOf(normalized);
    for (const i of startsOf(split, this.id)) if (this.matchAt(split.words, i)) return true;
    return false;
  }
}

/** Compiled phrase sets for every lexicon list, built once. */
export const phraseSets = {
  counterClaim: new PhraseSet(lexicons.concession.counterClaim),
  claimStance: new PhraseSet(lexicons.claim.stance),
  deontic: new PhraseSet(lexicons.claim.deontic),
  conclusion: new PhraseSet(lexicons.claim.conclusion),
  thesis: new PhraseSet(lexicons.claim.thesis),
  rhetorical: new PhraseSet(lexicons.claim.rhetoricalQuestion),
  claimStartOnly: new Set(lexicons.claim.startOnly),
  backward: new PhraseSet(lexicons.premise.backward),
  forward: new PhraseSet(lexicons.premise.forward),
  example: new PhraseSet(lexicons.premise.example),
  addition: new PhraseSet(lexicons.premise.addition),
  premiseStartOnly: new Set(lexicons.premise.startOnly),
  evidenceSource: new PhraseSet(lexicons.evidence.source),
  research: new PhraseSet(lexicons.evidence.research),
  testimony: new PhraseSet(lexicons.evidence.testimony),
  hedges: new PhraseSet(lexicons.modality.hedges),
  boosters: new PhraseSet(lexicons.modality.boosters),
  positive: new PhraseSet(lexicons.evaluative.positive),
  negative: new PhraseSet(lexicons.evaluative.negative),
  comparatives: new PhraseSet(lexicons.evaluative.comparatives),
  stancePhrases: new PhraseSet(lexicons.stance.phrases),
  agreeStartStrong: new PhraseSet(lexicons.agreement.start.strong),
  agreeStartWeak: new PhraseSet(lexicons.agreement.start.weak),
  agreeAnyStrong: new PhraseSet(lexicons.agreement.anywhere.strong),
  agreeAnyWeak: new PhraseSet(lexicons.agreement.anywhere.weak),
  disagreeStartStrong: new PhraseSet(lexicons.disagreement.start.strong),
  disagreeStartWeak: new PhraseSet(lexicons.disagreement.start.weak),
  disagreeAnyStrong: new PhraseSet(lexicons.disagreement.anywhere.strong),
  disagreeAnyWeak: new PhraseSet(lexicons.disagreement.anywhere.weak),
  concede: new PhraseSet(lexicons.concession.concede),
  subordinate: new PhraseSet(lexicons.concession.subordinate),
  contrastAnywhere: new PhraseSet(lexicons.concession.contrastAnywhere),
  contrastInitial: new PhraseSet(lexicons.concession.contrastInitial),
  yieldPoint: new PhraseSet(lexicons.concession.yield),
};

export const stanceWords = {
  pronouns: new Set(lexicons.stance.pronouns),
  verbs: new Set(lexicons.stance.verbs),
  modals: new Set(lexicons.modality.modals),
  units: new Set(lexicons.evidence.units),
  currencies: new Set(lexicons.evidence.currencies),
};
