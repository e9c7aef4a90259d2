/**
 * The viewer end to end in headless Chromium (Debian `chromium` + playwright-core): cards render
 * (the repo's example thread, and the seed thread when ../shared is there), clicking a claim
 * highlights its exact span in the source view, search finds a claim, the map view draws nodes
 * and edges, and the hostile-text fixture executes nothing. One browser for the file; skipped
 * with a message when Chromium is absent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildViewer } from "../../scripts/build-viewer.js";
import { mapSources } from "../../src/api.js";
import type { ArgumentMap } from "../../src/model/index.js";
import { Catalog, startServer, toSourceView, type RunningServer } from "../../src/serve/index.js";
import { hasSeed, repoRoot, seedThread } from "../helpers.js";
import { hasChromium, launchBrowser, type Browser } from "../support/chromium.js";

if (!hasChromium) console.warn("viewer E2E tests skipped: /usr/bin/chromium is not installed");
if (!hasSeed) console.warn("viewer seed-thread test skipped: ../shared is absent");

const EXAMPLE = `${repoRoot}examples/thread-car-free-downtowns.txt`;
const HOSTILE = `${repoRoot}test/fixtures/serve-hostile-thread.txt`;

describe.skipIf(!hasChromium)("the viewer in headless Chromium", () => {
  let browser: Browser;
  let server: RunningServer;
  let dir: string;
  const maps = new Map<string, { id: string; map: ArgumentMap }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "argmap-viewer-e2e-"));
    const staticDir = await buildViewer(join(dir, "web"));
    const catalog = new Catalog();
    const inputs: [string, string][] = [
      ["example", EXAMPLE],
      ["hostile", HOSTILE],
    ];
    if (hasSeed) inputs.push(["seed", seedThread]);
    for (const [key, path] of inputs) {
      const map = await mapSources(path);
      maps.set(key, { id: catalog.addMap(key, map).id, map });
    }
    server = await startServer({ catalog, staticDir });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records what must never happen: dialogs, console errors, page errors. */
  async function open(hash: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}${hash}`);
    await page.waitForSelector("body[data-ready=true]");
    return { page, problems };
  }

  async function expectCards(key: string): Promise<void> {
    const { id, map } = maps.get(key)!;
    const { page, problems } = await open(`#view=cards&map=${id}`);
    await page.waitForSelector(".card");
    const ranks = await page.locator(".card .rank").allTextContents();
    expect(ranks.length).toBeGreaterThan(0);
    expect(ranks.length).toBeLessThanOrEqual(map.arguments.length);
    expect(ranks[0]).toMatch(/^1\.\s*ARGUMENT/);
    const theses = await page.locator(".card .thesis").allTextContents();
    expect(theses.every((t) => t.trim().length > 0)).toBe(true);
    expect(await page.locator("[aria-current=page]").textContent()).toBe("Cards");
    // Compact by default; expanding a card shows its figures.
    expect(await page.locator(".card .stats").count()).toBe(0);
    await page.locator(".card .toggle").first().click();
    await page.waitForSelector(".card.expanded .stats");
    expect(await page.locator(".card.expanded .stats").first().textContent()).toMatch(
      /\d+ posts? · \d+ support/,
    );
    expect(problems).toEqual([]);
    await page.close();
  }

  it("renders numbered cards for the example thread", async () => {
    await expectCards("example");
  });

  it.skipIf(!hasSeed)("renders numbered cards for the seed thread", async () => {
    await expectCards("seed");
  });

  it("highlights a clicked claim's exact span in the source view, with its thread context", async () => {
    const { id, map } = maps.get("example")!;
    const { page, problems } = await open(`#view=cards&map=${id}`);
    const claim = page.locator(".card .claims button.ref").first();
    const [start, end] = [
      Number(await claim.getAttribute("data-start")),
      Number(await claim.getAttribute("data-end")),
    ];
    await claim.click();
    const mark = page.locator("mark#highlight");
    await mark.waitFor();
    expect(await mark.textContent()).toBe(map.sources[0]!.text.slice(start, end));
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("highlight");
    expect(page.url()).toContain("view=source");
    expect(await page.locator("[aria-current=page]").textContent()).toBe("Source");
    // Back returns to the cards.
    await page.goBack();
    await page.waitForSelector(".card");
    // A reply's span shows the post it answers above it, and the reply below that post.
    const source = toSourceView(map.sources[0]!, map.units, map.relations);
    const reply = source.posts.find((p) => p.parentId !== undefined)!;
    const parent = source.posts.find((p) => p.id === reply.parentId)!;
    await page.goto(
      `${server.url}#view=source&map=${id}&source=${source.id}&start=${reply.span[0]}&end=${reply.span[1]}`,
    );
    await page.locator(".thread-parent .post-text").waitFor();
    const parentText = source.text.slice(...parent.span);
    expect((await page.locator(".thread-parent .post-text").textContent())!.slice(0, 100)).toBe(
      parentText.slice(0, 100),
    );
    expect(await page.locator("mark#highlight").textContent()).toBe(source.text.slice(...reply.span));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds a claim with the search box and opens it in its source", async () => {
    const { id, map } = maps.get("example")!;
    const { page, problems } = await open(`#view=cards&map=${id}`);
    await page.selectOption("#search-kind", "premise");
    await page.fill("#search-q", "parking");
    await page.keyboard.press("Enter");
    const hits = page.locator("#search-results .hit");
    await hits.first().waitFor();
    const texts = await page.locator("#search-results .hit-text").allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => /parking/i.test(t))).toBe(true);
    expect(await page.locator("#search-results .hit-text mark").first().textContent()).toMatch(/parking/i);
    expect(
      (await page.locator("#search-results .hit-meta").allTextContents()).every((t) =>
        t.startsWith("premise"),
      ),
    ).toBe(true);
    await page.locator("#search-results .hit-text").first().click();
    const mark = page.locator("mark#highlight");
    await mark.waitFor();
    expect((await mark.textContent())!.toLowerCase()).toContain("parking");
    expect(map.sources[0]!.text).toContain((await mark.textContent())!);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the map view's nodes and edges, focuses one argument, and opens a node's source", async () => {
    const { id, map } = maps.get("example")!;
    const { page, problems } = await open(`#view=map&map=${id}`);
    const status = page.locator("#map-status[data-nodes]");
    await status.waitFor();
    const nodes = Number(await status.getAttribute("data-nodes"));
    const edges = Number(await status.getAttribute("data-edges"));
    expect(nodes).toBeGreaterThan(5);
    expect(edges).toBeGreaterThan(0);
    expect(await page.locator("#cy canvas").count()).toBeGreaterThan(0);
    // Focus on the first argument: fewer nodes, all of them its own.
    const first = await page.locator("#focus-select option").nth(1).getAttribute("value");
    await page.selectOption("#focus-select", first!);
    await page.waitForFunction(`Number(document.getElementById("map-status")?.dataset.nodes) < ${nodes}`);
    expect(map.arguments.some((a) => a.id === first)).toBe(true);
    expect(Number(await page.locator("#map-status").getAttribute("data-nodes"))).toBeGreaterThan(0);
    // The node list is the keyboard way in: open it and press a node.
    await page.locator(".node-details summary").click();
    await page.locator(".node-item").first().focus();
    await page.keyboard.press("Enter");
    await page.locator("mark#highlight").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("executes nothing from hostile text in any view", async () => {
    const { id } = maps.get("hostile")!;
    const { page, problems } = await open(`#view=cards&map=${id}`);
    await page.waitForSelector(".card");
    const html = async () => page.content();
    // Evaluated in the page (a string: the test's own types know no DOM).
    const injected = async () =>
      page.evaluate(`({
        scripts: document.scripts.length,
        iframes: document.querySelectorAll("iframe, img, svg, object, embed, style").length,
        handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
        jsLinks: [...document.querySelectorAll("a")].filter((a) => /^javascript:/i.test(a.getAttribute("href") ?? "")).length,
        hidden: getComputedStyle(document.body).display,
      })`);
    const check = async () => {
      const found = await injected();
      expect(found).toEqual({ scripts: 1, iframes: 0, handlers: 0, jsLinks: 0, hidden: "block" });
      expect(await html()).not.toMatch(/<script>alert|<img src=x|<svg onload|<iframe/i);
    };
    expect(await page.locator(".card").count()).toBeGreaterThan(0);
    await page.locator(".toggle-all").click();
    await check();
    // Every piece of text in a card, source pane and search hit: each view in turn.
    await page.locator(".card button.ref").first().click();
    await page.locator("mark#highlight").waitFor();
    await check();
    await page.fill("#search-q", "script OR onerror OR javascript");
    await page.keyboard.press("Enter");
    await page.locator("#search-results .hit").first().waitFor();
    await check();
    await page.click("#tab-map");
    await page.locator("#map-status[data-nodes]").waitFor();
    await page.locator(".node-details summary").click();
    await check();
    // The long word wraps inside the page instead of widening it.
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
    await page.waitForTimeout(200);
    expect(problems).toEqual([]);
    expect(browser.outside).toEqual([]);
    await page.close();
  });
});
