/**
 * Signal extraction for the classic engine: what a segment's words, tokens and position say about
 * its argumentative role. Pure and deterministic; the heuristic tagger uses these signals, and a
 * trained model can use the same `features` vector.
 */
import type { Token } from "../../segment/index.js";
import {
  normalizeText,
  phraseSets,
  stanceWords,
  type PhraseMatch,
  type PhraseSet,
} from "../../lexicons/index.js";

/** Where the segment sits in its post/text. */
export interface SignalContext {
  /** Position of the segment within its post (0-based). */
  indexInPost: number;
  /** Number of segments in the post. */
  postLength: number;
  /** Paragraph of the post the segment is in (0-based), and the post's paragraph count. */
  paragraphIndex: number;
  paragraphCount: number;
  /** The post answers or quotes another post. */
  isReply: boolean;
}

export interface SignalInput {
  /** The segment text (exactly `source.text.slice(segment.span)`). */
  text: string;
  /** The segment's tokens from the segmenter. */
  tokens: readonly Token[];
  context: SignalContext;
}

/**
 * Numeric features of a segment, in a fixed order (`FEATURE_NAMES`). Counts are raw counts;
 * flags are 0/1; `position` is the relative position in the post in [0, 1].
 */
export const FEATURE_NAMES = [
  "tokens",
  "words",
  "claimStance",
  "deontic",
  "conclusion",
  "thesis",
  "reason",
  "forwardReason",
  "example",
  "addition",
  "contrast",
  "evidenceSource",
  "research",
  "testimony",
  "hedges",
  "boosters",
  "evaluativePositive",
  "evaluativeNegative",
  "comparatives",
  "firstPersonStance",
  "firstPerson",
  "secondPerson",
  "negations",
  "numbers",
  "numberRanges",
  "percents",
  "money",
  "units",
  "urls",
  "footnotes",
  "citations",
  "years",
  "question",
  "rhetoricalQuestion",
  "exclamation",
  "modalVerb",
  "imperative",
  "hasVerb",
  "agreement",
  "disagreement",
  "concession",
  "position",
  "isFirst",
  "isLast",
  "firstParagraph",
  "lastParagraph",
  "isReply",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

function emptyFeatures(): Features {
  return {
    tokens: 0,
    words: 0,
    claimStance: 0,
    deontic: 0,
    conclusion: 0,
    thesis: 0,
    reason: 0,
    forwardReason: 0,
    example: 0,
    addition: 0,
    contrast: 0,
    evidenceSource: 0,
    research: 0,
    testimony: 0,
    hedges: 0,
    boosters: 0,
    evaluativePositive: 0,
    evaluativeNegative: 0,
    comparatives: 0,
    firstPersonStance: 0,
    firstPerson: 0,
    secondPerson: 0,
    negations: 0,
    numbers: 0,
    numberRanges: 0,
    percents: 0,
    money: 0,
    units: 0,
    urls: 0,
    footnotes: 0,
    citations: 0,
    years: 0,
    question: 0,
    rhetoricalQuestion: 0,
    exclamation: 0,
    modalVerb: 0,
    imperative: 0,
    hasVerb: 0,
    agreement: 0,
    disagreement: 0,
    concession: 0,
    position: 0,
    isFirst: 0,
    isLast: 0,
    firstParagraph: 0,
    lastParagraph: 0,
    isReply: 0,
  };
}

export interface SegmentSignals {
  /**
   * Names of the signals that fired, sorted and unique: categories (`reason-marker`,
   * `evidence-cue`, `hedge`, `money`, `url`, `question`, …) and the discourse markers themselves
   * (`marker:because`, `marker:for example`), and `opens:<role>` when a marker opens the segment
   * (`opens:reason`, `opens:conclusion`, `opens:contrast`, …).
   */
  signals: string[];
  features: Features;
  /** Discourse markers found, with their role, for the relation stage. */
  markers: { role: MarkerRole; phrase: string; atStart: boolean }[];
}

/** Signals of a segment's text and tokens alone (position features are 0, no position signals). */
export type ContentSignals = SegmentSignals;

export type MarkerRole =
  | "claim"
  | "deontic"
  | "conclusion"
  | "thesis"
  | "reason"
  | "forward-reason"
  | "example"
  | "addition"
  | "contrast";

const NEGATIONS = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "none",
  "nobody",
  "nowhere",
  "neither",
  "nor",
  "without",
  "cannot",
]);
const SECOND_PERSON = new Set(["you", "your", "yours", "yourself", "you're", "u"]);
const FIRST_PERSON = new Set(["i", "me", "my", "mine", "myself", "we", "us", "our"]);
const NEGATED_AUX_START =
  /^(?:is|are|was|were|do|does|did|would|could|should|can|wo|has|have|had)n't\b|^(?:can|will|would)\s+not\b/;

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+\.\S+/gi;
const FOOTNOTE_RE = /\[\d{1,3}\]|\[\^\w+\]|(?<=\w)\^\d{1,3}\b/g;
const CITATION_RE =
  /\((?:[A-Z][\p{L}'-]+(?:\s+(?:et al\.?|and|&)\s*(?:[A-Z][\p{L}'-]+)?)?,?\s+)?(?:1[89]|20)\d\d[a-z]?(?:[,;:]\s*(?:p+\.\s*)?\d+(?:[-–]\d+)?)?\)|\bet al\.|\bdoi:\s*\S+|\bibid\./gu;
