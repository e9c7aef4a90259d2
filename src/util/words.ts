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
