/**
 * Bundle the CLI (run by `npm run build`, after tsc): esbuild reads tsc's output from
 * `dist/cli/main.js` and writes one ESM entry plus split chunks to `dist/bundle/cli/`, so that
 * start-up resolves and compiles a handful of files instead of ≈230 modules (and zod's ≈95).
 * Commands and parsers that the code loads with `import()` stay in their own chunks, loaded only
 * when used. The library (`dist/index.js`) stays tsc's output.
 *
 * The bundle sits three folders below the package root, like `dist/engines/classic/`, so that
 * paths the code computes from `import.meta.url` (`../../../models/`) point at the same place.
 * Packages stay external (resolved from node_modules at run time) except zod, which the bundle
 * inlines; `meta.json` lists the source modules of every chunk (test/startup.test.ts reads it).
 */
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}dist/bundle/cli`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const INLINED = new Set(["zod"]);
const external = Object.keys(pkg.dependencies ?? {})
  .filter((name) => !INLINED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: "dist/cli/main.js" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  metafile: true,
  logLevel: "warning",
});
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));

// A path built from import.meta.url (`new URL("../../../models/", import.meta.url)`) resolves from
// the chunk, not from the module's own folder: it is right only at the bundle's depth. Package
// lookups (`createRequire(import.meta.url)`) walk up to node_modules and work from anywhere.
const depth = (dir) => relative(root, dir).split("/").length;
const usesOwnLocation = (source) =>
  (source.match(/import\.meta\.(?:url|dirname|filename)/g) ?? []).length >
  (source.match(/createRequire\(import\.meta\.url\)/g) ?? []).length;
const misplaced = Object.keys(result.metafile.inputs).filter(
  (input) =>
    input.startsWith("dist/") &&
    usesOwnLocation(readFileSync(`${root}${input}`, "utf8")) &&
    depth(dirname(`${root}${input}`)) !== depth(outdir),
);
if (misplaced.length > 0) {
  rmSync(outdir, { recursive: true, force: true });
  console.error(
    `bundle-cli: ${misplaced.join(", ")} build paths from import.meta.url but sit at another folder depth ` +
      `than dist/bundle/cli/; those paths would be wrong in the bundle. Pass the path in, or move the bundle.`,
  );
  process.exit(1);
}
