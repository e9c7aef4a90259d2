/**
 * `npm run screenshots [folder]`: open the viewer in headless Chromium and save PNGs a person can
 * look at, into `screenshots/` (git-ignored) or the folder given:
 * - the map overview of synthetic maps of about 10, 300 and 3,000 units (`overview-<n>.png`);
 * - an expanded argument of the 300-unit map (`argument-300.png`);
 * - the cards page 360 px wide (`cards-360.png`) and the map at 360 px (`map-360.png`);
 * - the seed thread's expanded cards 700 px wide (`cards-700.png`);
 * - the Cards, Map and Source views of the seed thread (the example thread when ../shared is
 *   absent), light and dark.
 * The folder is printed last.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { mapSources } from "../src/api.js";
import { Catalog, startServer } from "../src/serve/index.js";
import { hasChromium, launchBrowser } from "../test/support/chromium.js";
import { mapOfUnits } from "../test/support/sized-map.js";
import { buildViewer } from "./build-viewer.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, "screenshots");
const seed = join(root, "..", "shared", "seeds", "000_d93e3034b168a14c.txt");
const SIZES = [10, 300, 3000];

if (!hasChromium) {
  process.stderr.write("screenshots: /usr/bin/chromium is not installed; nothing saved.\n");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "argmap-shots-"));
const staticDir = await buildViewer(join(work, "viewer"));
const catalog = new Catalog();
const sized = new Map<number, string>();
for (const n of SIZES) {
  process.stderr.write(`mapping a synthetic thread of about ${n} units…\n`);
  sized.set(n, catalog.addMap(`synthetic-${n}`, await mapOfUnits(work, n)).id);
}
const inputs = [join(root, "examples", "thread-car-free-downtowns.txt")];
if (existsSync(seed)) inputs.unshift(seed);
let thread = "";
for (const input of inputs) thread ||= catalog.addMap(input.split("/").pop()!, await mapSources(input)).id;
const server = await startServer({ catalog, staticDir });
const browser = await launchBrowser();

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  const path = join(out, `${name}.png`);
  await page.screenshot({ path, fullPage });
  process.stderr.write(`saved ${path}\n`);
}

async function openMap(page: Page, id: string, arg?: string): Promise<void> {
  await page.goto(`${server.url}#view=map&map=${id}${arg ? `&arg=${encodeURIComponent(arg)}` : ""}`);
  await page.waitForSelector("body[data-ready=true] #map-status[data-nodes]");
  await page.waitForTimeout(300);
}

try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  for (const n of SIZES) {
    await openMap(page, sized.get(n)!);
    await shot(page, `overview-${n}`);
  }
  const first = await page.evaluate(
    `fetch("/api/maps/${sized.get(300)}").then((r) => r.json()).then((v) => v.cards[0].argumentId)`,
  );
  await openMap(page, sized.get(300)!, String(first));
  await shot(page, "argument-300");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${server.url}#view=cards&map=${sized.get(300)}`);
  await page.waitForSelector("body[data-ready=true] .card");
  await shot(page, "cards-360");
  await openMap(page, sized.get(300)!);
  await shot(page, "map-360");
  await page.close();
  for (const scheme of ["light", "dark"] as const) {
    const p = await browser.context.newPage();
    await p.emulateMedia({ colorScheme: scheme });
    await p.goto(`${server.url}#view=cards&map=${thread}`);
    await p.waitForSelector("body[data-ready=true] .card");
    await shot(p, `cards-${scheme}`);
    if (scheme === "light") {
      // 700 px wide, every card expanded: wrapped claims keep their bullet on the first line.
      await p.setViewportSize({ width: 700, height: 900 });
      await p.click(".toggle-all");
      await p.locator(".card .claims").first().scrollIntoViewIfNeeded();
      await shot(p, "cards-700");
      await p.click(".toggle-all");
      await p.setViewportSize({ width: 1280, height: 900 });
    }
    await p.click("#tab-map");
    await p.waitForSelector("#map-status[data-nodes]");
    await p.waitForTimeout(300);
    await shot(p, `map-${scheme}`);
    await p.click("#tab-cards");
    await p.waitForSelector(".card .claims .ref");
    await p.click(".card .claims .ref");
    await p.waitForSelector("mark#highlight");
    await shot(p, `source-${scheme}`, true);
    await p.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
process.stderr.write(`screenshots in ${out}\n`);
