/**
 * Build the web viewer: bundle `src/viewer/main.ts` (with cytoscape and cytoscape-dagre) into
 * `dist/viewer/app.js` with esbuild, and copy the page and stylesheet next to it. No CDN: the
 * server serves these three files. Part of `npm run build`.
 *
 *   npx tsx scripts/build-viewer.ts [outDir]
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const viewerSrc = join(root, "src", "viewer");
/** Files copied as they are. */
const STATIC_FILES = ["index.html", "styles.css"];

/** Bundle the viewer into `outDir` (default `dist/viewer`); resolves to the folder. */
export async function buildViewer(outDir = join(root, "dist", "viewer")): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(viewerSrc, "main.ts")],
    outfile: join(outDir, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of STATIC_FILES) copyFileSync(join(viewerSrc, file), join(outDir, file));
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildViewer(process.argv[2] ? resolve(process.argv[2]) : undefined);
  process.stderr.write(`viewer built into ${out}\n`);
}
