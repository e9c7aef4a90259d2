import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { ArgumentMap, SourceDoc, type Diagnostic, type Span } from "../../model/index.js";
import { detectFormat } from "../detect.js";
import { readSource, type ReadSourceOptions } from "../read-source.js";
import { parseChatHeader } from "./chat.js";
import { hnHtmlToText } from "./hn.js";
import { countRedditComments } from "./reddit.js";
import { errorOfSync, captureIo } from "../../../test/helpers.js";

const fixtureDir = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));
const redditDir = fileURLToPath(new URL("../../../../shared/data/raw-threads/reddit/", import.meta.url));
const hasReddit = existsSync(redditDir);

function read(file: string, options: ReadSourceOptions = {}): { doc: SourceDoc; diagnostics: Diagnostic[] } {
  return readSource({ name: file, bytes: readFileSync(fixtureDir + file) }, options);
}

const inBounds = (text: string, s: Span): boolean => s[0] >= 0 && s[0] < s[1] && s[1] <= text.length;

/** Spans in bounds and trimmed, body spans inside their post, parents earlier, schema valid. */
function checkInvariants(doc: SourceDoc): void {
  expect(SourceDoc.safeParse(doc).success).toBe(true);
  const seen = new Set<string>();
  let lastEnd = 0;
  doc.posts.forEach((post, i) => {
    expect(post.id).toBe(`${doc.id}:p${i}`);
    expect(post.index).toBe(i);
    expect(inBounds(doc.text, post.span)).toBe(true);
    expect(post.span[0]).toBeGreaterThanOrEqual(lastEnd);
    lastEnd = post.span[1];
    if (post.parentId !== undefined) expect(seen.has(post.parentId)).toBe(true);
    seen.add(post.id);
    let prev = post.span[0];
    for (const s of [...post.bodySpans]) {
      expect(inBounds(doc.text, s)).toBe(true);
      expect(s[0]).toBeGreaterThanOrEqual(prev);
      expect(s[1]).toBeLessThanOrEqual(post.span[1]);
      const slice = doc.text.slice(s[0], s[1]);
      expect(slice.trim()).toBe(slice);
      prev = s[1];
    }
    for (const q of post.quotes) {
      expect(inBounds(doc.text, q.span)).toBe(true);
      expect(q.span[0]).toBeGreaterThanOrEqual(post.span[0]);
      expect(q.span[1]).toBeLessThanOrEqual(post.span[1]);
      if (q.targetPostId !== undefined && q.targetSpan) {
        expect(seen.has(q.targetPostId)).toBe(true);
        expect(inBounds(doc.text, q.targetSpan)).toBe(true);
      }
    }
  });
  for (const c of doc.citations ?? []) if (c.span) expect(inBounds(doc.text, c.span)).toBe(true);
}

const skips = (diagnostics: Diagnostic[], rule: string): number =>
  diagnostics.filter((d) => d.rule === rule).length;

