import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { mapJsonSchema } from "../src/model/json-schema.js";
import { ArgmapError } from "../src/model/index.js";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const sharedDir = fileURLToPath(new URL("../../shared/", import.meta.url));
export const seedThread = `${sharedDir}seeds/000_d93e3034b168a14c.txt`;
export const hasSeed = existsSync(seedThread);

/** Run the built CLI (`bin/argmap.js`, needs `npm run build`) as a user would. */
export function runCli(
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [`${repoRoot}bin/argmap.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? "",
    env: { ...process.env, NO_COLOR: "", ...options.env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export const validateMapJson = new Ajv2020({ strict: false, allErrors: true }).compile(mapJsonSchema());

/** Every shipped example and hand-made fixture that is a whole document. */
export function documentFixtures(): string[] {
  const dirs = [`${repoRoot}examples/`, `${repoRoot}test/fixtures/`];
  return dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /\.(txt|md)$/.test(f))
          .sort()
          .map((f) => dir + f)
      : [],
  );
}

/** The ArgmapError a promise rejects with (fails the test when it resolves or throws another error). */
export async function errorOf(p: Promise<unknown>): Promise<ArgmapError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ArgmapError) return error;
    throw error;
  }
  throw new Error("expected an ArgmapError");
}

/** The ArgmapError a function throws (fails the test when it returns or throws another error). */
export function errorOfSync(fn: () => unknown): ArgmapError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ArgmapError) return error;
    throw error;
  }
  throw new Error("expected an ArgmapError");
}

/** CLI streams for an in-process `main()` run in `cwd`, and what was written to stdout. */
export function captureIo(cwd: string): {
  io: { stdout: PassThrough; stderr: PassThrough; stdin: PassThrough; env: NodeJS.ProcessEnv; cwd: string };
  out: () => string;
} {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c));
  return {
    io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { NO_COLOR: "1" }, cwd },
    out: () => Buffer.concat(chunks).toString("utf8"),
  };
}
