/**
 * Source view: the post that holds a span, with the span highlighted (`<mark>`), the post it
 * replies to above and its replies below. Text is set as text nodes only.
 */
import type { SourceView, SpanRef, ViewPost } from "../serve/types.js";
import { button, displayText, h, safeLink } from "./dom.js";

/** Longest context shown of a parent or reply post, in characters. */
const CONTEXT_CHARS = 600;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function postLabel(p: ViewPost): string {
  return `Post ${p.index + 1}${p.author !== undefined ? ` by ${p.author}` : ""}`;
}

/** The post whose span holds [start, end), or undefined. */
export function postAt(source: SourceView, start: number, end: number): ViewPost | undefined {
  return source.posts.find((p) => p.span[0] <= start && end <= p.span[1]);
}

function contextPost(source: SourceView, p: ViewPost, open: (r: SpanRef) => void, role: string): HTMLElement {
  const text = displayText(clip(source.text.slice(p.span[0], p.span[1]), CONTEXT_CHARS));
  return h(
    "article",
    {
      class: `context ${role}`,
      attrs: { "aria-label": `${role === "parent" ? "In reply to" : "Reply"}: ${postLabel(p)}` },
    },
    h("p", { class: "post-meta" }, postLabel(p)),
    h("p", { class: "post-text" }, text),
    button("Open this post", () => open({ sourceId: source.id, span: p.span }), { class: "open-post" }),
  );
}

/** Render the source view of `source` with [start, end) highlighted into `root`. */
export function renderSource(
  root: HTMLElement,
  source: SourceView,
  span: [number, number] | undefined,
  open: (r: SpanRef) => void,
): void {
  const [start, end] = span && span[1] <= source.text.length ? span : [0, 0];
  const post = span ? postAt(source, start, end) : undefined;
  const title = h("h2", { id: "view-title" }, "Source: ", displayText(source.title ?? source.name));
  const meta = h(
    "p",
    { class: "source-meta" },
    `${source.format} · ${source.posts.length} posts · `,
    safeLink(displayText(source.uri ?? source.name), source.uri),
  );
  const parts: HTMLElement[] = [title, meta];
  const byId = new Map(source.posts.map((p) => [p.id, p]));
  const parent = post?.parentId !== undefined ? byId.get(post.parentId) : undefined;
  if (parent)
    parts.push(
      h(
        "section",
        { class: "thread-parent", attrs: { "aria-label": "Parent post" } },
        contextPost(source, parent, open, "parent"),
      ),
    );
  const [from, to] = post ? post.span : [0, source.text.length];
  const body = h("p", { class: "post-text main-text" });
  if (span && end > start) {
    // displayText keeps every character's place (a control becomes one space), so offsets hold.
    const mark = h(
      "mark",
      { id: "highlight", attrs: { tabindex: "-1" } },
      displayText(source.text.slice(start, end)),
    );
    body.append(displayText(source.text.slice(from, start)), mark, displayText(source.text.slice(end, to)));
  } else body.append(displayText(source.text.slice(from, to)));
  parts.push(
    h(
      "article",
      { class: "focus-post", attrs: { "aria-label": post ? postLabel(post) : "Whole source" } },
      h("p", { class: "post-meta" }, post ? postLabel(post) : "Whole source"),
      body,
    ),
  );
  const replies = (post?.replyIds ?? [])
    .map((id) => byId.get(id))
    .filter((p): p is ViewPost => p !== undefined);
  if (replies.length > 0) {
    const list = h("ol", { class: "replies" });
    for (const r of replies.slice(0, 20)) list.append(h("li", {}, contextPost(source, r, open, "reply")));
    parts.push(
      h(
        "section",
        { class: "thread-replies", attrs: { "aria-labelledby": "replies-title" } },
        h("h3", { id: "replies-title" }, `Replies (${replies.length})`),
        list,
      ),
    );
  }
  root.replaceChildren(...parts);
  const mark = document.getElementById("highlight");
  if (mark) {
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
}
