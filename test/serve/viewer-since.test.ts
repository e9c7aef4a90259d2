/**
 * The viewer's "since" picker in headless Chromium: with two maps of a thread (before and after 20
 * replies), choosing the earlier map marks exactly the cards and cruxes the diff API marks.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildViewer } from "../../scripts/build-viewer.js";
import { mapSources } from "../../src/api.js";
import { Catalog, startServer, type RunningServer } from "../../src/serve/index.js";
import type { DiffView } from "../../src/serve/diff-view.js";
import { repoRoot } from "../helpers.js";
import { hasChromium, launchBrowser, type Browser } from "../support/chromium.js";
import { request } from "./http.js";

if (!hasChromium) console.warn("viewer since-picker test skipped: /usr/bin/chromium is not installed");

const lines = readFileSync(`${repoRoot}test/fixtures/diff-thread.jsonl`, "utf8").trim().split("\n");

describe.skipIf(!hasChromium)("the viewer's since picker", () => {
  let browser: Browser;
  let server: RunningServer;
  let dir: string;
  const ids: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "argmap-viewer-since-"));
    const staticDir = await buildViewer(join(dir, "web"));
    const catalog = new Catalog();
    for (const [name, n] of [
      ["before", 12],
      ["after", 32],
    ] as const) {
      const map = await mapSources({ name: "thread.jsonl", text: lines.slice(0, n).join("\n") });
      ids.push(catalog.addMap(name, map).id);
    }
    server = await startServer({ catalog, staticDir });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("marks the cards that are new or changed since the chosen map, and nothing without a choice", async () => {
    const { marks } = (
      await request(server.url, `/api/maps/${ids[1]}/diff?since=${ids[0]}`)
    ).json<DiffView>();
    const page = await browser.context.newPage();
    await page.goto(`${server.url}#view=cards&map=${ids[1]}`);
    await page.waitForSelector("body[data-ready='true']");
    await page.waitForSelector("article.card");
    expect(await page.locator(".since-new, .since-changed").count()).toBe(0);
    await page.selectOption("#since-select", ids[0]!);
    await page.waitForSelector(`#view[data-since='${ids[0]}']`);
    const marked = await page
      .locator("article.card.since-new, article.card.since-changed")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-argument-id")));
    const shown = await page
      .locator("article.card")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-argument-id")));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.sort()).toEqual(shown.filter((id) => marks.arguments[id!] !== undefined).sort());
    // Cruxes too: the 12 → 32 post thread has 2 cruxes before and 4 after.
    const markedCruxes = await page
      .locator("li.crux.since-new, li.crux.since-changed")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-crux-id")));
    const shownCruxes = await page
      .locator("li.crux")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-crux-id")));
    expect(markedCruxes.length).toBeGreaterThan(0);
    expect(markedCruxes.sort()).toEqual(shownCruxes.filter((id) => marks.cruxes[id!] !== undefined).sort());
    await page.close();
  });
});
