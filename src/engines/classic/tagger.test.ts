import { describe, expect, it } from "vitest";
import { winkSegmenter } from "../../segment/index.js";
import { contentSignals } from "./signals.js";
import { paragraphIndices, tagPost, tagText, type PostSegment } from "./tagger.js";

/** Kind of each segment of a text, with its text. */
function kinds(text: string): [string, string][] {
  return tagText(text).map((t) => [text.slice(t.span[0], t.span[1]), t.kind]);
}

/** Kind of a one-segment text, tagged as the second sentence of a post (so not a thesis). */
function kindOf(sentence: string): string {
  const text = `Here is some context for the discussion.\n\n${sentence}`;
  const tags = tagText(text);
  const last = tags[tags.length - 1]!;
  expect(text.slice(last.span[0], last.span[1])).toBe(sentence);
  return last.kind;
}

describe("tagText", () => {
  it("tags an opinion with a stance marker and a modal as a claim", () => {
    expect(kindOf("I think public libraries should open on Sundays.")).toMatch(/claim/);
    expect(kindOf("Clearly, the new stadium is a waste of public money.")).toMatch(/claim/);
  });

  it("tags a clause introduced by a reason marker as a premise", () => {
    expect(kindOf("Because most people only have free time at weekends.")).toBe("premise");
    expect(kindOf("Given that rents doubled, many families moved away.")).toBe("premise");
  });

  it("tags attributed findings, statistics and links as evidence", () => {
    expect(kindOf("According to a 2021 survey, 64% of parents support the change.")).toBe("evidence");
    expect(kindOf("A study of 3,000 patients found that the drug cut relapses by half [4].")).toBe(
      "evidence",
    );
    expect(kindOf("See https://example.org/data for the raw numbers.")).toBe("evidence");
  });

  it("tags a plain question and a bare interjection as none", () => {
    expect(kindOf("What time does the market close on Fridays?")).toBe("none");
    expect(kindOf("Ok.")).toBe("none");
  });

  it("tags a rhetorical question that asserts something as a claim", () => {
    expect(kindOf("Isn't it obvious that the tax hurts small shops?")).toMatch(/claim/);
  });

  it("splits a claim from its reason and tags each", () => {
    const tags = kinds("We should plant more trees in cities, because shade lowers summer temperatures.");
    expect(tags.map(([, k]) => k)).toEqual(["major-claim", "premise"]);
  });

  it("promotes one thesis in the introduction of an essay and one in its conclusion", () => {
    const essay = [
      "Schools should start later in the morning. Teenagers are not built for early starts.",
      "Research shows that adolescent sleep cycles shift by about two hours [1]. Tired students learn less.",
      "Some parents worry about schedules. Buses would need new routes.",
      "In conclusion, a later start is the better choice for students.",
    ].join("\n\n");
    const tags = kinds(essay);
    const majors = tags.filter(([, k]) => k === "major-claim").map(([t]) => t);
    expect(majors).toEqual([
      "Schools should start later in the morning.",
      "In conclusion, a later start is the better choice for students.",
    ]);
    expect(tags.find(([t]) => t.startsWith("Research shows"))?.[1]).toBe("evidence");
  });

  it("returns spans that slice to non-empty, ordered, in-bounds text with confidences in [0, 1]", () => {
    const text =
      "  Prices rose 5%.  Why? Because wages rose too, and U.S. firms passed costs on (e.g. food).\r\n\r\nSo what?  ";
    const tags = tagText(text);
    expect(tags.length).toBeGreaterThanOrEqual(3);
    let end = 0;
    for (const t of tags) {
      expect(t.span[0]).toBeGreaterThanOrEqual(end);
      expect(t.span[1]).toBeLessThanOrEqual(text.length);
      expect(text.slice(t.span[0], t.span[1]).trim().length).toBeGreaterThan(0);
      expect(t.confidence).toBeGreaterThanOrEqual(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
      end = t.span[1];
    }
  });

  it("is more confident about a clearly marked segment than about an unmarked one", () => {
    const marked = tagText("Because the bridge is closed, traffic is slow.")[0]!;
    const unmarked = tagText("The bridge is red.")[0]!;
    expect(marked.confidence).toBeGreaterThan(unmarked.confidence);
  });

  it("returns nothing for empty or blank text", () => {
    expect(tagText("")).toEqual([]);
    expect(tagText(" \n\n ")).toEqual([]);
  });
});

describe("paragraphIndices", () => {
  it("starts a new paragraph after a blank line", () => {
    expect(
      paragraphIndices("A b.\n\nC d. E f.", [
        [0, 4],
        [6, 10],
        [11, 15],
      ]),
    ).toEqual([0, 1, 1]);
    expect(
      paragraphIndices("A b.\nC d.", [
        [0, 4],
        [5, 9],
      ]),
    ).toEqual([0, 0]);
  });
});

describe("tagPost on many segments", () => {
  it("tags a post of 150,000 sentences without overflowing the stack", () => {
    // One line of 150,000 × "Cars go." crashed at `Math.max(...paragraphs)`.
    const text = "Cars go.";
    const [sentence] = winkSegmenter.sentences(text, [0, text.length]);
    const one: PostSegment = {
      text,
      tokens: sentence!.tokens,
      span: sentence!.span,
      signals: contentSignals(text, sentence!.tokens),
    };
    const n = 150_000;
    const paragraphs = Array.from({ length: n }, (_, i) => (i < n - 1 ? 0 : 1));
    const tags = tagPost(new Array<PostSegment>(n).fill(one), { isReply: false, paragraphs });
    expect(tags.length).toBe(n);
    expect(tags.every((t) => t.confidence >= 0 && t.confidence <= 1)).toBe(true);
  });
});

describe("thesis position", () => {
  it("finds the thesis in the first paragraph that makes a claim, past a title line", () => {
    const text = [
      "The case for bike lanes",
      "Most streets were drawn for cars decades ago. Cities should build protected bike lanes on every arterial road, because they cut injuries and traffic at once.",
      "The obvious objection is clearly that shops will lose customers. The data say otherwise: sales rose on streets that added lanes.",
      "Councils that act now will have safer and busier streets within a few years.",
    ].join("\n\n");
    const majors = kinds(text).filter(([, kind]) => kind === "major-claim");
    expect(majors.length).toBeGreaterThan(0);
    expect(majors[0]![0]).toMatch(/^Cities should build protected bike lanes/);
    expect(majors.some(([t]) => t.startsWith("The obvious objection"))).toBe(false);
  });
});