const YEAR_RE = /\b(?:1[89]\d\d|20\d\d)s?\b/g;
const PERCENT_RE = /\d(?:[\d,.]*\d)?\s?(?:%|percent\b|per\s+cent\b|pct\b|percentage points?\b)/gi;
const RANGE_RE = /(?<![\w.])\$?\d+(?:[.,]\d+)?\s?(?:-|–|—|to)\s?\$?\d+(?:[.,]\d+)?(?![\w.]*\d)/g;
const NUMBER_RE = /(?<![\p{L}\d])\d+(?:[.,]\d+)*(?:\.\d+)?/gu;
const MONEY_SYMBOL_RE =
  /[$€£¥₹₩]\s?\d[\d,.]*\s?(?:[kmbt]n?\b|bn\b|million\b|billion\b|trillion\b|thousand\b)?|\d[\d,.]*\s?(?:[kmbt]n?|bn)?\s?[$€£¥₹₩]/gi;

/** Number of matches of a global regex (empty matches count once, like `matchAll`). */
function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    n++;
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return n;
}

/** Text before `m` holds only leading punctuation and at most a conjunction. */
function atStart(normalized: string, m: PhraseMatch): boolean {
  return /^[\s*_"(>~•–—,-]*(?:(?:and|but|or|so|and also|but also)\s*,?\s+)?$/u.test(
    normalized.slice(0, m.start),
  );
}

function matches(
  set: PhraseSet,
  norm: string,
  startOnly?: ReadonlySet<string>,
): { phrase: string; atStart: boolean }[] {
  return set
    .find(norm)
    .map((m) => ({ phrase: m.phrase, atStart: atStart(norm, m) }))
    .filter((m) => !startOnly?.has(m.phrase) || m.atStart);
}

function countNumbers(
  text: string,
  tokens: readonly Token[],
  digits: boolean,
): { numbers: number; units: number; money: number } {
  let units = 0;
  let money = digits ? count(MONEY_SYMBOL_RE, text) : 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "number" && !/^\d/.test(t.value)) continue;
    // "10x", "5km": unit glued to the number.
    const glued = /^\d[\d,.]*([a-z°%/]+)$/i.exec(t.value)?.[1]?.toLowerCase();
    const next = tokens[i + 1]?.normal;
    if ((glued && stanceWords.units.has(glued)) || (next !== undefined && stanceWords.units.has(next)))
      units++;
    if (next !== undefined && stanceWords.currencies.has(next) && next !== "$") money++;
    const prev = tokens[i - 1]?.normal;
    if (prev !== undefined && stanceWords.currencies.has(prev) && !/[$€£¥₹₩]/.test(prev)) money++;
  }
  // Footnote markers, list numbers and years are numbers too but say little: count the rest.
  const numbers = digits ? count(NUMBER_RE, text.replace(FOOTNOTE_RE, " ").replace(URL_RE, " ")) : 0;
  return { numbers, units, money };
}

