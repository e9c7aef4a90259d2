/**
 * DOM helpers of the viewer. Text always goes in through `textContent` (never `innerHTML`), so
 * source text cannot become markup; links are made only for http(s) URLs.
 */

type Child = Node | string | undefined | null | false;

/** An element with classes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    // Event handler attributes and inline styles are never set from here.
    if (/^on/i.test(k) || k.toLowerCase() === "style" || k.toLowerCase() === "href") continue;
    el.setAttribute(k, v);
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** A button that runs `onClick`. */
export function button(
  label: Child | Child[],
  onClick: () => void,
  props: { class?: string; title?: string } = {},
) {
  const b = h("button", { class: props.class ?? "", attrs: { type: "button" } });
  if (props.title) b.title = props.title;
  append(b, ...(Array.isArray(label) ? label : [label]));
  b.addEventListener("click", onClick);
  return b;
}

/** A link to an http(s) URL, or plain text for anything else (`javascript:`, `data:` …). */
export function safeLink(text: string, url: string | undefined): HTMLElement {
  const u = url !== undefined && URL.canParse(url) ? new URL(url) : undefined;
  if (u && (u.protocol === "http:" || u.protocol === "https:")) {
    const a = h("a", { attrs: { rel: "noopener noreferrer nofollow", target: "_blank" } }, text);
    a.href = u.href;
    return a;
  }
  return h("span", {}, text);
}

/** Remove every child. */
export function clear(el: Element): void {
  el.replaceChildren();
}

/** Text made display-safe: bidi controls and other controls as spaces (the text stays text). */
export function displayText(text: string): string {
  return text.replace(UNSAFE, " ");
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `snippet` with `[match]` shown as <mark>match</mark>. */
export function snippetNodes(snippet: string): Node[] {
  const out: Node[] = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > last) out.push(document.createTextNode(displayText(snippet.slice(last, m.index))));
    out.push(h("mark", {}, displayText(m[1]!)));
    last = m.index + m[0].length;
  }
  if (last < snippet.length) out.push(document.createTextNode(displayText(snippet.slice(last))));
  return out;
}
