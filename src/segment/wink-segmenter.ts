/**
 * The default Segmenter: wink-nlp (tokens, sentence boundaries, POS, negation) over paragraphs.
 * wink-nlp is lossless (token values plus preceding spaces rebuild the text), which is what lets
 * us compute exact character offsets without searching.
 *
 * One wink-nlp instance per process. Its model is read once (each load costs ≈80 ms, and the
 * model's entity loader re-serialises its data on every load, doubling memory per load), and it
 * is shared read-only. What wink learns while reading — out-of-vocabulary words added to its
 * lexicon, which change later tokenisation ("else's" stays whole once seen) — is isolated per
 * document: see `LexiconScope`.
 */
import { createRequire } from "node:module";
import type winkNLP from "wink-nlp";
import type { Span } from "../model/index.js";
import { findLongTokens } from "./long-tokens.js";
import type { Segmenter } from "./segmenter.js";
import type { Token, TokenizedSpan } from "./tokens.js";
import { loadWinkModel, type WinkModel } from "./wink-model.js";

type Nlp = ReturnType<typeof winkNLP>;

/** The parts of wink-nlp's internal lexicon cache that decide which words count as known. */
interface WinkCache {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
  intrinsicSize(): number;
}

/**
 * Per-document view of wink's lexicon. wink appends every out-of-vocabulary word it reads to one
 * process-wide lexicon, and its tokenizer keeps a word whole when it finds it there. A word that
 * entered the lexicon in an earlier document is hidden from the tokenizer until the current
 * document adds it again, so each document tokenises exactly as with a fresh instance. The entry
 * itself is reused (its features depend only on its text), so memory grows with the distinct
 * vocabulary of the process, not with the number of documents.
 */
class LexiconScope {
  private readonly visible = new Set<number>();
  private readonly intrinsic: number;
  private adding = false;
  /** Words wink has learned since it was created (they stay in its lexicon for good). */
  learned = 0;

  constructor(cache: WinkCache) {
    this.intrinsic = cache.intrinsicSize();
    const lookup = cache.lookup.bind(cache);
    const add = cache.add.bind(cache);
    cache.lookup = (text) => {
      const found = lookup(text);
      // Only the tokenizer's question "is this a known word?" is scoped; the model's feature
      // functions look words up while wink adds one, and must see the whole lexicon.
      if (this.adding || found?.length !== 1) return found;
      return found[0]! >= this.intrinsic && !this.visible.has(found[0]!) ? null : found;
    };
    cache.add = (text, category) => {
      this.adding = true;
      let index: number;
      try {
        index = add(text, category);
      } finally {
        this.adding = false;
      }
      if (index >= this.intrinsic + this.learned) this.learned = index - this.intrinsic + 1;
      this.visible.add(index);
      // wink adds the lower-cased form alongside; a fresh instance would find it too.
      const lower = text.toLowerCase();
      if (lower !== text) {
        const normal = lookup(lower);
        if (normal?.length === 1) this.visible.add(normal[0]!);
      }
      return index;
    };
  }

  /** Forget which learned words the current document has seen. */
  reset(): void {
    this.visible.clear();
  }
}

/** Words no model knows, read once at start-up so wink hands its cache to a feature function. */
const PROBE = "qzxargmapprobe";

// wink-nlp and its model (≈100 modules, ≈60 ms to evaluate before the ≈80 ms model read) load on
// the first segmentation, not when the pipeline is imported (`argmap add` of an unchanged file,
// `argmap export` from stored analyses never segment). Both are CommonJS packages.
const requireModule = createRequire(import.meta.url);

function createNlp(): { nlp: Nlp; scope: LexiconScope } {
  const createWink = requireModule("wink-nlp") as typeof winkNLP;
  const model = loadWinkModel();
  let cache: WinkCache | undefined;
  const featureFn = (config: unknown) => {
    const features = (model.featureFn as (c: unknown) => Record<string, unknown>)(config);
    const wrapped: Record<string, unknown> = { ...features };
    for (const [name, fn] of Object.entries(features)) {
      if (typeof fn !== "function") continue;
      wrapped[name] = (text: string, category: number, owner: WinkCache) => {
        cache ??= owner;
        return (fn as (t: string, c: number, o: WinkCache) => unknown)(text, category, owner);
      };
    }
    return wrapped;
  };
  const nlp = createWink({ ...model, featureFn } as WinkModel, ["sbd", "negation", "pos"]);
  nlp.readDoc(PROBE);
  if (!cache) throw new Error("wink-nlp did not expose its lexicon cache (unsupported wink-nlp version)");
  return { nlp, scope: new LexiconScope(cache) };
}