function firstPersonStance(tokens: readonly Token[]): number {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (!stanceWords.pronouns.has(tokens[i]!.normal)) continue;
    for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.pos === "VERB" && stanceWords.verbs.has(t.lemma)) {
        n++;
        break;
      }
      if (t.pos !== "AUX" && t.pos !== "ADV" && t.pos !== "PART") break;
    }
  }
  return n;
}

function modalVerb(tokens: readonly Token[]): number {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      t.pos !== "AUX" ||
      !(stanceWords.modals.has(t.normal) || stanceWords.modals.has(t.value.toLowerCase()))
    )
      continue;
    for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
      const u = tokens[k]!;
      if (u.pos === "VERB" || u.pos === "AUX") {
        n++;
        break;
      }
      if (u.pos !== "ADV" && u.pos !== "PART") break;
    }
  }
  return n;
}

function isImperative(tokens: readonly Token[], question: boolean): boolean {
  if (question) return false;
  let i = 0;
  while (
    i < tokens.length &&
    (tokens[i]!.type === "punctuation" || ["please", "just", "so", "and", "now"].includes(tokens[i]!.normal))
  )
    i++;
  const first = tokens[i];
  if (!first) return false;
  if (first.normal === "do" && tokens[i + 1]?.normal === "not") return true; // "Don't …"
  if (first.normal === "let" && ["'s", "us"].includes(tokens[i + 1]?.normal ?? "")) return true;
  if (first.pos !== "VERB") return false;
  // A base form (not "-ing"/"-ed"/"-s") with a capitalised or sentence-initial surface.
  return first.normal === first.lemma && !/(?:ing|ed)$/.test(first.normal);
}

function comparatives(tokens: readonly Token[], norm: string): number {
  let n = phraseSets.comparatives.find(norm).length;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      (t.pos === "ADJ" || t.pos === "ADV") &&
      t.normal.length > 4 &&
      /(?:er|est)$/.test(t.normal) &&
      t.lemma !== t.normal
    )
      n++;
    else if (
      ["more", "less", "most", "least"].includes(t.normal) &&
      ["ADJ", "ADV"].includes(tokens[i + 1]?.pos ?? "")
    )
      n++;
  }
  return n;
}

/**
 * The signals of one segment: discourse markers (claim, reason, conclusion, example, contrast),
 * modality (hedges, boosters, modal + verb), evaluative and comparative language, first-person
 * stance, negation, questions, imperatives, numbers, number ranges, units, money, percentages,
 * URLs, footnote markers, citations, years, agreement/disagreement openers and position.
 *
 * @example
 * const s = segmentSignals({ text: "Prices rose 3% because of tariffs [1].", tokens, context });
 * s.signals; // [..., "footnote", "marker:because", "percent", "reason-marker", ...]
 * s.features.percents; // 1
 */
export function segmentSignals(input: SignalInput): SegmentSignals {
  return withContext(contentSignals(input.text, input.tokens), input.context);
}

/**
 * The position-independent part of `segmentSignals`: everything that depends only on the text and
 * its tokens. Compute it once per segment and combine it with each context by `withContext`.
 *
 * @example
 * const content = contentSignals(text, tokens);
 * withContext(content, context); // deep-equals segmentSignals({ text, tokens, context })
 */
