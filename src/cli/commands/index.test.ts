import { describe, expect, it } from "vitest";
import { commands } from "./index.js";

describe("command table", () => {
  it("lists each command under the name and summary its module declares", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
    }
  });
});
