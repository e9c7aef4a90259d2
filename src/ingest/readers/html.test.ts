import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";
import { domSize, HTML_BUDGET, htmlReader, markupDepth } from "./html.js";

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

  it("ignores end tags that close nothing when estimating nesting, as the parser does", () => {
    // `<div></span>` repeated nests 3,000 deep; the estimate used to pop on every end tag.
    expect(markupDepth(`<body>${"<div></span>".repeat(3_000)}</body>`)).toBe(3_001);
    expect(markupDepth("<div><span><b>x</div><div>y</div>")).toBe(3);
  });

  it("measures the whole document, also when malformed markup leaves <body> outside the root element", () => {
    const { document } = parseHTML(
      `<!DOCTYPE html>\n<><head><title>t</title></head><body>${"<div>".repeat(300)}x</body>`,
    );
    expect(domSize(document as never)).toMatchObject({ depth: 301, elements: 303 });
  });

  it("does not hand Readability a deep page whose root element is not <html>", () => {
    // Before: the budget measured only <head> and Readability ran on 600 nested elements (2,600 of them: 0.6–2.9 s).
    const html = `<!DOCTYPE html>\n<><head><title>Loading</title></head><body>${"<noscv id=root></div>".repeat(600)}${prose}</body>`;
    const out = htmlReader.read(html, "src-bad-root", { name: "bad-root.html" });
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({
        rule: "html/over-budget",
        message: expect.stringContaining("nest 602 deep"),
      }),
    );
    expect(out.text).toContain("Shops on car-free streets sell more");
  });

  it("skips Readability on a small page whose nesting is out of proportion to its size", () => {
    // 80 nested elements around one paragraph (≈1.3 KB): 3,500 element levels, over 1,500 + bytes.
    const out = htmlReader.read(nested(80), "src-small-deep", { name: "small-deep.html" });
    expect(out.diagnostics).toContainEqual(
      expect.objectContaining({
        rule: "html/over-budget",
        message: expect.stringContaining("element levels"),
      }),
    );
    expect(out.text).toContain("Fewer cars mean cleaner air");
    const { document } = parseHTML(nested(80));
    expect(domSize(document as never).work).toBeGreaterThan(HTML_BUDGET.workBase + nested(80).length);
  });

  it("keeps Readability for a long article of 2,000 paragraphs nested in ordinary page structure", () => {
    const paras = Array.from({ length: 2_000 }, (_, i) => prose.replace("Cities", `City ${i}:`)).join("");
    const html = `<html><head><title>Long</title></head><body><nav><a href="/">Home</a></nav><div id="page"><div class="wrap"><main><article><h1>Long</h1>${paras}</article></main></div></div><footer>© site</footer></body></html>`;
    const out = htmlReader.read(html, "src-long", { name: "long.html" });
    expect(out.diagnostics.map((d) => d.rule)).not.toContain("html/over-budget");
    expect(out.text).toContain("City 1999: should close");
    expect(out.text).not.toContain("© site");
  });

  it("keeps Readability for an ordinary page", () => {
    const out = htmlReader.read(nested(10), "src-ok", { name: "ok.html" });
    expect(out.diagnostics.map((d) => d.rule)).not.toContain("html/over-budget");
    expect(out.text).toContain("Fewer cars mean cleaner air");
  });
});
