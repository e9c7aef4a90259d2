import { describe, expect, it } from "vitest";
import { makeDebateMap } from "../assemble/testing.js";
import { escapeMarkdown, renderMarkdown } from "./markdown.js";

describe("renderMarkdown", () => {
  it("renders numbered cards with label, source, thesis and a list of key claims", () => {
    const md = renderMarkdown(makeDebateMap());
    expect(md).toContain("## 1. ARGUMENT · news.example.org\n");
    expect(md).toContain("\n\nExport controls slowed China down. They cut access to the best chips.\n");
    expect(md).toContain("\n- Chinese labs pay six times more per FLOP.\n");
    expect(md).toContain("\n- **Objection:** Nope, the ban sped up domestic production.\n");
    expect(md).toContain("## 2. ARGUMENT");
  });

  it("escapes HTML and links in source text", () => {
    const map = makeDebateMap();
    map.arguments[0]!.summary = 'See <script>alert("x")</script> and [x](javascript:alert(1)) and ![i](http://e/x.png)';
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
