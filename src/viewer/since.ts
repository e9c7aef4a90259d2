/**
 * The "since" picker: marks the cards, key points and cruxes of the shown map that are new or changed
 * since an earlier map (`GET /api/maps/:id/diff?since=`), with a class and a small badge.
 */
import type { MapSummary } from "../serve/types.js";
import { getJson } from "./api.js";
import { h } from "./dom.js";

type Mark = "new" | "changed";
interface Marks {
  arguments: Record<string, Mark>;
  keyPoints: Record<string, Mark>;
  cruxes: Record<string, Mark>;
}

/** Fill the picker with the maps other than the shown one (keeping the choice when it is still there). */
export function fillSincePicker(
  select: HTMLSelectElement,
  maps: readonly MapSummary[],
  shown: string | undefined,
): void {
  const chosen = select.value;
  select.replaceChildren(h("option", { attrs: { value: "" } }, "—"));
  for (const m of maps)
    if (m.id !== shown)
      select.append(h("option", { attrs: { value: m.id } }, `${m.name} (${m.createdAt.slice(0, 16)})`));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

function mark(el: Element, how: Mark): void {
  el.classList.add(`since-${how}`);
  el.prepend(h("span", { class: "since-badge" }, how === "new" ? "new " : "changed "));
}

/** Mark what changed in `root` (the rendered cards of map `shown`) since map `since`. */
export async function markSince(root: HTMLElement, shown: string, since: string): Promise<void> {
  if (since === "" || since === shown) return;
  const { marks } = await getJson<{ marks: Marks }>(
    `/api/maps/${encodeURIComponent(shown)}/diff?since=${encodeURIComponent(since)}`,
  );
  for (const el of root.querySelectorAll("[data-argument-id]")) {
    const how = marks.arguments[el.getAttribute("data-argument-id") ?? ""];
    if (how) mark(el, how);
  }
  for (const [attr, marked] of [
    ["data-key-point-id", marks.keyPoints],
    ["data-crux-id", marks.cruxes],
  ] as const)
    for (const el of root.querySelectorAll(`[${attr}]`)) {
      const how = marked[el.getAttribute(attr) ?? ""];
      if (how) mark(el, how);
    }
  root.dataset.since = since;
}
