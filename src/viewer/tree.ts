/**
 * The argument as a Kialo-style tree of pros and cons: the thesis on top, under each unit the
 * units that support it (Pro) and attack it (Con), nested. Built with an explicit stack (the
 * depth comes from the input); a unit reached twice is shown once, where it is first reached.
 */
import type { SpanRef, ViewEdge, ViewNode } from "../serve/types.js";
import { button, displayText, h } from "./dom.js";

/** Deepest level drawn; a deeper chain says how many units it leaves out. */
export const MAX_TREE_DEPTH = 12;

interface Frame {
  node: ViewNode;
  list: HTMLElement;
  depth: number;
}

/** The pro/con tree of one argument's units; `root` is the thesis. */
export function renderProConTree(
  root: ViewNode,
  nodes: readonly ViewNode[],
  edges: readonly ViewEdge[],
  open: (ref: SpanRef) => void,
): HTMLElement {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const into = new Map<string, ViewEdge[]>();
  for (const e of edges)
    if ((e.relation === "support" || e.relation === "attack") && byId.has(e.from) && byId.has(e.to))
      into.set(e.to, [...(into.get(e.to) ?? []), e]);
  const top = h("ul", { class: "procon", attrs: { "aria-label": "Pros and cons" } });
  const item = (n: ViewNode, side: string | undefined): HTMLElement =>
    h(
      "li",
      { class: side ? `procon-${side}` : "procon-thesis" },
      side ? h("span", { class: `procon-mark ${side}` }, side === "pro" ? "Pro" : "Con") : undefined,
      button(displayText(n.text), () => open(n.ref), { class: "ref procon-text" }),
    );
  const seen = new Set([root.id]);
  const rootItem = item(root, undefined);
  top.append(rootItem);
  const stack: Frame[] = [{ node: root, list: rootItem, depth: 0 }];
  while (stack.length > 0) {
    const { node, list, depth } = stack.pop()!;
    const children = (into.get(node.id) ?? []).filter((e) => !seen.has(e.from));
    if (children.length === 0) continue;
    if (depth >= MAX_TREE_DEPTH) {
      list.append(h("p", { class: "meta" }, `${children.length} more below`));
      continue;
    }
    const ul = h("ul", {});
    // Pros first, then cons, each in the map's order.
    const ordered = [...children].sort(
      (a, b) => Number(a.relation === "attack") - Number(b.relation === "attack"),
    );
    const frames: Frame[] = [];
    for (const e of ordered) {
      seen.add(e.from);
      const child = byId.get(e.from)!;
      const li = item(child, e.relation === "support" ? "pro" : "con");
      ul.append(li);
      frames.push({ node: child, list: li, depth: depth + 1 });
    }
    list.append(ul);
    for (let i = frames.length - 1; i >= 0; i--) stack.push(frames[i]!);
  }
  const rest = nodes.filter((n) => !seen.has(n.id)).length;
  return h(
    "section",
    { class: "procon-section", attrs: { "aria-labelledby": "procon-title" } },
    h("h3", { id: "procon-title" }, "Pros and cons"),
    top,
    rest > 0
      ? h(
          "p",
          { class: "meta" },
          `${rest} more unit${rest === 1 ? "" : "s"} of this argument support or attack none of these.`,
        )
      : undefined,
  );
}
