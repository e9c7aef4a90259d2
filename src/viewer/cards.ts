/**
 * Cards view: numbered argument cards (label, source, thesis, key claims), compact or expanded,
 * with cruxes on top when the map has key points. Every line with a span is a button that opens
 * the source at that span.
 */
import type { MapView, SpanRef, ViewCard, ViewCrux } from "../serve/types.js";
import { button, displayText, h } from "./dom.js";

export interface CardsContext {
  view: MapView;
  open(ref: SpanRef): void;
  expanded: Set<string>;
}

/** Claims shown on a compact card. */
const COMPACT_CLAIMS = 3;

function refButton(
  text: string,
  ref: SpanRef | undefined,
  open: (r: SpanRef) => void,
  cls: string,
): HTMLElement {
  const shown = displayText(text);
  if (!ref) return h("span", { class: cls }, shown);
  const b = button(shown, () => open(ref), { class: `ref ${cls}`, title: "Show in the source" });
  b.dataset.sourceId = ref.sourceId;
  b.dataset.start = String(ref.span[0]);
  b.dataset.end = String(ref.span[1]);
  return b;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function cruxBlock(c: ViewCrux, open: (r: SpanRef) => void): HTMLElement {
  const noun = c.counted === "authors" ? "author" : "post";
  return h(
    "li",
    { class: "crux", attrs: c.id !== undefined ? { "data-crux-id": c.id } : {} },
    h("p", { class: "crux-text" }, h("span", { class: "label" }, "CRUX"), " ", displayText(c.text)),
    h(
      "ul",
      { class: "crux-sides" },
      h(
        "li",
        { class: "side pro" },
        h("span", { class: "count" }, `+ ${plural(c.pro.count, noun)}: `),
        refButton(c.pro.quote, c.pro.ref, open, "quote"),
      ),
      h(
        "li",
        { class: "side con" },
        h("span", { class: "count" }, `− ${plural(c.con.count, noun)}: `),
        refButton(c.con.quote, c.con.ref, open, "quote"),
      ),
    ),
  );
}

function cardBlock(card: ViewCard, ctx: CardsContext, rerender: () => void): HTMLElement {
  const expanded = ctx.expanded.has(card.argumentId);
  const titleId = `card-${card.rank}-title`;
  const meta: string[] = [];
  if (card.authorCount !== undefined && card.authorCount > 0) meta.push(plural(card.authorCount, "author"));
  if (card.sourceCount !== undefined && card.sourceCount > 0) meta.push(plural(card.sourceCount, "source"));
  const claims = expanded ? card.claims : card.claims.slice(0, COMPACT_CLAIMS);
  const list = h("ul", { class: "claims" });
  for (const c of claims) {
    const li = h(
      "li",
      { class: c.objection ? "claim objection" : "claim" },
      refButton(c.text, c.ref, ctx.open, "claim-text"),
    );
    if (expanded && c.rebuttals.length > 0) {
      const r = h("ul", { class: "rebuttals" });
      for (const x of c.rebuttals)
        r.append(
          h(
            "li",
            {},
            h("span", { class: "mark" }, "↳ Rebuttal: "),
            refButton(x.text, x.ref, ctx.open, "rebuttal"),
          ),
        );
      li.append(r);
    }
    list.append(li);
  }
  const article = h(
    "article",
    {
      class: expanded ? "card expanded" : "card",
      attrs: { "aria-labelledby": titleId, "data-argument-id": card.argumentId },
    },
    h(
      "header",
      { class: "card-head" },
      h(
        "span",
        { class: "rank", id: titleId },
        `${card.rank}.`,
        " ",
        h("span", { class: "label" }, card.label),
      ),
      h("span", { class: "source" }, displayText(card.source)),
      meta.length > 0 ? h("span", { class: "meta" }, meta.join(" · ")) : undefined,
    ),
    h("p", { class: "thesis" }, refButton(card.thesis, card.thesisRef, ctx.open, "thesis-text")),
    card.claims.length > 0 ? list : undefined,
  );
  if (expanded) {
    if (card.keyPoints.length > 0) {
      const kps = h("ul", { class: "card-keypoints", attrs: { "aria-label": "Key points" } });
      for (const k of card.keyPoints)
        kps.append(
          h(
            "li",
            { attrs: { "data-key-point-id": k.id } },
            h("span", { class: "mark" }, "◆ Key point: "),
            refButton(k.text, k.ref, ctx.open, "kp"),
            ` (${k.counts})`,
          ),
        );
      article.append(kps);
    }
    if (card.unanswered.length > 0)
      article.append(
        h(
          "p",
          { class: "unanswered" },
          h("span", { class: "mark" }, "? Unanswered: "),
          displayText(card.unanswered[0]!),
        ),
      );
    const s = card.stats;
    article.append(
      h(
        "p",
        { class: "stats" },
        `${plural(s.posts, "post")} · ${s.supports} support · ${s.attacks} attack · ${s.evidence} evidence`,
      ),
    );
  }
  const more = card.claims.length - claims.length;
  const toggle = button(
    expanded ? "Show less" : more > 0 ? `Show more (${more} more claims)` : "Show details",
    () => {
      if (expanded) ctx.expanded.delete(card.argumentId);
      else ctx.expanded.add(card.argumentId);
      rerender();
      document.getElementById(`toggle-${card.rank}`)?.focus();
    },
    { class: "toggle" },
  );
  toggle.id = `toggle-${card.rank}`;
  toggle.setAttribute("aria-expanded", String(expanded));
  article.append(toggle);
  return h("li", {}, article);
}

/** Render the cards view into `root`. */
export function renderCards(root: HTMLElement, ctx: CardsContext): void {
  const draw = () => {
    const title = h("h2", { id: "view-title" }, `Arguments (${ctx.view.cards.length})`);
    const all = ctx.view.cards.every((c) => ctx.expanded.has(c.argumentId));
    const toggleAll = button(
      all ? "Compact view" : "Expanded view",
      () => {
        if (all) ctx.expanded.clear();
        else for (const c of ctx.view.cards) ctx.expanded.add(c.argumentId);
        draw();
        document.getElementById("toggle-all")?.focus();
      },
      { class: "toggle-all" },
    );
    toggleAll.id = "toggle-all";
    const parts: (HTMLElement | undefined)[] = [h("div", { class: "view-head" }, title, toggleAll)];
    if (ctx.view.keyPoints.length > 0 && ctx.view.cruxes.length > 0) {
      const cruxes = h("ol", { class: "cruxes" });
      for (const c of ctx.view.cruxes) cruxes.append(cruxBlock(c, ctx.open));
      parts.push(
        h(
          "section",
          { class: "crux-section", attrs: { "aria-labelledby": "cruxes-title" } },
          h("h3", { id: "cruxes-title" }, "Cruxes"),
          cruxes,
        ),
      );
    }
    if (ctx.view.cards.length === 0) parts.push(h("p", {}, "No arguments found in this map."));
    const list = h("ol", { class: "cards", attrs: { "aria-label": "Argument cards" } });
    for (const card of ctx.view.cards) list.append(cardBlock(card, ctx, draw));
    parts.push(list);
    root.replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
  };
  draw();
}
