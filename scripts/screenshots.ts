/**
 * `npm run screenshots`: open the viewer in headless Chromium over the example thread (the seed
 * thread too when ../shared is there) and save PNGs of the Cards, Map and Source views, light and
 * dark, into `screenshots/` (git-ignored), so a person can look.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mapSources } from "../src/api.js";
import { Catalog, startServer } from "../src/serve/index.js";
import { hasChromium, launchBrowser } from "../test/support/chromium.js";
import { buildViewer } from "./build-viewer.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "screenshots");
const seed = join(root, "..", "shared", "seeds", "000_d93e3034b168a14c.txt");

if (!hasChromium) {
  process.stderr.write("screenshots: /usr/bin/chromium is not installed; nothing saved.\n");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const staticDir = await buildViewer(join(root, ".tmp", "viewer"));
const catalog = new Catalog();
const inputs = [join(root, "examples", "thread-car-free-downtowns.txt")];
if (existsSync(seed)) inputs.unshift(seed);
for (const input of inputs) catalog.addMap(input.split("/").pop()!, await mapSources(input));
const server = await startServer({ catalog, staticDir });
const browser = await launchBrowser();
try {
  for (const scheme of ["light", "dark"] as const) {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true] .card");
    const shot = async (name: string) => {
      const path = join(out, `${name}-${scheme}.png`);
      await page.screenshot({ path, fullPage: !name.startsWith("map") });
      process.stderr.write(`saved ${path}\n`);
    };
    await shot("cards");
    await page.click("#tab-map");
    await page.waitForSelector("#map-status[data-nodes]");
    await page.waitForTimeout(300);
    await shot("map");
    // One argument in focus: its units with their labels.
    const first = await page.locator("#focus-select option").nth(1).getAttribute("value");
    if (first) {
      await page.selectOption("#focus-select", first);
      await page.waitForTimeout(500);
      await shot("map-focus");
    }
    await page.click("#tab-cards");
    await page.waitForSelector(".card .claims .ref");
    await page.click(".card .claims .ref");
    await page.waitForSelector("mark#highlight");
    await shot("source");
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
