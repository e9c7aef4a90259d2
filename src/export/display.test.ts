import { describe, expect, it } from "vitest";
import { toCards } from "../assemble/index.js";
import { makeDebateMap } from "../../test/support/map-builders.js";
import type { ArgumentMap } from "../model/index.js";
import { renderCardsText } from "./cards-text.js";
import { rendererFor, type OutputFormat } from "./formats.js";

const FORMAT_RENDERERS = Object.fromEntries(
  (["html", "argdown", "dot", "mermaid"] as OutputFormat[]).map((f) => [
    f,
    (map: Parameters<ReturnType<typeof rendererFor>["render"]>[0]) =>
      rendererFor(f).render(map, { color: false, limit: 10 }),
  ]),
) as Record<
  "html" | "argdown" | "dot" | "mermaid",
  (map: Parameters<ReturnType<typeof rendererFor>["render"]>[0]) => string
>;
import { renderMarkdown } from "./markdown.js";
import { toDisplayText, UNSAFE_DISPLAY_CHARS } from "./sanitize.js";

/** Every bidirectional control (Trojan Source) and a terminal escape. */
const HOSTILE = [
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200e",
  "\u200f",
  "\u061c",
  "\u001b[31m",
];
const hostile = (text: string) => `${text}${HOSTILE.join("x")}`;

/** A map whose every piece of source-derived text carries the hostile characters. */
function hostileMap(): ArgumentMap {
  const map = makeDebateMap();
  for (const u of map.units) u.text = hostile(u.text);
  for (const a of map.arguments) a.summary = hostile(a.summary);
  for (const kp of map.keyPoints) {
    kp.text = hostile(kp.text);
    for (const q of kp.quotes) q.text = hostile(q.text);
  }
  for (const s of map.sources) {
    s.name = hostile(s.name);
    s.title = hostile(s.title ?? "title");
  }
  return map;
}

const HUMAN_FACING: Record<string, (map: ArgumentMap) => string> = {
  html: FORMAT_RENDERERS.html,
  argdown: FORMAT_RENDERERS.argdown,
  dot: FORMAT_RENDERERS.dot,
  mermaid: FORMAT_RENDERERS.mermaid,
  md: (map) => renderMarkdown(map),
  cards: (map) => renderCardsText(toCards(map), { color: false }),
};

describe("human-facing exports", () => {
  it("neutralise bidi controls and control characters in every piece of source text", () => {
    const map = hostileMap();
    for (const [format, render] of Object.entries(HUMAN_FACING)) {
      const out = render(map);
      for (const c of HOSTILE)
        expect(out.includes(c[0]!), `${format} keeps U+${c.codePointAt(0)!.toString(16)}`).toBe(false);
      // Mermaid would turn an entity code back into the character.
      if (format === "mermaid") for (const c of HOSTILE) expect(out).not.toContain(`#${c.codePointAt(0)};`);
    }
  });

  it("keep the text readable: the controls become spaces, the words stay", () => {
    expect(toDisplayText("abc\u202edef\u2066ghi\u061cjkl")).toBe("abc def ghi jkl");
    const html = FORMAT_RENDERERS.html(hostileMap());
    expect(html).toContain(
      makeDebateMap()
        .units.find((u) => u.kind !== "none")!
        .text.slice(0, 20),
    );
  });

  it("share one definition of unsafe characters", () => {
    for (const c of HOSTILE) expect(c[0]!.replace(UNSAFE_DISPLAY_CHARS, "")).toBe("");
  });
});
