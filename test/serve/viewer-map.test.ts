/**
 * The map overview, search and the narrow page in headless Chromium (Debian `chromium` +
 * playwright-core), over a synthetic map of about 300 units and the example thread: labels of the
 * overview readable and clear of each other at the default zoom (from the rendered boxes
 * cytoscape reports), a click expanding an argument into its units, zooming keeping the graph in
 * view, a stemmed search finding its unit with the unit's own text, and every control of the
 * page on screen at 360 px. Skipped with a message when Chromium is absent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildViewer } from "../../scripts/build-viewer.js";
import { mapSources } from "../../src/api.js";
import type { ArgumentMap } from "../../src/model/index.js";
import { Catalog, startServer, type RunningServer } from "../../src/serve/index.js";
import type { MapView } from "../../src/serve/types.js";
import { repoRoot } from "../helpers.js";
import { hasChromium, launchBrowser, type Browser } from "../support/chromium.js";
import { mapOfUnits, mapWithLargeArgument } from "../support/sized-map.js";

if (!hasChromium) console.warn("viewer map E2E tests skipped: /usr/bin/chromium is not installed");

interface Box {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  fontSize: number;
}
interface Drawn {
  zoom: number;
  width: number;
  height: number;
  boxes: Box[];
}

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const inPanel = (d: Drawn) =>
  d.boxes.filter((b) => b.x2 > 0 && b.x1 < d.width && b.y2 > 0 && b.y1 < d.height);

describe.skipIf(!hasChromium)("the map overview and search in headless Chromium", () => {
  let browser: Browser;
  let server: RunningServer;
  let dir: string;
  let big: { id: string; map: ArgumentMap };
  let example: { id: string; map: ArgumentMap };
  let large: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "argmap-viewer-map-"));
    const staticDir = await buildViewer(join(dir, "web"));
    const catalog = new Catalog();
    const map300 = await mapOfUnits(dir, 300);
    big = { id: catalog.addMap("synthetic-300", map300).id, map: map300 };
    const exampleMap = await mapSources(`${repoRoot}examples/thread-car-free-downtowns.txt`);
    example = { id: catalog.addMap("example", exampleMap).id, map: exampleMap };
    large = catalog.addMap("large-argument", mapWithLargeArgument(45)).id;
    server = await startServer({ catalog, staticDir });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(hash: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}${hash}`);
    await page.waitForSelector("body[data-ready=true]");
    return { page, problems };
  }

  const drawn = (page: Page) => page.evaluate("argmapGraph()") as Promise<Drawn>;
  const view = (page: Page, id: string) =>
    page.evaluate(`fetch("/api/maps/${id}").then((r) => r.json())`) as Promise<MapView>;

  it("draws the 300-unit map as one readable, non-overlapping label per argument and key point", async () => {
    const units = big.map.units.filter((u) => u.kind !== "none").length;
    expect(units).toBeGreaterThan(200);
    const { page, problems } = await open(`#view=map&map=${big.id}`);
    await page.waitForSelector("#map-status[data-mode=overview]");
    const v = await view(page, big.id);
    const d = await drawn(page);
    // One node per argument card and per key point the cards cite; far fewer than the units.
    expect(d.boxes.map((b) => b.id).sort()).toEqual(v.overview.nodes.map((n) => n.id).sort());
    expect(v.overview.nodes.filter((n) => n.kind === "argument")).toHaveLength(v.cards.length);
    expect(d.boxes.length).toBeLessThan(units / 2);
    // Readable: every label at least 10 px on screen; several whole labels in the panel.
    for (const b of d.boxes) expect(b.fontSize).toBeGreaterThanOrEqual(10);
    const whole = d.boxes.filter((b) => b.x1 >= 0 && b.y1 >= 0 && b.x2 <= d.width && b.y2 <= d.height);
    expect(whole.length).toBeGreaterThanOrEqual(8);
    // No two label boxes overlap.
    const clashes: string[] = [];
    for (let i = 0; i < d.boxes.length; i++)
      for (let j = i + 1; j < d.boxes.length; j++)
        if (overlaps(d.boxes[i]!, d.boxes[j]!)) clashes.push(`${d.boxes[i]!.id} × ${d.boxes[j]!.id}`);
    expect(clashes).toEqual([]);
    // The picker, the heading and the cards count the same arguments.
    const picker = await page.locator("#map-select option:checked").textContent();
    expect(picker).toContain(`(${v.cards.length} arguments)`);
    expect(await page.locator("#view-title").textContent()).toContain(`${v.cards.length} arguments`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("expands a clicked argument into its units, top units first, with show more", async () => {
    const { page, problems } = await open(`#view=map&map=${big.id}`);
    await page.waitForSelector("#map-status[data-mode=overview]");
    const v = await view(page, big.id);
    const unitsOf = (arg: string) => v.graph.nodes.filter((n) => n.argumentIds.includes(arg));
    const first = v.cards[0]!;
    const d = await drawn(page);
    const box = d.boxes.find((b) => b.id === `a:${first.argumentId}`)!;
    const panel = (await page.locator("#cy").boundingBox())!;
    await page.mouse.click(panel.x + (box.x1 + box.x2) / 2, panel.y + (box.y1 + box.y2) / 2);
    await page.waitForSelector("#map-status[data-mode=argument]");
    expect(decodeURIComponent(page.url())).toContain(`arg=${first.argumentId}`);
    const status = page.locator("#map-status");
    expect(Number(await status.getAttribute("data-total"))).toBe(unitsOf(first.argumentId).length);
    // The thesis is drawn first.
    const ids = (await drawn(page)).boxes.map((b) => b.id);
    expect(ids).toContain(unitsOf(first.argumentId)[0]!.id);
    // An argument of 46 units: 20 first, the thesis among them, then 20 more, then the last 6.
    await page.goto(`${server.url}#view=map&map=${large}&arg=arg-big`);
    await page.waitForSelector('#map-status[data-total="46"]');
    expect(Number(await status.getAttribute("data-nodes"))).toBe(20);
    expect((await drawn(page)).boxes.map((b) => b.id)).toContain("u0");
    expect(await page.locator(".show-more").textContent()).toBe("Show 20 more (26 not shown)");
    // The pro/con tree beside it has every unit: the thesis, and its 45 supports as pros.
    expect(await page.locator(".procon-thesis > .procon-text").textContent()).toMatch(/^Cities should price/);
    expect(await page.locator(".procon li.procon-pro").count()).toBe(45);
    expect(await page.locator(".procon li.procon-con").count()).toBe(0);
    await page.locator(".show-more").click();
    await page.waitForSelector('#map-status[data-nodes="40"]');
    await page.locator(".show-more").click();
    await page.waitForSelector('#map-status[data-nodes="46"]');
    expect(await page.locator(".show-more").count()).toBe(0);
    // Back to the overview.
    await page.locator(".to-overview").click();
    await page.waitForSelector("#map-status[data-mode=overview]");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("keeps the graph in view when zooming in and out, and Fit shows all of it", async () => {
    const { page, problems } = await open(`#view=map&map=${big.id}`);
    await page.waitForSelector("#map-status[data-mode=overview]");
    const start = await drawn(page);
    for (let i = 0; i < 8; i++) await page.locator(".zoom-in").click();
    const zoomedIn = await drawn(page);
    expect(zoomedIn.zoom).toBeGreaterThan(start.zoom * 3);
    expect(inPanel(zoomedIn).length).toBeGreaterThan(0);
    for (let i = 0; i < 14; i++) await page.locator(".zoom-out").click();
    const zoomedOut = await drawn(page);
    expect(zoomedOut.zoom).toBeLessThan(start.zoom);
    expect(inPanel(zoomedOut).length).toBe(zoomedOut.boxes.length);
    for (let i = 0; i < 6; i++) await page.locator(".zoom-in").click();
    await page.locator(".fit").click();
    const fitted = await drawn(page);
    expect(inPanel(fitted).length).toBe(fitted.boxes.length);
    for (const b of fitted.boxes) {
      expect(b.x1).toBeGreaterThanOrEqual(-1);
      expect(b.x2).toBeLessThanOrEqual(fitted.width + 1);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds a unit with a stemmed query and shows the unit's own text as its snippet", async () => {
    const { page, problems } = await open(`#view=cards&map=${example.id}`);
    // "customer" is in no unit: its stem finds "customers".
    expect(example.map.units.some((u) => /\bcustomer\b/i.test(u.text))).toBe(false);
    await page.selectOption("#search-kind", "unit");
    await page.fill("#search-q", "customer");
    await page.keyboard.press("Enter");
    const hit = page.locator("#search-results .hit-text").first();
    await hit.waitFor();
    const start = Number(await hit.getAttribute("data-start"));
    const end = Number(await hit.getAttribute("data-end"));
    const unit = example.map.units.find((u) => u.span[0] === start && u.span[1] === end)!;
    expect(unit).toBeDefined();
    const shown = (await hit.textContent())!.replace(/…/g, "").trim();
    expect(unit.text.replace(/\s+/g, " ")).toContain(shown);
    expect((await hit.locator("mark").first().textContent())!.toLowerCase()).toBe("customers");
    // Every unit hit's snippet is its own text, not another item's.
    const hits = page.locator("#search-results .hit-text");
    for (let i = 0; i < (await hits.count()); i++) {
      const h = hits.nth(i);
      const [s, e] = [Number(await h.getAttribute("data-start")), Number(await h.getAttribute("data-end"))];
      const own = example.map.sources[0]!.text.slice(s, e).replace(/\s+/g, " ");
      expect(own).toContain((await h.textContent())!.replace(/…/g, "").trim());
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("keeps every control on screen at 360 px wide", async () => {
    for (const hash of [`#view=cards&map=${big.id}`, `#view=map&map=${big.id}`]) {
      const { page, problems } = await open(hash, 360);
      await page.waitForSelector(
        hash.includes("map&") && hash.includes("view=map") ? "#map-status" : ".card",
      );
      const controls = [
        "#map-select",
        "#tab-cards",
        "#tab-map",
        "#tab-source",
        "#search-q",
        "#search-source",
        "#search-author",
        "#search-stance",
        "#search-kind",
        "#search-form button[type=submit]",
        ...(hash.includes("view=map")
          ? ["#focus-select", ".zoom-in", ".zoom-out", ".fit", "#cy"]
          : [".toggle-all"]),
      ];
      for (const selector of controls) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        expect(box!.width, selector).toBeGreaterThan(10);
        expect(box!.x, selector).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, selector).toBeLessThanOrEqual(360);
      }
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
