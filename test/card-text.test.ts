/**
 * Every text a card offers on its own — a thesis, a key claim, an objection or rebuttal, a crux
 * side, a key point name — is a complete
 * statement: it does not open with a connective ("So …", "Hence …") or an unresolved pronoun
 * ("That is …", "They …"), and a key point name is no question and at most 25 words. Scanned on
 * every fixture and example, and on the Reddit threads in ../shared when present.
 */
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mapSources } from "../src/api.js";
import { ANSWER_PREFIX, OBJECTION_PREFIX, toCards } from "../src/assemble/cards.js";
import { REFERS_TO_OBJECTION } from "../src/assemble/essay.js";
import { opensWithExpletiveIt } from "../src/assemble/sentences.js";
import { opensWithConnective, opensWithReference, wordCount } from "../src/util/statement.js";
import { isArgmapError, type ArgumentMap } from "../src/model/index.js";
import { repoRoot, sharedDir } from "./helpers.js";

function offeredTextProblems(map: ArgumentMap): string[] {
  const problems: string[] = [];
  const opening = (what: string, text: string) => {
    if (opensWithConnective(text)) problems.push(`${what} opens with a connective: ${text}`);
    // "It is often said that …" refers to nothing before it.
    if (opensWithReference(text) && !opensWithExpletiveIt(text))
      problems.push(`${what} opens with an unresolved reference: ${text}`);
  };
  const question = (what: string, text: string) => {
    if (/\?\s*["')\]”’]*$/u.test(text)) problems.push(`${what} is a question: ${text}`);
  };
  const cards = toCards(map);
  for (const card of cards) {
    opening("thesis", card.thesis);
    for (const c of card.claims)
      opening("key claim", c.replace(OBJECTION_PREFIX, "").replace(ANSWER_PREFIX, ""));
    // Objections and their rebuttals follow the same rules as key claims.
    for (const o of card.objections) {
      opening("objection", o.text);
      question("objection", o.text);
      for (const r of o.rebuttals) {
        // A rebuttal is shown under its objection: "That is a fair concern, …" refers to it.
        if (!REFERS_TO_OBJECTION.test(r)) opening("rebuttal", r);
        question("rebuttal", r);
      }
    }
  }
  for (const c of cards.cruxes)
    for (const [what, text] of [
      ["crux", c.text],
      ["crux side", c.pro.quote],
      ["crux side", c.con.quote],
    ] as const)
      opening(what, text);
  for (const k of map.keyPoints) {
    opening("key point", k.text);
    if (/\?\s*["')\]”’]*$/u.test(k.text)) problems.push(`key point is a question: ${k.text}`);
    if (wordCount(k.text) > 25) problems.push(`key point over 25 words: ${k.text}`);
  }
  return problems;
}

const inputs = [`${repoRoot}examples/`, `${repoRoot}test/fixtures/`].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /\.[a-z]+$/.test(f))
    .sort()
    .map((f) => dir + f),
);
const redditDir = `${sharedDir}data/raw-threads/reddit/`;
const reddit = existsSync(redditDir)
  ? readdirSync(redditDir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => redditDir + f)
  : [];

describe("texts offered on cards stand on their own", () => {
  it("has inputs to scan", () => expect(inputs.length).toBeGreaterThan(10));
  for (const file of inputs) {
    it(`on ${file.split("/").slice(-2).join("/")}`, async () => {
      let map: ArgumentMap;
      try {
        map = await mapSources([file]);
      } catch (error) {
        // Fixtures of bad input are rejected with a coded error: nothing to scan.
        expect(isArgmapError(error)).toBe(true);
        return;
      }
      expect(offeredTextProblems(map)).toEqual([]);
    });
  }
  if (reddit.length === 0) it.skip(`on the Reddit threads (absent: ${redditDir} not found)`, () => undefined);
  for (const file of reddit) {
    it(`on ${file.split("/").pop()}`, async () => {
      expect(offeredTextProblems(await mapSources([file]))).toEqual([]);
    }, 120_000);
  }
});
