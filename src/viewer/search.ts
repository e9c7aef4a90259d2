/** Search results: each hit cites its source and opens its span. */
import type { SearchResponse, SpanRef } from "../serve/types.js";
import { button, displayText, h, snippetNodes } from "./dom.js";

export function renderResults(
  root: HTMLElement,
  result: SearchResponse,
  open: (r: SpanRef) => void,
  close: () => void,
): void {
  const heading = h(
    "h2",
    { id: "results-title" },
    `${result.hits.length} result${result.hits.length === 1 ? "" : "s"} for “${displayText(result.query)}”`,
  );
  const list = h("ol", { class: "hits" });
  for (const hit of result.hits) {
    const what =
      hit.type === "unit"
        ? (hit.unitKind ?? "unit")
        : hit.type === "key-point"
          ? `key point (${hit.stance ?? "neutral"})`
          : "post";
    const b = button(snippetNodes(hit.snippet), () => open({ sourceId: hit.sourceId, span: hit.span }), {
      class: "ref hit-text",
    });
    b.dataset.sourceId = hit.sourceId;
    b.dataset.start = String(hit.span[0]);
    b.dataset.end = String(hit.span[1]);
    list.append(
      h(
        "li",
        { class: "hit" },
        h(
          "p",
          { class: "hit-meta" },
          `${what}${hit.author !== undefined ? ` by ${displayText(hit.author)}` : ""} — ${displayText(hit.sourceName)}` +
            (hit.postMatched ? " · its post matches too" : ""),
        ),
        b,
      ),
    );
  }
  root.replaceChildren(
    heading,
    result.hits.length > 0 ? list : h("p", {}, "No matches."),
    button("Close results", close, { class: "close-results" }),
  );
  root.hidden = false;
}