/** Every readable new-format fixture with its expected format and an independent item count. */
const CASES: { file: string; format: string; items: (raw: string) => number; skipRule?: string }[] = [
  {
    file: "ingest-hn-algolia.json",
    format: "hn",
    items: (raw) => (raw.match(/"id":\d+/g) ?? []).length,
    skipRule: "hn/skipped-item",
  },
  {
    file: "ingest-hn-firebase.jsonl",
    format: "hn",
    items: (raw) => raw.trim().split("\n").length,
    skipRule: "hn/skipped-item",
  },
  { file: "ingest-hn-firebase-item.json", format: "hn", items: () => 1 },
  {
    file: "ingest-reddit-small.json",
    format: "reddit",
    items: (raw) => countRedditComments(JSON.parse(raw)) + 1,
    skipRule: "reddit/skipped-comment",
  },
  { file: "ingest-html-article.html", format: "html", items: () => 1 },
  { file: "ingest-vtt-voices.vtt", format: "vtt", items: () => 4 },
  { file: "ingest-vtt-broken.vtt", format: "vtt", items: () => 2 },
  { file: "ingest-srt-labels.srt", format: "srt", items: () => 4 },
  {
    file: "ingest-chat-log.txt",
    format: "chat",
    items: (raw) =>
      raw
        .trim()
        .split("\n")
        .filter((l) => /^\[/.test(l)).length,
  },
  { file: "ingest-csv-comments.csv", format: "csv", items: () => 5, skipRule: "table/empty-row" },
  {
    file: "ingest-jsonl-comments.jsonl",
    format: "jsonl",
    items: (raw) => raw.trim().split("\n").length,
    skipRule: "table/empty-row",
  },
];

describe("readers of new formats: invariants on every fixture", () => {
  for (const c of CASES) {
    it(`detects ${c.file} as ${c.format} and keeps every span in bounds with parents before replies`, () => {
      const { doc } = read(c.file);
      expect(doc.format).toBe(c.format);
      expect(doc.posts.length).toBeGreaterThan(0);
      checkInvariants(doc);
    });
    it(`loses no post of ${c.file}: posts = items in the input − reported skips`, () => {
      const raw = readFileSync(fixtureDir + c.file, "utf8");
      const { doc, diagnostics } = read(c.file);
      const skipped =
        (c.skipRule ? skips(diagnostics, c.skipRule) : 0) + skips(diagnostics, "table/bad-line");
      expect(doc.posts.length).toBe(c.items(raw) - skipped);
    });
  }
});

describe("Hacker News reader", () => {
  it("decodes comment HTML into paragraphs and keeps > quotes on their own lines", () => {
    expect(hnHtmlToText("&gt; You&#x27;re wrong<p>No &amp; yes<p>Third")).toBe(
      "> You're wrong\n\nNo & yes\n\nThird",
    );
  });

  it("uses the link address when HN shows a shortened link text", () => {
    expect(
      hnHtmlToText(
        'See <a href="https:&#x2F;&#x2F;x.org&#x2F;a&#x2F;long">https:&#x2F;&#x2F;x.org&#x2F;a...</a>',
      ),
    ).toBe("See https://x.org/a/long");
  });

  it("links a quote to the parent it quotes and hangs replies of a deleted comment on its grandparent", () => {
    const { doc } = read("ingest-hn-algolia.json");
    const mei = doc.posts.find((p) => p.author === "mei");
    const rikard = doc.posts.find((p) => p.author === "rikard");
    expect(mei?.quotes[0]?.targetPostId).toBe(rikard?.id);
    const omar = doc.posts.find((p) => p.author === "omar");
    expect(omar?.parentId).toBe(rikard?.id);
    expect(doc.title).toBe("Should cities ban cars from their downtowns?");
    expect(doc.posts[0]?.url).toBe("https://example.org/car-free");
  });

  it("reports replies listed in kids but missing from a single Firebase item", () => {
    const { diagnostics } = read("ingest-hn-firebase-item.json");
    expect(
      diagnostics.some((d) => d.rule === "hn/replies-not-included" && d.message.includes("3 replies")),
    ).toBe(true);
  });
});

describe("Reddit reader", () => {
  it("reports more stubs with their total count and decodes entities", () => {
    const { doc, diagnostics } = read("ingest-reddit-small.json");
    const more = diagnostics.find((d) => d.rule === "reddit/more-comments");
    expect(more?.message).toContain("15 more comments");
    expect(doc.text).toContain("play & rest");
    expect(doc.text).not.toContain("&amp;");
  });

  it.skipIf(!hasReddit)("ingests the shared Reddit threads with every loaded comment accounted for", () => {
    const files = readdirSync(redditDir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(redditDir + f);
      const { doc, diagnostics } = readSource({ name: f, bytes });
      expect(doc.format).toBe("reddit");
      checkInvariants(doc);
      const comments = countRedditComments(JSON.parse(new TextDecoder().decode(bytes)));
      expect(doc.posts.length).toBe(comments + 1 - skips(diagnostics, "reddit/skipped-comment"));
      expect(doc.posts.filter((p) => p.parentId === undefined)).toHaveLength(1);
    }
  });
  if (!hasReddit) it.skip(`shared Reddit threads absent (${redditDir}); skipped`, () => {});
});

describe("HTML article reader", () => {
  it("keeps title, byline, date, domain, headings and links, and drops navigation, ads and comments", () => {
    const { doc } = read("ingest-html-article.html");
    expect(doc.byline).toBe("Dana Whitfield");
    expect(doc.publishedAt).toBe("2024-04-12T08:00:00Z");
    expect(doc.siteName).toBe("example-review.org");
    const body = (doc.posts[0]?.bodySpans ?? []).map((s) => doc.text.slice(s[0], s[1]));
    expect(body).toContain("Productivity holds");
    expect(body).toContain("Objections");
    for (const junk of ["Subscribe", "premium plan", "First!", "Privacy", "window.tracker"])
      expect(doc.text).not.toContain(junk);
    const link = doc.citations?.find((c) => c.url === "https://research.example.net/4day-trial-report");
    expect(link && link.span && doc.text.slice(link.span[0], link.span[1])).toBe("final trial report");
    expect(doc.citations?.some((c) => c.text.startsWith("Autonomy Institute") && c.url === undefined)).toBe(
      true,
    );
    expect(doc.posts[0]?.quotes[0]?.text).toContain("same work done in four days");
  });

  it("fails with INPUT_MALFORMED naming the file when the page has no article", () => {
    const error = errorOfSync(() => read("ingest-html-no-article.html"));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("ingest-html-no-article.html");
  });
});

describe("transcript readers", () => {
  it("merges consecutive cues of one speaker, keeps start and end times, and spans only spoken words", () => {
    const { doc } = read("ingest-vtt-voices.vtt");
    expect(doc.posts.map((p) => p.author)).toEqual(["Moderator", "Ana Ruiz", "Ben Okafor", "Ana Ruiz"]);
    const ana = doc.posts[1];
    expect(ana?.time).toBe("00:00:05.000");
    expect(ana?.timeEnd).toBe("00:00:13.250");
    for (const p of doc.posts)
      for (const s of p.bodySpans) expect(doc.text.slice(s[0], s[1])).not.toMatch(/-->|<\/?[vi]|^\d+$/);
  });

  it("skips a cue with a broken timestamp with a diagnostic and keeps the rest", () => {
    const { doc, diagnostics } = read("ingest-vtt-broken.vtt");
    expect(doc.posts.map((p) => p.author)).toEqual(["Kim", "Lee"]);
    expect(skips(diagnostics, "transcript/bad-timestamp")).toBe(1);
  });

  it("reads NAME: labels in SRT and carries the speaker to unlabelled cues", () => {
    const { doc } = read("ingest-srt-labels.srt");
    expect(doc.posts.map((p) => p.author)).toEqual(["HOST", "PRIYA", "TOM", "PRIYA"]);
    expect(doc.posts[1]?.bodySpans).toHaveLength(2);
  });

  it("refuses a VTT file with no valid cue", () => {
    const bytes = new TextEncoder().encode("WEBVTT\n\n00:0x --> 00:01\nHello\n");
    expect(errorOfSync(() => readSource({ name: "bad.vtt", bytes })).code).toBe("INPUT_MALFORMED");
  });
});

describe("chat reader", () => {
  it("parses speaker labels with and without times", () => {
    expect(parseChatHeader("[12:03] Alice: hi")).toMatchObject({ name: "Alice", time: "12:03" });
    expect(parseChatHeader("Bob (10:15 AM): yes")).toMatchObject({ name: "Bob", time: "10:15 AM" });
    expect(parseChatHeader("<carol> hey there")).toMatchObject({ name: "carol" });
    expect(parseChatHeader("However, this is prose.")).toBeUndefined();
  });

  it("turns @Name and quotes of an earlier turn into replies", () => {
    const { doc } = read("ingest-chat-log.txt");
    const carol = doc.posts[3];
    const bob = doc.posts[4];
    expect(carol?.parentId).toBe(doc.posts[1]?.id);
    expect(bob?.parentId).toBe(carol?.id);
    expect(doc.posts[2]?.bodySpans.map((s) => doc.text.slice(s[0], s[1])).join(" ")).toContain(
      "unsustainable",
    );
  });

  it("does not take an essay with a few labelled lines for a chat log", () => {
    const essay =
      "Note: this is a draft.\n\nCities should plant more trees. Shade lowers heat.\n\nSummary: plant trees.";
    expect(detectFormat(essay, "e.txt")).not.toBe("chat");
  });
});

describe("comment tables", () => {
  it("reads id, text, author, parent and time columns and skips empty rows", () => {
    const { doc } = read("ingest-csv-comments.csv");
    expect(doc.posts.map((p) => p.author)).toEqual(["Ana", "Ben", "Dev", "Ana"]);
    expect(doc.posts[1]?.parentId).toBe(doc.posts[0]?.id);
    expect(doc.posts[3]?.parentId).toBeUndefined();
    expect(doc.text).toContain('"free" is never free');
  });

  it("takes a column mapping", () => {
    const bytes = new TextEncoder().encode("who,said\nAna,Taxes fund roads.\nBen,Tolls fund roads better.\n");
    const { doc } = readSource({ name: "t.csv", bytes }, { columns: { text: "said", author: "who" } });
    expect(doc.posts.map((p) => p.author)).toEqual(["Ana", "Ben"]);
  });

  it("fails with INPUT_MALFORMED naming the file and header when the text column is missing", () => {
    const error = errorOfSync(() => read("ingest-csv-no-text.csv"));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("ingest-csv-no-text.csv");
    expect(error.message).toContain("id, author, score");
  });
});

describe("bad input", () => {
  it("names the reader and the input for truncated JSON", () => {
    const error = errorOfSync(() => read("ingest-json-truncated.json"));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toMatch(/ingest-json-truncated\.json: not valid JSON, so the Reddit reader/);
  });

  it("says what shapes are read for JSON of an unknown shape", () => {
    const error = errorOfSync(() => read("ingest-json-wrong-shape.json"));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("Reddit");
    expect(error.message).toContain("Hacker News");
  });

  it("says which reader expected what when --from forces the wrong reader", () => {
    const error = errorOfSync(() => read("ingest-hn-algolia.json", { format: "reddit" }));
    expect(error.code).toBe("INPUT_MALFORMED");
    expect(error.message).toContain("the Reddit reader expected");
  });

  it("reads a UTF-16 CSV with a byte order mark", () => {
    const csv = "text,author\nCafé culture needs wide pavements.,Zoë\n";
    const body = new Uint8Array(csv.length * 2);
    for (let i = 0; i < csv.length; i++) body[i * 2] = csv.charCodeAt(i);
    const { doc } = readSource({ name: "u16.csv", bytes: new Uint8Array([0xff, 0xfe, ...body]) });
    expect(doc.posts[0]?.author).toBe("Zoë");
    expect(doc.text).toBe("Café culture needs wide pavements.");
  });

  it("reads a Windows-1252 chat log with an encoding warning", () => {
    const latin =
      "Ana: Caf\xe9 prices are too high.\nBen: No, they are fair.\nAna: Not for students.\nBen: Students get discounts.\n";
    const bytes = Uint8Array.from(latin, (c) => c.charCodeAt(0));
    const { doc, diagnostics } = readSource({ name: "cp1252.txt", bytes });
    expect(doc.format).toBe("chat");
    expect(doc.text).toContain("Café");
    expect(diagnostics.some((d) => d.rule === "ingest/encoding-fallback")).toBe(true);
  });
});

describe("argmap map on new formats", () => {
  for (const file of ["ingest-hn-algolia.json", "ingest-html-article.html", "ingest-vtt-voices.vtt"]) {
    it(`maps ${file} into arguments, with reply relations that follow the thread tree`, async () => {
      const t = captureIo(fixtureDir);
      const code = await main(["map", file, "--format", "json"], t.io);
      expect(code).toBe(0);
      const map = ArgumentMap.parse(JSON.parse(t.out()));
      expect(map.arguments.length).toBeGreaterThan(0);
      expect(map.units.some((u) => u.kind !== "none")).toBe(true);
      const source = map.sources[0] as SourceDoc;
      for (const post of source.posts) {
        if (post.parentId === undefined) continue;
        expect(
          map.relations.some((r) => r.kind === "reply" && r.from === post.id && r.to === post.parentId),
        ).toBe(true);
      }
    }, 60_000);
  }
});
