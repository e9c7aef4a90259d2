/**
 * Files the code needs at run time (worker modules, the viewer), located from the package root.
 * This module sits three folders below the root (`src/util/package-root/`,
 * `dist/util/package-root/`), like the CLI bundle (`dist/bundle/cli/`), so `../../../` is the
 * root wherever its code runs from; a module elsewhere that computed paths from its own location
 * would break in the bundle (scripts/bundle-cli.mjs refuses it).
 */
import { fileURLToPath } from "node:url";

/** True when running from the TypeScript sources (tests, benches, `tsx`), not from a build. */
export const fromSources = import.meta.url.endsWith(".ts");

const root = new URL("../../../", import.meta.url);

/** A path under the package root, e.g. `dist/viewer/`. */
export const packagePath = (relative: string): string => fileURLToPath(new URL(relative, root));

/**
 * A module loaded on its own at run time (a worker thread's entry): the TypeScript source when
 * running from sources, else tsc's output (the CLI bundle does not contain such modules).
 * @example runtimeModule("pipeline/worker") // …/dist/pipeline/worker.js in a build
 */
export const runtimeModule = (path: string): URL =>
  new URL(fromSources ? `src/${path}.ts` : `dist/${path}.js`, root);
