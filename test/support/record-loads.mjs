// Preload for start-up tests (`node --import ./record-loads.mjs …`): appends every module the
// process resolves and every file it reads with readFileSync to the file named by
// ARGMAP_LOAD_LOG, one per line ("module <url or path>" / "file <path>").
import fs from "node:fs";
import Module, { register, syncBuiltinESMExports } from "node:module";

const log = process.env.ARGMAP_LOAD_LOG;
if (log) {
  register("./record-loads-hooks.mjs", import.meta.url);
  const readFileSync = fs.readFileSync;
  fs.readFileSync = function (path, ...rest) {
    fs.appendFileSync(log, `file ${String(path)}\n`);
    return readFileSync.call(this, path, ...rest);
  };
  syncBuiltinESMExports();
  // CommonJS loads (require, createRequire) do not pass the module hooks in Node 20.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const path = resolveFilename.apply(this, args);
    fs.appendFileSync(log, `module ${path}\n`);
    return path;
  };
}
