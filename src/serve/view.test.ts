import { describe, expect, it } from "vitest";
import { mapSources } from "../api.js";
import { toCards } from "../assemble/index.js";
import { repoRoot } from "../../test/helpers.js";
import { toMapView } from "./view.js";

describe("the viewer's cruxes", () => {
  it("are the cards' cruxes, so the viewer, the CLI cards and the report agree", async () => {
    const map = await mapSources([`${repoRoot}examples/thread-car-free-downtowns.txt`]);
    const deck = toCards(map);
    const view = toMapView("example", "example", map);
    // The map holds a crux the strict rule drops (one side's text stands on both sides):
    // the viewer shows only what the cards show.
    expect((map.cruxes ?? []).length).toBeGreaterThan(deck.cruxes.length);
    expect(view.cruxes.map((c) => [c.text, c.pro.quote, c.con.quote])).toEqual(
      deck.cruxes.slice(0, 3).map((c) => [c.text, c.pro.quote, c.con.quote]),
    );
    const ids = new Set((map.cruxes ?? []).map((c) => c.id));
    for (const c of view.cruxes) if (c.id !== undefined) expect(ids.has(c.id)).toBe(true);
  }, 60_000);
});