let shared: { nlp: Nlp; scope: LexiconScope } | undefined;

/**
 * Learned words after which wink is created afresh (at the next document): its lexicon only grows,
 * ≈100–200 bytes a word, and a long stream of comments (numbers, names, links, typos) teaches it
 * millions. A new instance costs ≈0.1 s and reads the same model, and documents tokenise as with a
 * fresh instance anyway (`LexiconScope`), so the output does not change.
 */
export const MAX_LEARNED_WORDS = 200_000;

function getNlp(): Nlp {
  shared ??= createNlp();
  return shared.nlp;
}

/** Words the current wink instance has learned (see `MAX_LEARNED_WORDS`). */
export function learnedWords(): number {
  return shared?.scope.learned ?? 0;
}

/** Stands in for an over-long run in the text wink reads: one plain word. */
const PLACEHOLDER = "longtoken";

/** Split a text range into blocks that never share a sentence: paragraphs, list items, headings. */
export function splitBlocks(text: string, range: Span): Span[] {
  const blocks: Span[] = [];
  const lineBreak = /\r?\n|\r/g;
  lineBreak.lastIndex = range[0];
  let start = range[0];
  const push = (end: number) => {
    if (/\S/.test(text.slice(start, end))) blocks.push([start, end]);
  };
  for (let m = lineBreak.exec(text); m && m.index < range[1]; m = lineBreak.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const line = text.slice(Math.max(lineStart, range[0]), m.index);
    const nextEnd = text.indexOf("\n", m.index + m[0].length);
    const next = text.slice(m.index + m[0].length, nextEnd < 0 || nextEnd > range[1] ? range[1] : nextEnd);
    if (startsNewBlock(line, next)) {
      push(m.index);
      start = m.index + m[0].length;
    }
  }
  push(range[1]);
  return blocks;
}

const LIST_OR_HEADING = /^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#{1,6}\s|>|\[\d+\]|```|\|)/;

function startsNewBlock(line: string, next: string): boolean {
  if (!/\S/.test(line) || !/\S/.test(next)) return true; // blank line: paragraph break
  if (LIST_OR_HEADING.test(next) || LIST_OR_HEADING.test(line)) return true;
  // A line that ends a sentence (or introduces a list) closes the block; hard-wrapped prose does not.
  return /[.!?:;)"'”’]\s*$/.test(line) || line.trim().length < 40;
}

/** One over-long run replaced by `PLACEHOLDER` in the text wink reads. */
interface Replacement {
  /** Where the placeholder starts in wink's input. */
  at: number;
  /** The run in the whole text. */
  span: Span;
}

/**
 * Whitespace that wink-nlp drops instead of counting: its splitter knows only some spaces, and
 * the rest (`\s` in a JS regex: vertical tab, form feed, U+1680, U+2000–2001, U+2006–2008, the
 * line and paragraph separators, U+3000, U+FEFF) vanish from both token values and preceding
 * spaces, so offsets computed from them drift. Found by probing every code point in
 * `a C b.`, `a.C b`, `Cx`; each is one UTF-16 unit, so a plain space keeps every offset.
 */
const WINK_DROPPED_SPACE = /[\v\f\u1680\u2000\u2001\u2006-\u2008\u2028\u2029\u3000\ufeff]/g;

/**
 * Text nobody can see: whitespace, format characters (zero-width spaces and joiners, bidi
 * controls, soft hyphen, U+FEFF) and the other default-ignorable code points (variation
 * selectors, Hangul fillers, the combining grapheme joiner). A token made only
 * of these is not a word, and no sentence consists of them.
 */
