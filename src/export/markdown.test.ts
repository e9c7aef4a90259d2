import { describe, expect, it } from "vitest";
import { makeDebateMap } from "../../test/support/map-builders.js";
import { escapeMarkdown, renderMarkdown } from "./markdown.js";

describe("renderMarkdown", () => {
  it("renders numbered cards with label, source, thesis and a list of key claims", () => {
    const md = renderMarkdown(makeDebateMap());
    expect(md).toContain("## 1. ARGUMENT · news.example.org\n");
    expect(md).toContain("\n\nExport controls slowed China down. They cut access to the best chips.\n");
    expect(md).toContain("\n- Chinese labs pay six times more per FLOP.\n");
    expect(md).toContain("\n- **Objection:** The ban sped up domestic production.\n");
    expect(md).toContain("## 2. ARGUMENT");
  });

  it("escapes HTML and links in source text", () => {
    const map = makeDebateMap();
    map.arguments[0]!.summary =
      'See <script>alert("x")</script> and [x](javascript:alert(1)) and ![i](http://e/x.png)';
    const md = renderMarkdown(map);
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).not.toMatch(/(^|[^\\])\]\(/);
    expect(md).toContain("\\<script\\>");
    expect(md).toContain("\\[x\\]\\(javascript:alert\\(1\\)\\)");
  });
});

describe("escapeMarkdown", () => {
  it("neutralises line-start constructs and entities", () => {
    expect(escapeMarkdown("# not a heading")).toBe("\\# not a heading");
    expect(escapeMarkdown("- not a list")).toBe("\\- not a list");
    expect(escapeMarkdown("1984. was a year")).toBe("1984\\. was a year");
    expect(escapeMarkdown("a &amp; b")).toBe("a \\&amp; b");
    expect(escapeMarkdown("*bold* _it_ `code`")).toBe("\\*bold\\* \\_it\\_ \\`code\\`");
  });
});

describe("renderMarkdown key points and cruxes", () => {
  function mapWithCrux() {
    const map = makeDebateMap();
    map.sources[0]!.name = "thread.txt";
    const u = map.units.find((x) => x.text.startsWith("Nope, the ban"))!;
    const t = map.units.find((x) => x.text.startsWith("Export controls"))!;
    const q = (x: typeof u) => ({ unitId: x.id, sourceId: x.sourceId, span: x.span, text: x.text });
    const by = { stage: "cluster", version: "1", engine: "classic" } as const;
    map.keyPoints = [
      {
        id: "kp-a",
        text: "Controls [work](javascript:x)",
        sourceId: t.sourceId,
        span: t.span,
        unitIds: [t.id],
        authorCount: 3,
        postCount: 3,
        coverage: 0.2,
        stance: "pro",
        quotes: [q(t)],
        by,
        side: "primary",
        opposes: "kp-b",
        sourceCount: 1,
      },
      {
        id: "kp-b",
        text: u.text,
        sourceId: u.sourceId,
        span: u.span,
        unitIds: [u.id],
        authorCount: 1,
        postCount: 1,
        coverage: 0.1,
        stance: "con",
        quotes: [q(u)],
        by,
        side: "counter",
        opposes: "kp-a",
        sourceCount: 1,
      },
    ];
    map.cruxes = [
      {
        id: "c",
        text: "Controls slowed China",
        balance: 0.3,
        pro: { keyPointId: "kp-a", authorCount: 3, quotes: [q(t)] },
        con: { keyPointId: "kp-b", authorCount: 1, quotes: [q(u)] },
      },
    ];
    return { map, line: map.sources[0]!.text.slice(0, u.span[0]).split("\n").length };
  }

  it("puts cruxes before the cards and key points with counts after them", () => {
    const md = renderMarkdown(mapWithCrux().map);
    const crux = md.indexOf("## Cruxes");
    const card = md.indexOf("## 1. ARGUMENT");
    const points = md.indexOf("## Key points");
    expect(crux).toBeGreaterThan(-1);
    expect(crux).toBeLessThan(card);
    expect(points).toBeGreaterThan(card);
    // The fixture's posts name no authors, so sides are counted in posts.
    // A side's quote stands on its own: the reply's "Nope," is trimmed.
    expect(md).toContain("  - Against (1 post): “The ban sped up domestic production.”");
    expect(md.slice(points)).toContain("(made in 3 posts)");
    expect(md.slice(points)).toContain("  - *Against:* **Nope, the ban sped up domestic production.**");
  });

  it("links each quote to its line in the source file and escapes point texts", () => {
    const { map, line } = mapWithCrux();
    const md = renderMarkdown(map);
    expect(md).toContain(`“Nope, the ban sped up domestic production.” ([source](<thread.txt#L${line}>))`);
    expect(md).toContain("Controls \\[work\\]\\(javascript:x\\)");
    expect(md).not.toMatch(/(^|[^\\])\]\(javascript/);
  });

  it("counts the key points the map does not list after the ones it lists", () => {
    const { map } = mapWithCrux();
    map.keyPointSummary = { total: 14, listed: 2, omitted: { keyPoints: 12, units: 40, authors: 30 } };
    const md = renderMarkdown(map);
    const points = md.slice(md.indexOf("## Key points"));
    // The fixture names no authors: the long tail is counted in posts too.
    expect(points).toContain("\n- *…and 12 more points made by 30 posts*\n");
    expect(points.indexOf("and 12 more")).toBeGreaterThan(points.indexOf("*Against:*"));
    delete map.keyPointSummary;
    expect(renderMarkdown(map)).not.toContain("more points");
  });
});