export function contentSignals(text: string, tokens: readonly Token[]): ContentSignals {
  const norm = normalizeText(text);
  const signals = new Set<string>();
  const markers: SegmentSignals["markers"] = [];
  const words = tokens.filter((t) => t.type === "word").length;

  const addMarkers = (role: MarkerRole, found: { phrase: string; atStart: boolean }[], category: string) => {
    for (const m of found) {
      markers.push({ role, ...m });
      signals.add(`marker:${m.phrase}`);
    }
    if (found.length > 0) signals.add(category);
    if (found.some((m) => m.atStart)) signals.add(`opens:${role}`);
    return found.length;
  };

  const f = emptyFeatures();
  f.tokens = tokens.length;
  f.words = words;

  f.claimStance = addMarkers(
    "claim",
    matches(phraseSets.claimStance, norm, phraseSets.claimStartOnly),
    "claim-marker",
  );
  f.deontic = addMarkers("deontic", matches(phraseSets.deontic, norm), "deontic");
  f.conclusion = addMarkers(
    "conclusion",
    matches(phraseSets.conclusion, norm, phraseSets.claimStartOnly).filter(
      (m) => m.atStart || m.phrase !== "so",
    ),
    "conclusion-marker",
  );
  f.thesis = addMarkers("thesis", matches(phraseSets.thesis, norm), "thesis-marker");
  f.reason = addMarkers(
    "reason",
    matches(phraseSets.backward, norm, phraseSets.premiseStartOnly),
    "reason-marker",
  );
  f.forwardReason = addMarkers(
    "forward-reason",
    matches(phraseSets.forward, norm, phraseSets.premiseStartOnly).filter((m) => m.atStart),
    "forward-reason-marker",
  );
  f.example = addMarkers(
    "example",
    matches(phraseSets.example, norm, phraseSets.premiseStartOnly),
    "example-marker",
  );
  f.addition = addMarkers(
    "addition",
    matches(phraseSets.addition, norm, phraseSets.premiseStartOnly).filter((m) => m.atStart),
    "addition-marker",
  );
  const contrast = [
    ...matches(phraseSets.contrastAnywhere, norm).filter((m) => m.atStart),
    ...matches(phraseSets.contrastInitial, norm).filter((m) => m.atStart),
  ];
  f.contrast = addMarkers("contrast", contrast, "contrast-marker");

  const flag = (name: string, n: number) => {
    if (n > 0) signals.add(name);
    return n;
  };
  f.evidenceSource = flag("evidence:source", phraseSets.evidenceSource.find(norm).length);
  f.research = flag("evidence:research", phraseSets.research.find(norm).length);
  f.testimony = flag("evidence:testimony", phraseSets.testimony.find(norm).length);
  if (f.evidenceSource + f.research + f.testimony > 0) signals.add("evidence-cue");
  f.hedges = flag("hedge", phraseSets.hedges.find(norm).length);
  f.boosters = flag("booster", phraseSets.boosters.find(norm).length);
  f.evaluativePositive = phraseSets.positive.find(norm).length;
  f.evaluativeNegative = phraseSets.negative.find(norm).length;
  flag("evaluative", f.evaluativePositive + f.evaluativeNegative);
  f.comparatives = flag("comparative", comparatives(tokens, norm));
  f.firstPersonStance = flag(
    "first-person-stance",
    firstPersonStance(tokens) + phraseSets.stancePhrases.find(norm).length,
  );
  f.firstPerson = tokens.filter((t) => FIRST_PERSON.has(t.normal)).length;
  f.secondPerson = flag("second-person", tokens.filter((t) => SECOND_PERSON.has(t.normal)).length);
  f.negations = flag("negation", tokens.filter((t) => NEGATIONS.has(t.normal)).length);

  // Money, numbers, percentages, ranges and years all need an ASCII digit.
  const digits = /\d/.test(text);
  const withoutUrls = digits ? text.replace(URL_RE, " ") : "";
  const nums = countNumbers(text, tokens, digits);
  f.numbers = flag("number", nums.numbers);
  f.units = flag("unit", nums.units);
  f.money = flag("money", nums.money);
  f.percents = flag("percent", digits ? count(PERCENT_RE, text) : 0);
  f.numberRanges = flag("number-range", digits ? count(RANGE_RE, withoutUrls) : 0);
  f.urls = flag("url", Math.max(count(URL_RE, text), tokens.filter((t) => t.type === "url").length));
  f.footnotes = flag("footnote", count(FOOTNOTE_RE, text));
  f.citations = flag("citation", count(CITATION_RE, text));
  f.years = flag("year", digits ? count(YEAR_RE, withoutUrls) : 0);

  const trimmed = text.trim();
  f.question = flag("question", /\?["')\]”’]*$/.test(trimmed) ? 1 : 0);
  f.rhetoricalQuestion = flag(
    "rhetorical-question",
    f.question && (phraseSets.rhetorical.has(norm) || NEGATED_AUX_START.test(norm.replace(/^[\s*_"(]+/, "")))
      ? 1
      : 0,
  );
  f.exclamation = flag("exclamation", /!["')\]”’]*$/.test(trimmed) ? 1 : 0);
  f.modalVerb = flag("modal-verb", modalVerb(tokens));
  f.imperative = flag("imperative", isImperative(tokens, f.question === 1) ? 1 : 0);
  f.hasVerb = tokens.some((t) => t.pos === "VERB" || t.pos === "AUX") ? 1 : 0;
  if (!f.hasVerb) signals.add("no-verb");
  if (words <= 3) signals.add("short");

  f.agreement = flag(
    "agreement",
    phraseSets.agreeStartStrong.findAtStart(norm) || phraseSets.agreeStartWeak.findAtStart(norm) ? 1 : 0,
  );
  f.disagreement = flag(
    "disagreement",
    phraseSets.disagreeStartStrong.findAtStart(norm) || phraseSets.disagreeAnyStrong.has(norm) ? 1 : 0,
  );
  f.concession = flag(
    "concession",
    phraseSets.concede.findAtStart(norm) && phraseSets.contrastAnywhere.has(norm) ? 1 : 0,
  );

  return { signals: [...signals].sort(), features: f, markers };
}

/**
 * Signals of a segment at a position: the content signals plus position, paragraph and reply
 * signals. Does not change `content`.
 * @example withContext(contentSignals(text, tokens), { indexInPost: 0, postLength: 2, paragraphIndex: 0, paragraphCount: 1, isReply: false })
 */
export function withContext(content: ContentSignals, context: SignalContext): SegmentSignals {
  const f: Features = { ...content.features };
  const signals: string[] = [];
  const flag = (name: string, n: number) => {
    if (n > 0) signals.push(name);
    return n;
  };
  const { indexInPost, postLength, paragraphIndex, paragraphCount } = context;
  f.position = postLength > 1 ? indexInPost / (postLength - 1) : 0;
  f.isFirst = flag("position:first", indexInPost === 0 ? 1 : 0);
  f.isLast = flag("position:last", postLength > 1 && indexInPost === postLength - 1 ? 1 : 0);
  f.firstParagraph = flag("paragraph:first", paragraphIndex === 0 && paragraphCount > 1 ? 1 : 0);
  f.lastParagraph = flag(
    "paragraph:last",
    paragraphCount > 1 && paragraphIndex === paragraphCount - 1 ? 1 : 0,
  );
  f.isReply = context.isReply ? 1 : 0;
  signals.push(context.isReply ? "reply" : "root");

  return { signals: mergeSorted(content.signals, signals), features: f, markers: content.markers };
}

/** Sorted union of a sorted unique list and a few more names. */
function mergeSorted(sorted: readonly string[], more: string[]): string[] {
  if (more.length === 0) return [...sorted];
  const out = new Set(sorted);
  for (const m of more) out.add(m);
  return [...out].sort();
}