export const INVISIBLE_ONLY = /^[\s\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

/** The block as wink reads it: over-long runs replaced by a short placeholder word. */
function guardBlock(text: string, block: Span): { input: string; replacements: Replacement[] } {
  const { input, replacements } = replaceLongRuns(text, block);
  return { input: input.replace(WINK_DROPPED_SPACE, " "), replacements };
}

function replaceLongRuns(text: string, block: Span): { input: string; replacements: Replacement[] } {
  const runs = findLongTokens(text, block);
  if (runs.length === 0) return { input: text.slice(block[0], block[1]), replacements: [] };
  const parts: string[] = [];
  const replacements: Replacement[] = [];
  let from = block[0];
  let length = 0;
  for (const run of runs) {
    const before = text.slice(from, run[0]);
    parts.push(before, PLACEHOLDER);
    length += before.length;
    replacements.push({ at: length, span: run });
    length += PLACEHOLDER.length;
    from = run[1];
  }
  parts.push(text.slice(from, block[1]));
  return { input: parts.join(""), replacements };
}

/** Tokenize one block and cut it into sentences, offsets relative to the whole text. */
function sentencesOfBlock(text: string, block: Span): TokenizedSpan[] {
  const nlp = getNlp();
  const { input, replacements } = guardBlock(text, block);
  const doc = nlp.readDoc(input);
  const its = nlp.its;
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const types = tokens.out(its.type) as string[];
  const pos = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as never) as unknown as string[];
  const normals = tokens.out(its.normal) as string[];
  const negations = tokens.out(its.negationFlag) as unknown as boolean[];

  const all: Token[] = [];
  // End offset (in the whole text) of every wink token, whitespace tokens included.
  const tokenEnds = new Array<number>(values.length);
  let at = 0; // offset in wink's input
  let shift = block[0]; // whole-text offset minus input offset
  let r = 0; // next replacement
  for (let i = 0; i < values.length; i++) {
    at += (spaces[i] ?? "").length;
    let value = values[i] ?? "";
    if (!input.startsWith(value, at)) {
      // wink dropped or rewrote something we did not normalise: never guess an offset.
      throw new Error(
        `wink-nlp token ${JSON.stringify(value)} is not at offset ${at}; offsets would be wrong`,
      );
    }
    let start = at + shift;
    at += value.length;
    const replaced = replacements[r];
    if (replaced && replaced.at === at - value.length && value === PLACEHOLDER) {
      r++;
      start = replaced.span[0];
      value = text.slice(replaced.span[0], replaced.span[1]);
      shift += value.length - PLACEHOLDER.length;
      tokenEnds[i] = replaced.span[1];
      all.push({
        start,
        end: replaced.span[1],
        value,
        normal: value,
        lemma: value,
        pos: "X",
        type: "word",
        negated: false,
      });
      continue;
    }
    tokenEnds[i] = at + shift;
    const type = types[i] ?? "word";
    if (type === "tabCRLF" || INVISIBLE_ONLY.test(value)) continue;
    all.push({
      start,
      end: at + shift,
      value,
      normal: normals[i] ?? value.toLowerCase(),
      lemma: (lemmas[i] ?? value).toLowerCase(),
      pos: pos[i] ?? "X",
      type,
      negated: negations[i] === true,
    });
  }
  if (r !== replacements.length)
    throw new Error("wink-nlp split a placeholder token; offsets would be wrong");
  const out: TokenizedSpan[] = [];
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  // Map wink token indices (which include whitespace tokens) to our filtered tokens by offset.
  let next = 0;
  for (const [, last] of spans) {
    const e = tokenEnds[last] ?? block[0];
    const first = next;
    while (next < all.length && all[next]!.end <= e) next++;
    if (next === first) continue;
    const sentenceTokens = all.slice(first, next);
    const previous = out[out.length - 1];
    if (previous && closesBracketOf(previous.tokens, sentenceTokens)) {
      previous.tokens.push(...sentenceTokens);
      previous.span = [previous.span[0], sentenceTokens[sentenceTokens.length - 1]!.end];
      continue;
    }
    out.push({
      span: [sentenceTokens[0]!.start, sentenceTokens[sentenceTokens.length - 1]!.end],
      tokens: sentenceTokens,
    });
  }
  return out;
}

/** How far into the next sentence a closing bracket still belongs to an aside ("(somehow? I doubt)"). */
const ASIDE_TOKENS = 12;

/**
 * Whether wink cut a sentence inside a bracketed aside: `before` leaves a "(" open and `after`
 * closes it within a few tokens. "if AI (somehow? I doubt) doesn't pay off" is one sentence.
 */
export function closesBracketOf(before: readonly Token[], after: readonly Token[]): boolean {
  let open = 0;
  for (const t of before) {
    if (t.value === "(") open++;
    else if (t.value === ")" && open > 0) open--;
  }
  if (open === 0) return false;
  const end = Math.min(after.length, ASIDE_TOKENS);
  for (let i = 0; i < end; i++) {
    if (after[i]!.value === "(") return false;
    if (after[i]!.value === ")") return true;
  }
  return false;
}

/** wink-nlp sentences over paragraph blocks. */
export const winkSegmenter: Segmenter = {
  name: "wink-nlp",
  // Words wink learned from earlier documents are hidden again (see `LexiconScope`), so every
  // source segments the same whatever was read before it, without reloading the model.
  beginDocument() {
    if (shared && shared.scope.learned > MAX_LEARNED_WORDS) shared = undefined;
    shared?.scope.reset();
  },
  sentences(text: string, range: Span): TokenizedSpan[] {
    const out: TokenizedSpan[] = [];
    for (const block of splitBlocks(text, range)) {
      for (const sentence of sentencesOfBlock(text, block)) out.push(sentence);
    }
    return out;
  },
};
