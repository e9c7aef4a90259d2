#!/usr/bin/env node
// The bundled CLI (`npm run build` writes it with esbuild from tsc's output; see scripts/bundle-cli.mjs).
import { main } from "../dist/bundle/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
