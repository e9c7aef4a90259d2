import { describe, expect, it } from "vitest";
import { HTML_BUDGET, htmlReader, markupDepth } from "./html.js";

const prose =
  "<p>Cities should close their downtown streets to cars. Fewer cars mean cleaner air, and " +
  "people walk more when the street belongs to them. Shops on car-free streets sell more, " +
  "according to several studies of European cities.</p>";

const nested = (depth: number) =>
  `<html><head><title>Deep &amp; nested</title></head><body>${"<div>".repeat(depth)}${prose}` +
  `${"</div>".repeat(depth)}</body></html>`;

describe("html reader budgets", () => {
  it("estimates nesting from the markup, not counting elements whose end tag is optional", () => {
    expect(markupDepth("<div><ul><li>a<li>b</ul><p>x<p>y<br><img src=x></div>")).toBe(2);
    expect(markupDepth(nested(50))).toBe(52);
  });

  it("reads a page of 5,000 nested divs as plain text, with a diagnostic", () => {
    const out = htmlReader.read(nested(5_000), "src-deep", { name: "deep.html" });
    expect(out.text).toContain("Cities should close their downtown streets to cars.");
    expect(out.title).toBe("Deep & nested");
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({ rule: "html/over-budget", sourceId: "src-deep" }),
    );
    const post = out.posts[0]!;
    for (const span of post.bodySpans) expect(out.text!.slice(...span).trim().length).toBeGreaterThan(0);
  });

  it("reads a page nested deeper than Readability's budget from the parsed page, with a diagnostic", () => {
    const out = htmlReader.read(nested(HTML_BUDGET.maxDepth * 3), "src-mid", { name: "mid.html" });
    expect(out.text).toContain("Shops on car-free streets sell more");
    expect(out.title).toBe("Deep & nested");
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({ rule: "html/over-budget", sourceId: "src-mid" }),
    );
  });

  it("reads a page nested deeper than the parser budget by stripping its markup", () => {
    const depth = HTML_BUDGET.maxMarkupDepth * 20;
    const out = htmlReader.read(nested(depth), "src-deeper", { name: "deeper.html" });
    expect(out.text).toBe(
      "Cities should close their downtown streets to cars. Fewer cars mean cleaner air, and people walk " +
        "more when the street belongs to them. Shops on car-free streets sell more, according to several " +
        "studies of European cities.",
    );
    expect(out.diagnostics.map((d) => d.rule)).toContain("html/over-budget");
  });

  it("keeps Readability for an ordinary page", () => {
    const out = htmlReader.read(nested(10), "src-ok", { name: "ok.html" });
    expect(out.diagnostics.map((d) => d.rule)).not.toContain("html/over-budget");
    expect(out.text).toContain("Fewer cars mean cleaner air");
  });
});
