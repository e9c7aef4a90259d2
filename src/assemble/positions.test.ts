import { beforeAll, describe, expect, it } from "vitest";
import { mapSources } from "../api.js";
import type { ArgumentMap, Unit } from "../model/index.js";
import { toCards, type CardDeck } from "./cards.js";

/** A CMV-style thread: a submission and three top-level objections, each disputed by two replies. */
interface Post {
  id: string;
  parent?: string;
  author: string;
  text: string;
}
const SUBMISSION = {
  title: "CMV: Cities should ban private cars from their downtown cores",
  body: "Car-free centres bring more shoppers, not fewer. Pontevedra pedestrianised its centre and its population grew.",
};
const POSTS: Post[] = [
  { id: "p0", author: "op", text: `${SUBMISSION.title}\n\n${SUBMISSION.body}` },
  {
    id: "a1",
    parent: "p0",
    author: "alice",
    text: "> Car-free centres bring more shoppers, not fewer.\n\nNo, downtown shops depend on suburban drivers. Ban the cars and those customers drive to the mall with free parking.",
  },
  {
    id: "b1",
    parent: "a1",
    author: "op",
    text: "> Ban the cars and those customers drive to the mall with free parking.\n\nThat's wrong, merchants overestimate how many customers arrive by car, often by a factor of two.",
  },
  {
    id: "c1",
    parent: "a1",
    author: "carl",
    text: "> No, downtown shops depend on suburban drivers.\n\nI disagree, surveys of retail streets find that walkers spend as much per month as drivers.",
  },
  {
    id: "a2",
    parent: "p0",
    author: "dana",
    text: "> Pontevedra pedestrianised its centre and its population grew.\n\nNope, Pontevedra has 80,000 people, so it tells you nothing about a city of two million commuters.",
  },
  {
    id: "b2",
    parent: "a2",
    author: "op",
    text: "> Nope, Pontevedra has 80,000 people, so it tells you nothing about a city of two million commuters.\n\nWrong, scale changes nothing about the mechanism because downtown land is too valuable for parked cars.",
  },
  {
    id: "c2",
    parent: "a2",
    author: "erin",
    text: "> Nope, Pontevedra has 80,000 people, so it tells you nothing about a city of two million commuters.\n\nNot true, Oslo has 700,000 people and footfall rose after it removed central parking.",
  },
  {
    id: "a3",
    parent: "p0",
    author: "frank",
    text: "> CMV: Cities should ban private cars from their downtown cores\n\nNo, a car ban locks out disabled people who cannot walk a hundred metres.",
  },
  {
    id: "b3",
    parent: "a3",
    author: "op",
    text: "> No, a car ban locks out disabled people who cannot walk a hundred metres.\n\nWrong, every serious scheme exempts disability permits, deliveries and taxis.",
  },
  {
    id: "c3",
    parent: "a3",
    author: "gina",
    text: "> No, a car ban locks out disabled people who cannot walk a hundred metres.\n\nI disagree, accessible drop-off zones at the door solve that for every disabled visitor.",
  },
];

function asJsonl(): string {
  return POSTS.map((p) => JSON.stringify(p)).join("\n");
}

function asReddit(): string {
  const comment = (p: Post): unknown => {
    const kids = POSTS.filter((k) => k.parent === p.id).map(comment);
    return {
      kind: "t1",
      data: {
        id: p.id,
        author: p.author,
        body: p.text,
        replies: kids.length > 0 ? { kind: "Listing", data: { children: kids } } : "",
      },
    };
  };
  const submission = {
    kind: "t3",
    data: { id: "p0", author: "op", title: SUBMISSION.title, selftext: SUBMISSION.body },
  };
  const top = POSTS.filter((p) => p.parent === "p0").map(comment);
  return JSON.stringify([
    { kind: "Listing", data: { children: [submission] } },
    { kind: "Listing", data: { children: top } },
  ]);
}

/** Flattened thread text: posts one after another, each reply quoting the post it answers. */
function asThreadText(): string {
  return POSTS.map((p) => p.text).join("\n\n");
}

const unitOf = (map: ArgumentMap, id: string): Unit => map.units.find((u) => u.id === id)!;

describe("cards of a tree thread", () => {
  const maps: Record<string, ArgumentMap> = {};
  const decks: Record<string, CardDeck> = {};
  beforeAll(async () => {
    const forms = {
      reddit: { name: "cmv.json", text: asReddit() },
      jsonl: { name: "cmv.jsonl", text: asJsonl() },
      text: { name: "cmv.txt", text: asThreadText(), format: "thread-text" as const },
    };
    for (const [form, input] of Object.entries(forms)) {
      maps[form] = await mapSources([input], { jobs: 1 });
      decks[form] = toCards(maps[form]);
    }
  }, 60_000);

  it("gives a submission with three disputed top-level replies at least three cards", () => {
    expect(maps.reddit!.sources[0]!.format).toBe("reddit");
    expect(decks.reddit!.length).toBeGreaterThanOrEqual(3);
    // One card is the submission's, ranked first: its sub-debate is the whole thread.
    expect(decks.reddit![0]!.thesis).toMatch(/ban private cars|shoppers/);
  });

  it("gives the same card theses whether the thread is Reddit JSON or JSONL", () => {
    const theses = (form: string) => decks[form]!.map((c) => c.thesis).sort();
    expect(theses("jsonl")).toEqual(theses("reddit"));
  });

  // Open: flattened thread text reads the submission's title and body as two posts, so its tree
  // (8 posts, not 10) and its cards differ. Issue 23 stays open on this.
  it.fails("gives the same card theses for quoted thread text", () => {
    const theses = (form: string) => decks[form]!.map((c) => c.thesis).sort();
    expect(theses("text")).toEqual(theses("reddit"));
  });

  it("never shows an opponent's reason as a support", () => {
    for (const map of Object.values(maps)) {
      for (const argument of map.arguments) {
        const thesisPost = unitOf(map, argument.thesis).postId;
        const thesisAuthor = map.sources[0]!.posts.find((p) => p.id === thesisPost)!.author;
        for (const c of argument.claims) {
          const post = map.sources[0]!.posts.find((p) => p.id === unitOf(map, c.unitId).postId)!;
          // Every reply here attacks its parent: a support comes from the thesis post, or from a
          // reply two steps below it (an attack on an attack), never from a direct objector.
          const parent = post.parentId;
          expect(parent === thesisPost && post.author !== thesisAuthor, unitOf(map, c.unitId).text).toBe(
            false,
          );
        }
      }
    }
  });

  it("answers each objection only from the other side", () => {
    const map = maps.jsonl!;
    const posts = new Map(map.sources[0]!.posts.map((p) => [p.id, p]));
    for (const argument of map.arguments)
      for (const o of argument.objections)
        for (const r of o.rebuttals) {
          const objector = posts.get(unitOf(map, o.unitId).postId)!.author;
          expect(posts.get(unitOf(map, r).postId)!.author).not.toBe(objector);
        }
  });
});
