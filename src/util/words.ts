/**
 * Light text helpers shared by the classic models and key point analysis: a GloVe-compatible word tokenizer for raw
 * strings and a small English stop-word list. Lemmas and POS come from the repo segmenter.
 */

/**
 * Lower-cased word tokens, split the way GloVe's vocabulary expects ("don't" → "do", "n't").
 * @example tokenizeWords("Don't ban it!") // ["do", "n't", "ban", "it"]
 */
export function tokenizeWords(text: string): string[] {
  const out: string[] = [];
  const re = /[a-z0-9]+(?:[-'’.][a-z0-9]+)*/g;
  for (const m of text.toLowerCase().matchAll(re)) {
    const w = m[0].replace(/’/g, "'");
    const nt = /^(.+)n't$/.exec(w);
    if (nt) {
      out.push(nt[1] === "ca" ? "can" : nt[1] === "wo" ? "will" : nt[1]!, "n't");
      continue;
    }
    const clitic = /^(.+)('s|'re|'ve|'ll|'d|'m)$/.exec(w);
    if (clitic) {
      out.push(clitic[1]!, clitic[2]!);
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Function words that carry little content for overlap and similarity features. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then else of to in on at by for with from as into about over under than " +
    "is are was were be been being am do does did doing have has had having will would shall should can could may might must " +
    "i me my we our us you your he him his she her it its they them their this that these those there here " +
    "what which who whom whose when where why how all any both each few more most other some such own same so too very " +
    "just also only even s 's n't not no nor t 're 've 'll 'd 'm up down out off again further once because while " +
    "get gets got one ones thing things people person lot lots"
  ).split(/\s+/),
);

/** Negation cues (surface forms, lower-case). */
export const NEGATIONS: ReadonlySet<string> = new Set(
  "not n't no never none nobody nothing neither nor cannot without against lack lacks".split(" "),
);

/** General nouns and hedges that name no content of their own ("The reason is …", "the same way", "really"). */
export const SHELL_NOUNS: ReadonlySet<string> = new Set(
  (
    "reason point fact thing things problem issue idea case answer question matter way stuff part kind sort " +
    "argument arguments claim claims view views opinion opinions " +
    "lot deal something anything everything nothing someone anyone everyone nobody really actually definitely " +
    "obviously simply clearly certainly surely quite rather pretty well yes no okay ok"
  ).split(" "),
);

/**
 * Verbs of saying, thinking and feeling and the hedges around them: they frame a statement
 * ("I feel …", "You know …", "Think of it like …") without saying what it is about.
 */
export const FRAMING_WORDS: ReadonlySet<string> = new Set(
  (
    "feel feels felt think thinks thought know knows knew say says said guess mean means meant like likes " +
    "want wants wanted see sees saw seem seems seemed look looks looked tell tells told believe believes " +
    "already still maybe probably perhaps anyway though now ever always never"
  ).split(" "),
);

/**
 * Words that say what a text is about: not function words, negations, general nouns or framing verbs.
 * @example substantiveWords("I feel the same way.") // []
 * @example substantiveWords("Uniforms reduce bullying") // ["uniforms", "reduce", "bullying"]
 */
export function substantiveWords(text: string): string[] {
  return tokenizeWords(text).filter(
    (w) =>
      /\p{L}/u.test(w) &&
      w.length > 1 &&
      !STOPWORDS.has(w) &&
      !NEGATIONS.has(w) &&
      !SHELL_NOUNS.has(w) &&
      !FRAMING_WORDS.has(w) &&
      !/n't$/.test(w),
  );
}
