import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers.js";

type LockPackage = { engines?: { node?: string } | string[] };

/** Every package `npm ci` installs whose `engines.node` refuses `nodeVersion` (npm's EBADENGINE). */
function packagesRefusing(nodeVersion: string, packages: Record<string, LockPackage>): string[] {
  const refusing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range && !semver.satisfies(nodeVersion, range)) refusing.push(`${path || "argmap"}: ${range}`);
  }
  return refusing;
}

describe("Node engines", () => {
  const readme = readFileSync(`${repoRoot}README.md`, "utf8");
  const lock = JSON.parse(readFileSync(`${repoRoot}package-lock.json`, "utf8")) as {
    packages: Record<string, LockPackage>;
  };
  const named = /\(Node (\d+\.\d+) or newer/.exec(readme)?.[1];

  it("the README names the oldest Node it supports", () => {
    expect(named).toMatch(/^\d+\.\d+$/);
  });

  it("every locked package accepts the Node version the README names, so npm ci prints no EBADENGINE", () => {
    expect(packagesRefusing(`${named}.0`, lock.packages)).toEqual([]);
  });

  it("reports a package whose engines refuse that version", () => {
    const packages = { "node_modules/x": { engines: { node: ">=22.12.0" } } };
    expect(packagesRefusing("20.19.0", packages)).toEqual(["node_modules/x: >=22.12.0"]);
  });
});
