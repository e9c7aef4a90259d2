import { describe, expect, it } from "vitest";
import { ArgmapError } from "../model/index.js";
import { MAX_QUERY_CHARS, MAX_QUERY_WORDS, parseSearchQuery } from "./query.js";

const w = (...words: string[]) => ({ words, prefix: false });
const p = (...words: string[]) => ({ words, prefix: true });

function usageError(query: string): ArgmapError {
  try {
    parseSearchQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ArgmapError);
    expect((error as ArgmapError).code).toBe("USAGE");
    expect((error as ArgmapError).isUserError).toBe(true);
    return error as ArgmapError;
  }
  throw new Error(`expected '${query.slice(0, 40)}' to be refused`);
}

describe("parseSearchQuery", () => {
  it("requires every word, lower-cased", () => {
    expect(parseSearchQuery("Nuclear WASTE")).toEqual({ all: [[w("nuclear")], [w("waste")]], none: [] });
  });

  it("reads a quoted phrase as consecutive words and ignores an unmatched quote", () => {
    expect(parseSearchQuery('"base load" power')).toEqual({
      all: [[w("base", "load")], [w("power")]],
      none: [],
    });
    expect(parseSearchQuery('nuclear "waste')).toEqual({ all: [[w("nuclear")], [w("waste")]], none: [] });
  });

  it("matches a word ending in * as a prefix, but not inside quotes", () => {
    expect(parseSearchQuery("renew* grid")).toEqual({ all: [[p("renew")], [w("grid")]], none: [] });
    expect(parseSearchQuery('"renew*"')).toEqual({ all: [[w("renew")]], none: [] });
    expect(parseSearchQuery("*")).toBeUndefined();
  });

  it("binds OR tighter than the implicit AND, and reads a stray OR as the word 'or'", () => {
    expect(parseSearchQuery("nuclear waste OR storage")).toEqual({
      all: [[w("nuclear")], [w("waste"), w("storage")]],
      none: [],
    });
    expect(parseSearchQuery("a OR b OR c")).toEqual({ all: [[w("a"), w("b"), w("c")]], none: [] });
    expect(parseSearchQuery("OR waste")).toEqual({ all: [[w("or")], [w("waste")]], none: [] });
    expect(parseSearchQuery("waste or storage")).toEqual({
      all: [[w("waste")], [w("or")], [w("storage")]],
      none: [],
    });
    expect(parseSearchQuery("waste OR -storage")).toEqual({
      all: [[w("waste")], [w("or")]],
      none: [w("storage")],
    });
  });

  it("leaves out excluded words and phrases, and refuses a query that only excludes", () => {
    expect(parseSearchQuery('nuclear -fusion -"cold war"')).toEqual({
      all: [[w("nuclear")]],
      none: [w("fusion"), w("cold", "war")],
    });
    expect(usageError("-fusion -coal").message).toMatch(/only excludes/);
  });

  it("treats engine syntax as plain words: column filters, NEAR, AND, NOT, parentheses, carets", () => {
    expect(parseSearchQuery("text:nuclear")).toEqual({ all: [[w("text", "nuclear")]], none: [] });
    expect(parseSearchQuery("NEAR(a b, 3) AND NOT ^c +d")).toEqual({
      all: [[w("near", "a")], [w("b")], [w("3")], [w("and")], [w("not")], [w("c")], [w("d")]],
      none: [],
    });
    expect(parseSearchQuery("well-known U.S. policy")).toEqual({
      all: [[w("well", "known")], [w("u", "s")], [w("policy")]],
      none: [],
    });
    expect(parseSearchQuery('?! " ( ) -')).toBeUndefined();
  });

  it("refuses a query over the length and word budgets with a clear error", () => {
    expect(usageError("a".repeat(MAX_QUERY_CHARS + 1)).message).toContain(String(MAX_QUERY_CHARS));
    const many = Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, i) => `w${i}`).join(" ");
    expect(usageError(many).message).toContain(`${MAX_QUERY_WORDS + 1} words`);
    expect(parseSearchQuery(many.split(" ").slice(0, MAX_QUERY_WORDS).join(" "))?.all).toHaveLength(
      MAX_QUERY_WORDS,
    );
  });
});
