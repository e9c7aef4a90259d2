import { describe, expect, it } from "vitest";
import { GAP_X, packOverview, wrapLabel } from "./overview-layout.js";

const mono = (t: string) => t.length * 7;

describe("wrapLabel", () => {
  it("wraps at words within the width and cuts the last allowed line with an ellipsis", () => {
    const lines = wrapLabel("one two three four five six seven eight nine ten", 70, mono, 3);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(mono(l)).toBeLessThanOrEqual(70);
    expect(lines[2]!.endsWith("…")).toBe(true);
  });

  it("cuts a word wider than the line instead of overflowing", () => {
    const lines = wrapLabel("a supercalifragilisticexpialidocious word", 70, mono, 5);
    for (const l of lines) expect(mono(l)).toBeLessThanOrEqual(70);
    expect(lines.join("")).toContain("supercal");
  });
});

describe("packOverview", () => {
  const boxes = Array.from({ length: 200 }, (_, i) => ({
    id: `n${i}`,
    width: 120 + ((i * 37) % 140),
    height: 40 + ((i * 13) % 60),
  }));

  it("places every box with no two overlapping", () => {
    const placed = packOverview(boxes, [], 1.5);
    expect(placed).toHaveLength(boxes.length);
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i]!;
        const b = placed[j]!;
        const apart =
          Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart).toBe(true);
      }
  });

  it("makes the picture about as wide as the screen's shape asks", () => {
    const wide = packOverview(boxes, [], 2);
    const tall = packOverview(boxes, [], 0.5);
    const extent = (p: typeof wide) => {
      const w = Math.max(...p.map((b) => b.x + b.width / 2));
      const h = Math.max(...p.map((b) => b.y + b.height / 2));
      return w / h;
    };
    expect(extent(wide)).toBeGreaterThan(extent(tall) * 2);
  });

  it("puts a node next to the node it is linked to", () => {
    const few = [0, 1, 2, 3].map((i) => ({ id: `n${i}`, width: 100, height: 40 }));
    const placed = packOverview(few, [{ from: "n3", to: "n0" }], 100);
    const x = new Map(placed.map((p) => [p.id, p.x]));
    expect(x.get("n3")! - x.get("n0")!).toBe(100 + GAP_X);
  });
});
