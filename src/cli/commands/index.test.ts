import { describe, expect, it } from "vitest";
import { commands } from "./index.js";

describe("command table", () => {
  it("lists each command under the name its module declares, with a one-line summary", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(entry.summary).toMatch(/^[A-Z].{10,160}\.$/);
    }
  });
});

describe("help", () => {
  it("keeps every option's description apart from its flag, even after a long list of choices", async () => {
    const { commandHelp } = await import("../main.js");
    const entry = commands.find((c) => c.name === "map")!;
    const map = await entry.load();
    const help = commandHelp(map, entry.summary);
    for (const option of map.options) {
      const line = help.split("\n").findIndex((l) => l.includes(`--${option.name}`));
      expect(line, option.name).toBeGreaterThan(0);
      const flagLine = help.split("\n")[line]!;
      // Either the description follows after at least two spaces, or it sits on the next line.
      const next = help.split("\n")[line + 1] ?? "";
      expect(flagLine.includes(`  ${option.description}`) || next.trim().startsWith(option.description)).toBe(
        true,
      );
    }
  });
});
