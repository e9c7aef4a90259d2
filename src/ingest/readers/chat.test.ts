import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { ArgumentMap, type SourceDoc, type Span } from "../../model/index.js";
import { detectFormat } from "../detect.js";
import { readSource } from "../read-source.js";
import { looksLikeChat, parseChatHeader } from "./chat.js";
import { captureIo } from "../../../test/helpers.js";

const fixtureDir = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));
const raw = (file: string): string => readFileSync(fixtureDir + file, "utf8");
const read = (file: string): ReturnType<typeof readSource> =>
  readSource({ name: file, bytes: readFileSync(fixtureDir + file) });
const readText = (text: string, name = "log.txt"): ReturnType<typeof readSource> =>
  readSource({ name, bytes: new TextEncoder().encode(text) });
const bodyOf = (doc: SourceDoc, i: number): string =>
  (doc.posts[i]?.bodySpans ?? []).map((s) => doc.text.slice(s[0], s[1])).join("\n");

/**
 * The many-speaker fixtures, each with an independent count of its turns (header lines counted
 * with a plain pattern of that log's format) and its number of speakers.
 */
const LOGS: { file: string; turns: (text: string) => number; speakers: number }[] = [
  {
    file: "ingest-chat-slack.txt",
    // `Name  10:42 AM` header lines and bare `10:43` lines.
    turns: (t) => t.split("\n").filter((l) => /(?:^| {2})\d{1,2}:\d{2}(?: [AP]M)?$/.test(l)).length,
    speakers: 21,
  },
  {
    file: "ingest-chat-discord.txt",
    turns: (t) => t.split("\n").filter((l) => l.includes(" — ") || /^\[\d/.test(l)).length,
    speakers: 21,
  },
  {
    file: "ingest-chat-irc.txt",
    turns: (t) => t.split("\n").filter((l) => /^\[\d\d:\d\d\] (?:<|\* )/.test(l)).length,
    speakers: 21,
  },
  {
    file: "ingest-chat-forum.txt",
    // Paragraph starts; the one `Note:` line is inside a turn.
    turns: (t) => t.split(/\n\s*\n/).filter((p) => p.trim().length > 0).length,
    speakers: 21,
  },
];

describe("chat logs with many speakers", () => {
  for (const log of LOGS) {
    it(`detects ${log.file} as chat and reads one post per turn, each with its speaker`, () => {
      const { doc } = read(log.file);
      expect(doc.format).toBe("chat");
      expect(doc.posts.length).toBe(log.turns(raw(log.file)));
      expect(doc.posts.every((p) => p.author !== undefined && p.bodySpans.length > 0)).toBe(true);
      expect(new Set(doc.posts.map((p) => p.author)).size).toBe(log.speakers);
    });

    it(`keeps speaker labels and times out of every body span of ${log.file}`, () => {
      const { doc } = read(log.file);
      for (const post of doc.posts) {
        const first = post.bodySpans[0] as Span;
        // The label is everything between the post start and its first words.
        const label = doc.text.slice(post.span[0], first[0]);
        // A bare time line continues the previous speaker; every other label names its speaker.
        const bareTime = label.trim().replace(/^\[|\]$/g, "") === post.time;
        expect(bareTime || label.includes(post.author as string), label).toBe(true);
        for (const s of post.bodySpans) {
          expect(s[0]).toBeGreaterThanOrEqual(first[0]);
          expect(doc.text.slice(s[0], s[1])).not.toContain(label.trim());
        }
        expect(doc.text.slice(first[0], first[1]).startsWith(post.author as string)).toBe(false);
      }
    });
  }

  it("keeps URLs with colons, `Update:` and `Step 1:` lines inside the Slack message they belong to", () => {
    const { doc } = read("ingest-chat-slack.txt");
    expect(doc.posts[1]?.author).toBe("Priya Raman");
    expect(doc.posts[1]?.time).toBe("10:43");
    expect(bodyOf(doc, 1)).toBe(
      "Here is the postmortem for the last one: https://wiki.example.com:8443/incidents/2024-03-08#timeline",
    );
    expect(bodyOf(doc, 3)).toContain("Update: I checked");
    expect(bodyOf(doc, 11)).toContain("Step 1: look at the incident list.");
    expect(doc.posts.some((p) => ["Update", "Step 1", "Note", "https"].includes(p.author ?? ""))).toBe(false);
  });

  it("reads usernames with digits, underscores, dots and non-Latin letters", () => {
    const authors = new Set(
      ["ingest-chat-slack.txt", "ingest-chat-irc.txt", "ingest-chat-discord.txt"].flatMap((f) =>
        read(f).doc.posts.map((p) => p.author),
      ),
    );
    for (const name of ["dev_ops42", "li.wei", "Zoë Åberg", "Ελένη", "r0b", "Jonas B.", "MarcusAurelius2"]) {
      expect(authors.has(name)).toBe(true);
    }
  });

  it("drops IRC join and status lines, reads `* nick action` as a turn and strips mode prefixes", () => {
    const { doc, diagnostics } = read("ingest-chat-irc.txt");
    const system = diagnostics.filter((d) => d.rule === "chat/system-lines");
    expect(system).toHaveLength(1);
    expect(system[0]?.message).toMatch(/^5 /);
    expect(doc.posts.some((p) => bodyOf(doc, p.index).includes("has joined"))).toBe(false);
    const action = doc.posts.find((p) => bodyOf(doc, p.index) === "nods");
    expect(action?.author).toBe("zoë_w");
    expect(doc.posts[1]?.author).toBe("ops_mike");
    expect(bodyOf(doc, 1)).toBe("citation needed, dana_k");
  });

  it("starts a new message of the same speaker at a bare time line, and links @Name replies", () => {
    const { doc } = read("ingest-chat-discord.txt");
    const jonas = doc.posts.filter((p) => p.author === "Jonas B.");
    expect(jonas.map((p) => p.time)).toEqual(["Today at 9:06 AM", "9:07 AM"]);
    expect(jonas[0]?.parentId).toBe(doc.posts.find((p) => p.author === "Amélie")?.id);
    const slack = read("ingest-chat-slack.txt").doc;
    expect(slack.posts[5]?.parentId).toBe(slack.posts.find((p) => p.author === "dev_ops42")?.id);
  });

  it("keeps a multi-line forum turn with its continuation lines and `Note:` line in one post", () => {
    const { doc } = read("ingest-chat-forum.txt");
    expect(doc.posts[0]?.author).toBe("Maria Gonzalez");
    expect(bodyOf(doc, 0)).toBe(
      "I have lived downtown for twelve years and the noise from delivery trucks\nat night has become unbearable. The city should ban heavy deliveries between\nmidnight and six.",
    );
    expect(doc.posts[2]?.author).toBe("Dr. Aisha Rahman");
    expect(bodyOf(doc, 2)).toContain("See https://example.org/quiet-deliveries");
    expect(bodyOf(doc, 6)).toContain("Note: the city already subsidises");
  });

  it("detects a log of 30 speakers who each speak once, in every header style", () => {
    const names = Array.from({ length: 30 }, (_, i) => `user_${i}`);
    const sentence = (i: number): string => `I think option ${i} is better because it costs less.`;
    const inline = names.map((n, i) => `${n}: ${sentence(i)}`).join("\n");
    const slack = names.map((n, i) => `${n}  10:${String(i + 10)} AM\n${sentence(i)}`).join("\n");
    const irc = names.map((n, i) => `[10:${String(i + 10)}] <${n}> ${sentence(i)}`).join("\n");
    for (const text of [inline, slack, irc]) {
      expect(detectFormat(text, "log.txt")).toBe("chat");
      expect(readText(text).doc.posts.map((p) => p.author)).toEqual(names);
    }
  });
});

describe("chat headers", () => {
  it("parses each header style and never a document label or a URL", () => {
    expect(parseChatHeader("[12:03] Alice: hi")).toMatchObject({
      name: "Alice",
      time: "12:03",
      style: "inline",
    });
    expect(parseChatHeader("Jane Doe  10:42 AM")).toMatchObject({
      name: "Jane Doe",
      time: "10:42 AM",
      style: "line",
    });
    expect(parseChatHeader("Jane — Today at 10:42 AM")).toMatchObject({
      name: "Jane",
      time: "Today at 10:42 AM",
    });
    expect(parseChatHeader("Jane — 03/14/2024")).toMatchObject({ name: "Jane", time: "03/14/2024" });
    expect(parseChatHeader("[10:42] <@op_1> text")).toMatchObject({
      name: "op_1",
      bodyStart: 16,
      style: "irc",
    });
    expect(parseChatHeader("李雷: 我同意")).toMatchObject({ name: "李雷", bodyStart: 3 });
    for (const line of [
      "Note: this is a draft.",
      "Update: the council agreed.",
      "Step 1: survey residents.",
      "https://example.org/a:b is the link",
      "See http://example.org: it explains the rest",
      "10:42: the meeting starts",
      "[1] Smith: a citation, not a time",
      "  indented: a YAML value",
      "Jane Doe 03/14/2024",
      "* a Markdown bullet",
    ]) {
      expect(parseChatHeader(line), line).toBeUndefined();
    }
  });
});

describe("texts that are not chat logs", () => {
  it("keeps the negative fixtures in their own formats", () => {
    const expected: Record<string, string> = {
      "ingest-chat-not-essay.txt": "text",
      "ingest-chat-not-sections.txt": "text",
      "ingest-chat-not-keyvalue.txt": "markdown",
      "ingest-chat-not-thread.txt": "thread-text",
    };
    for (const [file, format] of Object.entries(expected))
      expect(detectFormat(raw(file), file), file).toBe(format);
  });

  it("does not take Key: value lists, YAML, pros and cons or a schedule for a chat", () => {
    const texts = [
      "Title: Bike lanes\nAuthor: Jane Doe\nDate: 2024-03-14\nTags: transit, cycling\nStatus: draft",
      "name: argmap\nversion: 1.0.0\nlicense: MIT\nmain: dist/index.js\nmax_size: 10",
      "Pro: cheaper to run.\nCon: slower to build.\nPro: quieter streets.\nCon: fewer parking spaces.",
      "Registration  9:00 AM\nKeynote  10:00 AM\nLunch  12:00 PM\nPanel  2:00 PM",
      "Alice Smith: lead\nBob Jones: design\nCarol White: testing\nDan Brown: release\nEve Black: docs\nFrank Green: ops",
    ];
    for (const text of texts) expect(looksLikeChat(text), text).toBe(false);
  });
});

describe("chat detection and reading on hostile input", () => {
  it("reads long lines and many turns with bounded work per line", () => {
    const long = ["a ".repeat(200_000), "[".repeat(200_000), "<".repeat(200_000), "* x ".repeat(50_000)];
    const turns = Array.from({ length: 20_000 }, (_, i) => `user_${i}: @user_${i - 1} reply ${i}`);
    const text = [...turns, ...long].join("\n");
    const started = performance.now();
    const { doc } = readText(text);
    // Very generous bound: a quadratic scan of these 20,000 turns or a backtracking pattern on
    // the 400,000-character lines takes minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(doc.format).toBe("chat");
    expect(doc.posts.length).toBe(20_000);
    expect(doc.posts[5]?.parentId).toBe(doc.posts[4]?.id);
    for (const line of long) expect(parseChatHeader(line)).toBeUndefined();
  });
});

async function runMap(file: string, format: string): Promise<string> {
  const t = captureIo(fixtureDir);
  expect(await main(["map", file, "--format", format], t.io)).toBe(0);
  return t.out();
}

describe("argmap map on chat logs", () => {
  for (const { file } of LOGS) {
    it(`never puts a speaker label into a unit, key point, thesis or card of ${file}`, async () => {
      const map = ArgumentMap.parse(JSON.parse(await runMap(file, "json")));
      const source = map.sources[0] as SourceDoc;
      expect(source.format).toBe("chat");
      const labels: Span[] = source.posts.map((p) => [p.span[0], (p.bodySpans[0] as Span)[0]]);
      const labelTexts = labels.map((s) => source.text.slice(s[0], s[1]).trim());
      const overlaps = (s: Span): boolean => labels.some((l) => Math.min(s[1], l[1]) > Math.max(s[0], l[0]));
      const spans: Span[] = [
        ...map.segments.map((s) => s.span),
        ...map.units.map((u) => u.span),
        ...map.keyPoints.map((k) => k.span),
        ...map.arguments.map((a) => a.span),
      ];
      expect(map.units.some((u) => u.kind !== "none")).toBe(true);
      expect(map.arguments.length).toBeGreaterThan(0);
      expect(spans.filter(overlaps)).toEqual([]);
      const texts = [
        ...map.keyPoints.flatMap((k) => [k.text, ...k.quotes.map((q) => JSON.stringify(q))]),
        ...map.arguments.map((a) => a.summary),
        await runMap(file, "md"),
        await runMap(file, "cards"),
      ];
      for (const label of labelTexts)
        expect(
          texts.filter((t) => t.includes(label)),
          label,
        ).toEqual([]);
    }, 60_000);
  }
});
