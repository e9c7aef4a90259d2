/**
 * Offline language detection of a source's text with franc-min (trigram profiles of 82
 * languages, no network, no model download). The text is sampled (a budget of characters taken
 * evenly across it, URLs and code-like tokens left out) so a long source costs the same as a short
 * one. A source is called non-English only when English is clearly not among the best guesses:
 * mislabelling an English thread would warn people for nothing.
 */
import { francAll } from "franc-min";

/** Characters of a text that are looked at, taken in `SAMPLE_PARTS` evenly spaced pieces. */
export const LANGUAGE_SAMPLE_CHARS = 6000;
const SAMPLE_PARTS = 6;
/** Fewer letters than this: too little to tell, no language is claimed. */
export const MIN_LANGUAGE_LETTERS = 60;
/** English within this fraction of the best score counts as a tie, and English wins it. */
const ENGLISH_MARGIN = 0.98;

export interface DetectedLanguage {
  /** ISO 639-3 code, e.g. `deu`. */
  code: string;
  /** English name, e.g. `German`. */
  name: string;
}

const displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** The English name of an ISO 639-3 code (`deu` → `German`), else the code itself. */
export function languageName(code: string): string {
  try {
    return displayNames.of(code) ?? code;
  } catch {
    // A code Intl does not take as a language tag: the code is the best name there is.
    return code;
  }
}

/** An even sample of the text, URLs, e-mail addresses and markup-like tokens removed. */
function sampleOf(text: string): string {
  const parts: string[] = [];
  const piece = Math.ceil(LANGUAGE_SAMPLE_CHARS / SAMPLE_PARTS);
  if (text.length <= LANGUAGE_SAMPLE_CHARS) parts.push(text);
  else
    for (let i = 0; i < SAMPLE_PARTS; i++) {
      const start = Math.floor(((text.length - piece) * i) / (SAMPLE_PARTS - 1));
      parts.push(text.slice(start, start + piece));
    }
  return parts
    .join(" ")
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ")
    .replace(/\S+@\S+/g, " ")
    .replace(/\S*[<>{}[\]=_/\\|#$%^*~`]\S*/g, " ");
}

/**
 * The language a text is written in, or `undefined` when it is too short to tell.
 *
 * @example detectLanguage("Die Regierung sollte den Ausbau der Bahn beschleunigen, weil …")?.name // "German"
 */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  const sample = sampleOf(text);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LANGUAGE_LETTERS) return undefined;
  const ranked = francAll(sample, { minLength: MIN_LANGUAGE_LETTERS });
  const best = ranked[0];
  if (!best || best[0] === "und") return undefined;
  const english = ranked.find(([code]) => code === "eng");
  const code = english && english[1] >= best[1] * ENGLISH_MARGIN ? "eng" : best[0];
  return { code, name: languageName(code) };
}
