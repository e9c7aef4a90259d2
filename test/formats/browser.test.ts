/**
 * Real consumers in headless Chromium (Debian `chromium` + playwright-core): Mermaid parses the
 * Mermaid export, and the HTML report opens with no console errors and runs no hostile payload.
 * One browser per file; skipped with a message when Chromium is absent.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGraph } from "../../src/export/graph.js";
import { renderHtml } from "../../src/export/html.js";
import { renderMermaid } from "../../src/export/mermaid.js";
import { sampleMap } from "./fixtures.js";
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from "../support/chromium.js";

describe.skipIf(!hasChromium)("formats in headless Chromium", () => {
  let context: BrowserContext;
  let dir: string;
  let networkRequests = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "argmap-chromium-"));
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // No network: web requests are counted and fail.
    await context.route(/^(https?|wss?|ftp):/, (route) => {
      networkRequests++;
      return route.abort();
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("Mermaid's parser accepts the flowchart export, hostile text included", async () => {
    const page = await context.newPage();
    const require = createRequire(import.meta.url);
    const bundle = readFileSync(require.resolve("mermaid/dist/mermaid.min.js"), "utf8");
    await page.setContent("<!DOCTYPE html><html><body><div id=out></div></body></html>");
    await page.addScriptTag({ content: bundle });
    for (const map of [sampleMap(), sampleMap({ hostile: true })]) {
      const source = renderMermaid(map);
      const result = await page.evaluate(async (src) => {
        const m = (
          globalThis as unknown as {
            mermaid: {
              initialize(o: object): void;
              parse(s: string): Promise<unknown>;
              render(id: string, s: string): Promise<{ svg: string }>;
            };
          }
        ).mermaid;
        m.initialize({ startOnLoad: false, securityLevel: "strict" });
        try {
          await m.parse(src);
          const { svg } = await m.render("g" + Math.random().toString(36).slice(2), src);
          return { ok: true, svg };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      }, source);
      expect(result).toMatchObject({ ok: true });
      const svg = (result as { svg: string }).svg;
      const { nodes, edges } = toGraph(map);
      expect(svg.match(/class="node /g)?.length ?? svg.match(/class="[^"]*\bnode\b/g)?.length).toBe(
        nodes.length,
      );
      expect(svg).not.toContain("<script>window.pwned");
      expect(edges.length).toBeGreaterThan(0);
    }
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.close();
  }, 60_000);

  it("the HTML report opens with no console errors and executes nothing from hostile text", async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    let dialogs = 0;
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(msg.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    for (const map of [sampleMap(), sampleMap({ hostile: true })]) {
      const file = join(dir, "report.html");
      const html = renderHtml(map);
      await import("node:fs/promises").then((fs) => fs.writeFile(file, html));
      await page.goto("file://" + file);
      await page.hover("body");
      await page.mouse.move(10, 10);
      for (const b of await page.locator("b, img, a, li").all())
        await b.hover({ trial: false, timeout: 1000 }).catch(() => undefined);
      expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator("script, img, iframe, [onerror], [onmouseover]").count()).toBe(0);
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
      // The hostile text is shown, as text.
      if (map.sources[0]!.uri)
        expect(await page.textContent("body")).toContain("<script>window.pwned=1</script>");
      const cards = await page.locator("section.card").count();
      expect(cards).toBe(map.arguments.length + map.keyPoints.length);
    }
    expect(problems).toEqual([]);
    expect(dialogs).toBe(0);
    expect(networkRequests).toBe(0);
    await page.close();
  }, 60_000);
});

if (!hasChromium) {
  describe("formats in headless Chromium", () => {
    it("is skipped: /usr/bin/chromium is absent (apt-get install -y chromium)", () => undefined);
  });
}
