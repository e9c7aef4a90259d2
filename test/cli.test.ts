import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, validateMapJson, documentFixtures, repoRoot } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "argmap-cli-"));
const example = documentFixtures().find((f) => /examples\/thread-/.test(f))!;

function expectUserError(result: { code: number; stderr: string }, ...mentions: string[]): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^argmap: /);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(result.stderr).not.toMatch(/^argmap: ([^:\n]+): \1:/); // the input is named once
  for (const m of mentions) expect(result.stderr).toContain(m);
}

describe("argmap CLI", () => {
  it("lists every command in --help and every map option in map --help", () => {
    const top = runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("map");
    const help = runCli(["map", "--help"]);
    expect(help.code).toBe(0);
    for (const option of [
      "--format",
      "--from",
      "--output",
      "--limit",
      "--max-size",
      "--columns",
      "--no-private-network",
      "--db",
      "--help",
    ]) {
      expect(help.stdout).toContain(option);
    }
  });

  it("prints ranked argument cards for the shipped example without colour when not on a TTY", () => {
    const result = runCli(["map", example]);
    expect(result.code).toBe(0);
    const cards = result.stdout.match(/^\d+\. ARGUMENT/gm) ?? [];
    expect(cards.length).toBeGreaterThanOrEqual(3);
    expect(result.stdout.indexOf("1. ARGUMENT")).toBeLessThan(result.stdout.indexOf("2. ARGUMENT"));
    expect(result.stdout).not.toContain("\x1b[");
  });

  it("writes JSON that validates against the schema, to stdout or to -o", () => {
    const out = join(tmp, "map.json");
    const result = runCli(["map", example, "--format", "json", "-o", out]);
    expect(result.code).toBe(0);
    const stdout = runCli(["map", example, "--format", "json"]);
    expect(validateMapJson(JSON.parse(stdout.stdout))).toBe(true);
  });

  it("reads stdin with -", () => {
    const text =
      "Cities should ban cars downtown because traffic kills.\n\nNope. Shops would lose customers.\n";
    const result = runCli(["map", "-", "--format", "json"], { input: text });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sources).toHaveLength(1);
  });

  it("exits 2 with a one-line message for usage errors", () => {
    expectUserError(runCli(["map"]), "no input");
    expectUserError(runCli(["map", example, "--format", "pdf"]), "--format");
    expectUserError(runCli(["map", example, "--bogus"]), "bogus");
    expectUserError(runCli(["map", example, "--limit", "zero"]), "--limit");
    expect(runCli(["frobnicate"]).code).toBe(2);
  });

  it("exits 2 naming the input for a missing path, an empty file, a binary file and an empty folder", () => {
    expectUserError(runCli(["map", join(tmp, "nope.txt")]), "nope.txt");
    const empty = join(tmp, "empty.txt");
    writeFileSync(empty, "  \n\n ");
    expectUserError(runCli(["map", empty]), "empty.txt");
    const binary = join(tmp, "blob.txt");
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 1, 2, 3]));
    expectUserError(runCli(["map", binary]), "blob.txt");
    const folder = join(tmp, "folder");
    mkdirSync(folder);
    expectUserError(runCli(["map", folder]), "folder");
  });

  it("maps a thread with a single post and a file with CRLF line endings", () => {
    const crlf = join(tmp, "crlf.txt");
    writeFileSync(
      crlf,
      "We should tax carbon.\r\n\r\n> We should tax carbon.\r\nNo, because it hurts the poor.\r\n",
    );
    const result = runCli(["map", crlf, "--format", "json"]);
    expect(result.code).toBe(0);
    const map = JSON.parse(result.stdout);
    for (const u of map.units) expect(map.sources[0].text.slice(u.span[0], u.span[1])).toBe(u.text);
    const single = runCli(["map", "-"], {
      input: "One post that says nuclear power is the safest source of energy.\n",
    });
    expect(single.code).toBe(0);
  });

  it("still maps the other inputs when one of several fails, and exits 2 naming the failed one", () => {
    const broken = join(tmp, "broken.json");
    writeFileSync(broken, '{"hits": [1, 2');
    const result = runCli(["map", example, broken, join(tmp, "absent.txt"), "--format", "json"]);
    expect(result.code).toBe(2);
    const map = JSON.parse(result.stdout);
    expect(map.sources.map((s: { name: string }) => s.name)).toEqual([example.split("/").pop()]);
    expect(result.stderr).toContain("broken.json");
    expect(result.stderr).toContain("absent.txt");
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("reads a comment table with --columns naming its text and author columns", () => {
    const csv = join(tmp, "comments.csv");
    writeFileSync(
      csv,
      "cid,body,who\n1,Cities should ban cars downtown because the air is toxic.,ann\n2,No. Shops would lose the customers who drive in.,bob\n",
    );
    const result = runCli(["map", csv, "--columns", "id=cid,text=body,author=who", "--format", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const posts = JSON.parse(result.stdout).sources[0].posts;
    expect(posts.map((p: { author?: string }) => p.author)).toEqual(["ann", "bob"]);
    expectUserError(runCli(["map", csv, "--columns", "colour=body"]), "--columns");
  });

  it.skipIf(process.platform === "win32")(
    "stops quietly with exit 0 when the reader of stdout goes away (| head -c 10)",
    () => {
      const script = `"$0" "$1" map "$2" --format json | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]:-$?}"`;
      const result = spawnSync(
        "bash",
        ["-c", script, process.execPath, `${repoRoot}bin/argmap.js`, example],
        {
          encoding: "utf8",
          timeout: 120_000,
        },
      );
      expect(result.stdout.trim()).toBe("status=0");
      expect(result.stderr).toBe("");
    },
  );

  it.skipIf(!existsSync("/dev/full"))("reports a full stdout (> /dev/full) in one line with exit 2", () => {
    const result = spawnSync(process.execPath, [`${repoRoot}bin/argmap.js`, "map", example], {
      stdio: ["ignore", openSync("/dev/full", "w"), "pipe"],
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^argmap: cannot write the output to stdout \(ENOSPC[^\n]*\n$/);
  });

  it.skipIf(process.platform === "win32")(
    "keeps an existing -o file whole when writing the new one fails (file size limit)",
    () => {
      const out = join(tmp, "kept.json");
      writeFileSync(out, '{"old": true}\n');
      // 16 KiB may be written per file: the new map (far larger) cannot be.
      const result = spawnSync(
        "/bin/sh",
        [
          "-c",
          'ulimit -f 16 && exec "$0" "$@"',
          process.execPath,
          `${repoRoot}bin/argmap.js`,
          "map",
          example,
          "-f",
          "json",
          "-o",
          out,
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(out);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(readFileSync(out, "utf8")).toBe('{"old": true}\n');
      expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    },
  );

  it("keeps an existing -o file whole when the writer is killed mid-write", () => {
    const out = join(tmp, "killed.txt");
    writeFileSync(out, "old content\n");
    const child = [
      `const { writeFileAtomic } = await import(${JSON.stringify(`${repoRoot}dist/cli/output.js`)});`,
      `await writeFileAtomic(${JSON.stringify(out)}, "new ".repeat(1 << 18), {`,
      `  chunkBytes: 4096,`,
      `  afterChunk: (n) => { if (n >= 8192) process.kill(process.pid, "SIGKILL"); },`,
      `});`,
    ].join("\n");
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8" });
    expect(result.signal).toBe("SIGKILL");
    expect(readFileSync(out, "utf8")).toBe("old content\n");
    // Without a kill the same write replaces the file completely.
    const done = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", child.replace('process.kill(process.pid, "SIGKILL")', "void 0")],
      { encoding: "utf8" },
    );
    expect(done.status, done.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("new ".repeat(1 << 18));
  });
});
