/**
 * The search query language every corpus store implements (see `CorpusStore.search`). A user's
 * query is parsed here, once, into a small tree; each store translates the tree into its own
 * engine's syntax (SQLite: an FTS5 expression; PostgreSQL: a `tsquery`). No user text ever
 * reaches a query engine as syntax, so no query can fail with an engine syntax error.
 *
 * What users may type:
 * - `word word` — every word must occur (any order, case and diacritics ignored; stores may stem);
 * - `"a phrase"` — these words, consecutively; an unmatched `"` is ignored;
 * - `prefix*` — any word starting with `prefix` (outside quotes only);
 * - `this OR that` — either (upper-case `OR` between two terms; binds tighter than the implicit
 *   AND, so `nuclear waste OR storage` means nuclear AND (waste OR storage)); elsewhere `OR` is
 *   the plain word "or";
 * - `-word`, `-"a phrase"` — leave out items containing it (a query of exclusions alone is refused);
 * - everything else is plain text: punctuation separates words, and a token whose words are
 *   joined by punctuation (`well-known`, `text:foo`, `U.S.`) is a phrase of those words.
 *   `AND`, `NOT`, `NEAR(…)`, parentheses, `^`, `+` and column filters have no special meaning.
 *
 * @example parseSearchQuery('nuclear "base load" OR renew* -coal')
 *   // → { all: [[{ words: ["nuclear"], prefix: false }],
 *   //           [{ words: ["base", "load"], prefix: false }, { words: ["renew"], prefix: true }]],
 *   //     none: [{ words: ["coal"], prefix: false }] }
 */
import { ArgmapError } from "../model/index.js";

/** Words that must occur consecutively; with `prefix`, the last one matches as a word prefix. */
export interface SearchTerm {
  words: string[];
  prefix: boolean;
}

/** A parsed query: every clause of `all` must match (a clause matches when any of its terms does), no term of `none` may. */
export interface SearchQuery {
  all: SearchTerm[][];
  none: SearchTerm[];
}

/** Longest query accepted, in characters. */
export const MAX_QUERY_CHARS = 1000;
/** Most words a query may hold (all terms together). */
export const MAX_QUERY_WORDS = 64;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** A token that ends in `*` right after a word character (trailing punctuation allowed). */
const PREFIX_END = /[\p{L}\p{N}\p{M}]\*+[^\p{L}\p{N}\p{M}]*$/u;

interface Token {
  term: SearchTerm;
  negated: boolean;
  /** The bare upper-case `OR`, an operator when it sits between two positive terms. */
  or: boolean;
}

function queryError(message: string): ArgmapError {
  return new ArgmapError(
    "USAGE",
    `${message}. Queries take words, "phrases", prefix*, a OR b and -exclusions.`,
    {
      input: "query",
    },
  );
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s/u.test(query[i]!)) i++;
    if (i >= n) break;
    let negated = false;
    if (query[i] === "-") {
      negated = true;
      i++;
    }
    let text: string;
    let quoted = false;
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) {
        i++; // an unmatched quote is ignored
        continue;
      }
      text = query.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else {
      let j = i;
      while (j < n && query[j] !== '"' && !/\s/u.test(query[j]!)) j++;
      text = query.slice(i, j);
      i = j;
    }
    const words = text.match(WORD);
    if (!words) continue;
    const or = !quoted && !negated && text === "OR";
    tokens.push({
      term: { words: words.map((w) => w.toLowerCase()), prefix: !quoted && PREFIX_END.test(text) },
      negated,
      or,
    });
  }
  return tokens;
}

/**
 * Parse a user's search query (syntax above). Returns `undefined` when it holds no word to search
 * for (a store then finds nothing); throws a `USAGE` error for a query that is too long or only
 * excludes.
 */
export function parseSearchQuery(query: string): SearchQuery | undefined {
  if (query.length > MAX_QUERY_CHARS) {
    throw queryError(`the search query is ${query.length} characters long; the most is ${MAX_QUERY_CHARS}`);
  }
  const tokens = tokenize(query);
  let wordCount = 0;
  for (const t of tokens) wordCount += t.term.words.length;
  if (wordCount > MAX_QUERY_WORDS) {
    throw queryError(`the search query has ${wordCount} words; the most is ${MAX_QUERY_WORDS}`);
  }
  const all: SearchTerm[][] = [];
  const none: SearchTerm[] = [];
  const positive = (t: Token | undefined) => t !== undefined && !t.negated;
  let joinNext = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.negated) {
      none.push(t.term);
      joinNext = false;
      continue;
    }
    // `OR` between two positive terms joins them; anywhere else it is the word "or".
    if (t.or && positive(tokens[k - 1]) && positive(tokens[k + 1]) && !tokens[k + 1]!.or && !joinNext) {
      joinNext = true;
      continue;
    }
    if (joinNext && all.length > 0) all[all.length - 1]!.push(t.term);
    else all.push([t.term]);
    joinNext = false;
  }
  if (all.length === 0) {
    if (none.length > 0)
      throw queryError(`the search query only excludes words; add a word or phrase to search for`);
    return undefined;
  }
  return { all, none };
}
